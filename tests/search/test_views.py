"""The search page, suggestions, result clicks and the editors' insights."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.search.models import SearchClick, SearchLog
from tests.factories import make_article, make_category

LONG_BODY = """Intro words about the router.

## Placing the router

Put it high up and in the open.

## Changing the channel

Open the app and pick a quieter channel for the mesh.
"""


def test_results_highlight_the_words_and_link_to_the_matching_section(app, client):
    make_article("Router placement guide", body=LONG_BODY, slug="router-guide")
    page = client.get("/search?q=quieter+channel").get_data(as_text=True)
    assert "/kb/router-guide%23changing-the-channel" in page
    assert "<mark>quieter</mark> <mark>channel</mark>" in page
    assert "Section: Changing the channel" in page


def test_results_stay_out_of_search_engines_but_describe_themselves(app, client):
    page = client.get("/search?q=router").get_data(as_text=True)
    assert '<meta name="robots" content="noindex">' in page
    assert '<meta name="description" content="Search results for “router” among' in page


def test_results_show_kind_and_category_and_facet_counts(app, client):
    billing = make_category(slug="billing", name="Billing")
    make_article("Refund rules", category=billing)
    make_article("Refund timing", category=billing, language="fil")
    page = client.get("/search?q=refund").get_data(as_text=True)
    assert "2 results" in page
    assert '<span class="hit-category">Billing</span>' in page
    assert "Article" in page
    assert re.search(r"category=billing\">Billing <span class=\"count\">\(2\)", page)
    assert re.search(r"lang=fil\">Filipino <span class=\"count\">\(1\)", page)


def test_filters_narrow_the_results(app, client):
    billing = make_category(slug="billing", name="Billing")
    make_article("Refund rules", category=billing)
    make_article("Refund in Filipino", language="fil")
    page = client.get("/search?q=refund&lang=fil").get_data(as_text=True)
    assert "Refund</mark> in Filipino" in page
    assert "Refund</mark> rules" not in page
    page = client.get("/search?q=refund&category=billing&type=article").get_data(as_text=True)
    assert "Refund</mark> rules" in page
    assert "Refund</mark> in Filipino" not in page


def test_results_are_paginated(app, client):
    category = make_category()
    for n in range(13):
        make_article(f"Modem note {n}", category=category)
    first = client.get("/search?q=modem").get_data(as_text=True)
    assert "13 results" in first and "Page 1 of 2" in first
    assert first.count('class="hit"') == 10
    second = client.get("/search?q=modem&page=2").get_data(as_text=True)
    assert second.count('class="hit"') == 3


def test_a_misspelling_offers_did_you_mean_and_still_finds_the_article(app, client):
    make_article("Change your password", body="Choose a strong password.")
    page = client.get("/search?q=pasword").get_data(as_text=True)
    assert "Did you mean:" in page
    assert "/search?q=password" in page
    assert "<mark>password</mark>" in page


def test_quotes_search_for_the_exact_phrase(app, client):
    make_article("Factory reset", body="Do a factory reset of the unit.")
    make_article("Reset the factory schedule", body="The factory will reset the schedule.")
    page = client.get('/search?q="factory reset"').get_data(as_text=True)
    assert "1 result" in page
    assert "Do a <mark>factory</mark> <mark>reset</mark>" in page


def test_snippets_escape_article_text(app, client):
    make_article("Markup in text", body="Type `<script>alert(1)</script>` to see the widget.")
    page = client.get("/search?q=widget").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "query",
    [
        'title:"x" AND (OR NOT) *wild* ~2 ^3 [a TO z] {b} "unclosed',
        "x" * 10_000,
        "\x00\x01null bytes\x00",
        "\U0001f642 \U0001d518\U0001d52b \u0401\u0416 \u6f22\u5b57 \ufdfd \u202e reversed",
        "%s %(q)s {{ 7*7 }} <script>",
        "-",
        '"',
    ],
)
def test_any_input_gives_a_page(app, client, query):
    make_article("Something to find")
    for url in ("/search", "/search/suggest"):
        response = client.get(url, query_string={"q": query, "page": "x", "type": "evil"})
        assert response.status_code == 200
    page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert "<script>" not in page.split('id="search-results"')[1]


def test_an_empty_query_shows_popular_articles(app, client):
    make_article("Most read article")
    page = client.get("/search?q=").get_data(as_text=True)
    assert "Popular articles" in page
    assert "Most read article" in page
    assert db.session.scalar(select(SearchLog)) is None


def test_no_results_offer_tips_popular_articles_and_a_human(app, client):
    make_article("Popular one")
    page = client.get("/search?q=xylophone+quartz").get_data(as_text=True)
    assert "No results for “xylophone quartz”" in page
    assert "Popular articles" in page
    assert 'href="/contact?q=xylophone+quartz"' in page


def test_drafts_and_archived_articles_never_appear(app, client):
    make_article("Hidden draft gizmo", status="draft")
    make_article("Old archived gizmo", status="archived")
    make_article("Public gizmo")
    page = client.get("/search?q=gizmo").get_data(as_text=True)
    assert "1 result" in page
    assert "Hidden draft" not in page and "Old archived" not in page
    suggestions = client.get("/search/suggest?q=gizm").get_data(as_text=True)
    assert "Public gizmo" in suggestions and "Hidden draft" not in suggestions


def test_suggest_returns_a_fragment_of_options(app, client):
    make_article("Parental controls", slug="parental-controls")
    response = client.get("/search/suggest?q=paren")
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert 'role="option"' in body
    assert 'data-url="/kb/parental-controls"' in body
    assert client.get("/search/suggest?q=p").get_data(as_text=True).strip() == ""


def test_the_header_box_becomes_a_combobox_with_a_script_file(app, client):
    page = client.get("/kb/").get_data(as_text=True)
    assert 'hx-get="/search/suggest"' in page
    assert 'id="header-q-listbox"' in page
    assert "/static/js/search.js" in page


def test_the_home_page_has_one_search_box_and_it_suggests(app, client):
    page = client.get("/").get_data(as_text=True)
    assert page.count('type="search"') == 1
    assert 'id="header-q"' not in page
    assert 'id="home-q"' in page and 'id="home-q-listbox"' in page
    assert page.count('hx-get="/search/suggest"') == 1


def test_search_filters_fold_away_above_the_results_on_phones(app, client):
    make_article("Router lights")
    page = client.get("/search?q=router").get_data(as_text=True)
    fold = page.split('<details class="facet-fold">')[1].split("</details>")[0]
    assert "<summary>Narrow your search</summary>" in fold
    assert 'class="facet-list"' in fold
    assert '<aside class="search-facets search-facets-side"' in page
    filtered = client.get("/search?q=router&type=article").get_data(as_text=True)
    assert "(filtered)</span></summary>" in filtered


def test_searches_are_logged_with_an_anonymous_visitor_key(app, client):
    make_article("Router lights")
    client.get("/search?q=  Router   LIGHTS ")
    client.get("/search?q=router+lights&page=2")
    entries = db.session.scalars(select(SearchLog)).all()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.query, entry.result_count, entry.language) == ("router lights", 1, "en")
    assert re.fullmatch(r"[0-9a-f]{16}", entry.visitor)


def test_a_click_on_a_result_is_recorded_and_redirects(app, client):
    make_article("Router lights", slug="router-lights")
    page = client.get("/search?q=router").get_data(as_text=True)
    link = re.search(r'href="(/search/go[^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/kb/router-lights")
    click = db.session.scalar(select(SearchClick))
    assert click.url == "/kb/router-lights" and click.position == 1


def test_the_click_redirect_stays_on_this_site_and_ignores_forged_ids(app, client):
    response = client.get("/search/go?to=https://evil.example/&s=1&p=1")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/search")
    assert client.get("/search/go?to=//evil.example").headers["Location"].endswith("/search")
    db.session.add(SearchLog(query="x", visitor="someone-else"))
    db.session.commit()
    client.get("/search/go?to=/kb/x&s=1")
    assert db.session.scalar(select(SearchClick)) is None


def test_insights_are_for_editors_only(app, client, login):
    assert client.get("/editor/search-insights").status_code == 302
    login("customer")
    assert client.get("/editor/search-insights").status_code == 403


def test_insights_list_top_zero_result_and_unclicked_queries(app, client, login):
    old = utcnow().replace(year=utcnow().year - 2)
    db.session.add_all(
        [
            SearchLog(query="refund", result_count=4, visitor="a"),
            SearchLog(query="refund", result_count=4, visitor="b"),
            SearchLog(query="warranty claim", result_count=0, visitor="a"),
            SearchLog(query="modem lights", result_count=3, visitor="c"),
            SearchLog(query="ancient query", result_count=0, visitor="d", created_at=old),
        ]
    )
    db.session.commit()
    first_refund = db.session.scalar(select(SearchLog).where(SearchLog.query == "refund"))
    db.session.add(SearchClick(search_id=first_refund.id, url="/kb/request-a-refund"))
    db.session.commit()
    login("editor")
    page = client.get("/editor/search-insights?days=30").get_data(as_text=True)
    top, zero, unclicked = (
        page.split('id="insight-top"')[1].split('id="insight-zero"')[0],
        page.split('id="insight-zero"')[1].split('id="insight-unclicked"')[0],
        page.split('id="insight-unclicked"')[1],
    )
    assert top.index("refund") < top.index("warranty claim")
    assert "warranty claim" in zero and "refund" not in zero
    assert "modem lights" in unclicked and "refund" not in unclicked
    assert "ancient query" not in page


def test_healthz_includes_the_search_index(app, client):
    data = client.get("/healthz").get_json()
    assert data["search"] == "ok"


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "PORTAL_SEARCH_LOG_LIMIT": "3 per minute"}]
)
def test_a_flood_of_searches_from_one_address_is_answered_but_not_logged(client):
    from portal.search.models import SearchLog

    codes = [client.get(f"/search?q=router+{n}").status_code for n in range(5)]
    assert codes == [200] * 5
    assert db.session.scalar(db.select(db.func.count(SearchLog.id))) == 3


def test_every_search_box_finds_the_search_page_wherever_the_portal_is_mounted(client):
    for path, status in (("/", 200), ("/kb/", 200), ("/kb/no-such-article", 404)):
        response = client.get(path, base_url="http://localhost/help")
        assert response.status_code == status
        forms = re.findall(r'<form class="[\w-]+" role="search" action="([^"]+)"', response.text)
        assert forms and set(forms) == {"/help/search"}, (path, forms)
