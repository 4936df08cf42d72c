"""Reader pages of the knowledge base."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from portal.extensions import db
from portal.kb import services
from portal.kb.models import ArticleFlag
from tests.factories import make_article, make_category


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_kb_home_lists_categories_with_counts_popular_and_recent(client):
    billing = make_category(slug="billing", name="Billing")
    refunds = make_category(slug="refunds", name="Refunds", parent=billing)
    popular = make_article(title="Pay by GCash", category=billing)
    make_article(title="Get a refund", category=refunds)
    make_article(title="Secret draft", category=billing, status="draft")
    popular.view_count = 50
    db.session.commit()
    page = client.get("/kb/").text
    assert "Billing" in page and "2 articles" in page
    assert "Secret draft" not in page
    popular_section = page.split('id="popular-heading"')[1].split("</section>")[0]
    assert popular_section.index("Pay by GCash") < popular_section.index("Get a refund")
    assert 'id="recent-heading"' in page


def test_home_page_shows_categories_and_popular_articles(client):
    make_article(title="Pay by GCash", category=make_category(name="Billing"))
    page = client.get("/").text
    assert "Browse by topic" in page and "Billing" in page and "Pay by GCash" in page


def test_category_page_shows_sections_and_articles(client):
    billing = make_category(slug="billing", name="Billing")
    refunds = make_category(slug="refunds", name="Refunds", parent=billing)
    make_article(title="Pay by GCash", category=billing)
    make_article(title="Get a refund", category=refunds)
    page = client.get("/kb/category/billing").text
    assert "Pay by GCash" in page
    assert 'id="section-refunds"' in page and "Get a refund" in page
    section = client.get("/kb/category/refunds").text
    assert 'href="/kb/category/billing"' in section  # breadcrumb to the parent


def test_unknown_category_and_article_are_404(client):
    assert client.get("/kb/category/nope").status_code == 404
    response = client.get("/kb/nope")
    assert response.status_code == 404 and 'id="talk-to-human"' in response.text


def test_article_page_has_everything_a_reader_needs(client):
    category = make_category(slug="wifi", name="Wi-Fi")
    body = "Intro.\n\n" + "\n\n".join(
        f"## Step {n}\n\nDo thing {n}. " + "word " * 120 for n in range(1, 5)
    )
    make_article(
        title="Fix slow Wi-Fi",
        slug="fix-wifi",
        body=body,
        category=category,
        summary="Make it fast again.",
        tags=("wifi", "speed"),
    )
    related = make_article(title="Move a node", category=make_category(), tags=("wifi",))
    make_article(title="Another Wi-Fi article", category=category)
    page = client.get("/kb/fix-wifi").text
    assert "<h1>Fix slow Wi-Fi</h1>" in page
    assert "Make it fast again." in page
    assert re.search(r"\d+ minutes read", page)
    assert 'aria-label="Breadcrumb"' in page and 'href="/kb/category/wifi"' in page
    assert 'class="toc toc-side"' in page and '<h2 id="step-3">' in page
    # On phones the same contents fold away; a long article ends with a way back up.
    assert '<details class="toc toc-fold">' in page and page.count('href="#step-3"') == 2
    assert '<a href="#main">Back to top</a>' in page
    assert related.title in page
    assert 'rel="next"' in page or 'rel="prev"' in page
    assert 'href="/contact?from=/kb/fix-wifi"' in page
    assert '<meta name="description" content="Make it fast again.">' in page
    assert '<link rel="canonical" href="http://localhost/kb/fix-wifi">' in page
    assert '<meta property="og:title" content="Fix slow Wi-Fi">' in page
    [breadcrumbs] = json_ld(page)
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [i["name"] for i in breadcrumbs["itemListElement"]] == [
        "Knowledge base",
        "Wi-Fi",
        "Fix slow Wi-Fi",
    ]


def test_reading_counts_a_view(client):
    article = make_article(slug="counted")
    client.get("/kb/counted")
    client.get("/kb/counted")
    db.session.refresh(article)
    assert article.view_count == 2


def test_short_article_has_no_table_of_contents(client):
    make_article(slug="short", body="## One\n\nText.")
    page = client.get("/kb/short").text
    assert 'class="toc' not in page and "Back to top" not in page


def test_faq_article_carries_faq_page_json_ld(client):
    make_article(
        slug="faq",
        faq=True,
        body="## Can I pay by GCash?\n\nYes, **always**.\n\n## Do you ship?\n\nAnywhere.",
    )
    data = json_ld(client.get("/kb/faq").text)
    faq = next(d for d in data if d["@type"] == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Can I pay by GCash?", "Do you ship?"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Yes, always."


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_unpublished_articles_are_404_for_visitors_and_customers(client, login, status):
    make_article(slug="hidden", status=status)
    assert client.get("/kb/hidden").status_code == 404
    login("customer")
    assert client.get("/kb/hidden").status_code == 404


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_see_drafts_with_a_notice(client, login, role):
    make_article(slug="hidden", status="draft")
    login(role)
    response = client.get("/kb/hidden")
    assert response.status_code == 200
    assert "This article is a draft: only editors can see it." in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_renamed_article_answers_its_old_url_with_301(client):
    article = make_article(slug="old-name")
    fields = services.ArticleFields(
        title=article.title,
        slug="new-name",
        category_id=article.category_id,
        body_md=article.body_md,
    )
    services.update_article(article, fields, None)
    response = client.get("/kb/old-name")
    assert response.status_code == 301
    assert response.headers["Location"] == "/kb/new-name"
    assert client.get("/kb/new-name").status_code == 200


def test_translation_link_and_hreflang(client):
    en = make_article(slug="pay", title="How to pay")
    fil = make_article(slug="magbayad", title="Paano magbayad", language="fil")
    services.link_translations(en, fil)
    page = client.get("/kb/pay").text
    assert 'href="/kb/magbayad" hreflang="fil">Read this in Filipino</a>' in page
    assert '<link rel="alternate" hreflang="fil" href="http://localhost/kb/magbayad">' in page
    assert '<article class="article" lang="en">' in page


def test_stale_translation_is_marked_for_readers(client):
    en = make_article(slug="pay", title="How to pay", body="Old.")
    fil = make_article(slug="magbayad", title="Paano magbayad", language="fil")
    services.link_translations(en, fil)
    fil.content_changed_at = fil.content_changed_at.replace(year=2020)
    db.session.commit()
    page = client.get("/kb/magbayad", headers={"Accept-Language": "fil"}).text
    assert "Mas bago ang pagka-update ng bersyon sa English." in page
    assert fil.translation_is_stale and not en.translation_is_stale


def test_untranslated_article_shows_a_note_in_the_readers_language(client):
    make_article(slug="only-english")
    page = client.get("/kb/only-english", headers={"Accept-Language": "fil"}).text
    assert "Hindi pa naisasalin sa Filipino ang artikulong ito." in page


def test_listings_show_the_readers_language_when_translated(client):
    category = make_category(slug="billing")
    en = make_article(slug="pay", title="How to pay", category=category)
    fil = make_article(slug="magbayad", title="Paano magbayad", language="fil", category=category)
    services.link_translations(en, fil)
    make_article(slug="refund", title="Refunds", category=category)
    filipino = client.get("/kb/category/billing", headers={"Accept-Language": "fil"}).text
    assert "Paano magbayad" in filipino and "How to pay" not in filipino and "Refunds" in filipino
    english = client.get("/kb/category/billing", headers={"Accept-Language": "en"}).text
    assert "How to pay" in english and "Paano magbayad" not in english


def test_logged_in_reader_flags_an_outdated_article(client, login):
    article = make_article(slug="old")
    user = login()
    response = client.post("/kb/old/flag", data={"reason": "The menu is now called Settings."})
    assert response.status_code == 303
    flag = db.session.query(ArticleFlag).one()
    assert (flag.article_id, flag.user_id, flag.reason) == (
        article.id,
        user.id,
        "The menu is now called Settings.",
    )


def test_flag_needs_a_reason_and_keeps_the_page(client, login):
    make_article(slug="old")
    login()
    response = client.post("/kb/old/flag", data={"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.text


def test_visitors_must_log_in_to_flag(client):
    make_article(slug="old")
    assert client.post("/kb/old/flag", data={"reason": "x"}).status_code == 302
    assert db.session.query(ArticleFlag).count() == 0


def test_updating_an_article_resolves_its_flags(client):
    article = make_article(slug="old", body="Before.")
    services.flag_article(article, None, "Out of date")
    fields = services.ArticleFields(
        title=article.title, slug="old", category_id=article.category_id, body_md="After."
    )
    services.update_article(article, fields, None)
    assert db.session.query(ArticleFlag).one().resolution == "updated"


def test_sitemap_lists_published_articles_and_categories_and_parses(client):
    category = make_category(slug="billing")
    make_article(slug="visible", category=category)
    make_article(slug="invisible", status="draft", category=category)
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)  # noqa: S314 (our own output)
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://localhost/kb/visible" in locs
    assert "http://localhost/kb/category/billing" in locs
    assert "http://localhost/kb/invisible" not in locs


def test_feed_lists_recently_updated_articles_and_parses(client):
    make_article(slug="fresh", title="Fresh & new")
    make_article(slug="hidden", status="draft")
    response = client.get("/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 (our own output)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.find("a:title", ns).text for e in root.findall("a:entry", ns)]
    assert titles == ["Fresh & new"]


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_log_in_and_search(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in text
    blocked = [line.split(":", 1)[1].strip() for line in text.splitlines() if "Disallow" in line]
    # Pages behind log-in need no rule: a crawler only gets the redirect to /auth/login.
    assert blocked == ["/auth/", "/search"]


def test_content_images_are_served_but_not_other_files(client, app, tmp_path):
    folder = tmp_path / "content"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "node.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    (folder / "categories.yml").write_text("[]")
    app.config["PORTAL_CONTENT_DIR"] = str(folder)
    response = client.get("/content/images/node.svg")
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    response.close()
    assert client.get("/content/categories.yml").status_code == 404
    assert client.get("/content/../pyproject.toml").status_code == 404


def test_article_queries_do_not_grow_with_tags_or_related(client, app):
    from sqlalchemy import event

    category = make_category()
    article = make_article(slug="busy", category=category, tags=("a", "b", "c", "d"))
    for _ in range(10):
        make_article(category=category, tags=("a", "b"))
    statements = []
    engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get("/kb/busy")
        first = len(statements)
        for _ in range(10):
            make_article(category=category, tags=("c", "d"))
        statements.clear()
        client.get("/kb/busy")
        assert len(statements) == first
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert article.id
