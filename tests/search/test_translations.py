"""A translated answer shows once in results, in the asker's language where a version exists.

Which documents translate each other is stored in the index with each document: counted
once in the results and the filters, kept in step when either side changes, and read from
no other table while searching. Each test runs on the default index, and also on
PostgreSQL's when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from portal.content.translations import pair
from portal.extensions import db
from portal.kb.services import link_translations, set_status
from portal.search import api, backends, sources
from tests.conftest import USE_POSTGRES
from tests.core.test_query_counts import counted_statements
from tests.factories import make_article, make_category, make_tutorial


@pytest.fixture(params=["whoosh", "postgresql"] if USE_POSTGRES else ["whoosh"])
def app_overrides(request) -> dict:
    return {"PORTAL_SEARCH_BACKEND": request.param}


def _pair(english: tuple[str, str, str], filipino: tuple[str, str, str], category=None):
    """Two published articles, (title, body, slug) each, that are each other's translation."""
    title, body, slug = english
    first = make_article(title, body=body, slug=slug, category=category)
    title, body, slug = filipino
    second = make_article(title, body=body, slug=slug, language="fil", category=category)
    pair(first, second)
    db.session.commit()
    return first, second


def _translated_pair(category=None):
    """ "Track your order" and its Filipino translation: (English, Filipino)."""
    return _pair(
        ("Track your order", "Open Orders to see where your order is.", "track-order"),
        (
            "I-track ang order",
            "Buksan ang Orders para makita kung nasaan na ang order mo.",
            "i-track-ang-order",
        ),
        category,
    )


def _results(client, query: str) -> str:
    return client.get("/search", query_string={"q": query}).get_data(as_text=True)


def test_an_english_question_shows_the_english_version_only(app, client):
    _translated_pair()
    page = _results(client, "order")
    assert "/kb/track-order" in page
    assert "/kb/i-track-ang-order" not in page
    assert "1 result" in page


def test_a_filipino_question_shows_the_filipino_version_only(app, client):
    _translated_pair()
    page = _results(client, "nasaan ang order ko")
    assert "/kb/i-track-ang-order" in page
    assert "/kb/track-order" not in page


def test_a_filipino_reader_sees_the_filipino_version_of_a_short_query(app, client):
    _translated_pair()
    client.post("/language", data={"lang": "fil", "next": "/"})
    page = _results(client, "orders")
    assert "/kb/i-track-ang-order" in page
    assert "/kb/track-order" not in page


def test_choosing_a_language_shows_that_languages_version(app, client):
    _translated_pair()
    page = client.get("/search", query_string={"q": "order", "lang": "fil"}).get_data(as_text=True)
    assert "/kb/i-track-ang-order" in page
    assert "/kb/track-order" not in page


def test_an_answer_without_a_translation_is_found_in_its_own_language(app, client):
    make_article(
        "Kapag may brownout",
        body="Ano ang gagawin sa wifi kapag may brownout o power outage.",
        slug="kapag-may-brownout",
        language="fil",
    )
    make_article("Power outage", body="What to do with the router in a power outage.")
    page = _results(client, "power outage")
    assert "/kb/kapag-may-brownout" in page
    assert "/kb/article-" in page


def test_answers_elsewhere_show_each_translated_answer_once(app):
    _translated_pair()
    with app.test_request_context():
        found = api.answers_for("where is my order", "en", None)
    urls = [answer["url"].partition("#")[0] for answer in found]
    assert urls.count("/kb/track-order") == 1
    assert "/kb/i-track-ang-order" not in urls


def test_a_tutorial_step_shows_in_the_askers_language(app, client):
    english = make_tutorial("set-up-router", title="Set up the router")
    filipino = make_tutorial("i-set-up-ang-router", language="fil", title="I-set up ang router")
    pair(english, filipino)
    db.session.commit()
    page = _results(client, "light turn white")
    assert "/tutorials/set-up-router/2" in page
    assert "/tutorials/i-set-up-ang-router/2" not in page
    page = _results(client, "ano ang light turn white")
    assert "/tutorials/i-set-up-ang-router/2" in page
    assert "/tutorials/set-up-router/2" not in page


def test_taglish_without_particles_is_read_as_filipino(app, client):
    _pair(
        ("Delivery times and fees", "Shipping to Davao takes three days.", "shipping-times"),
        (
            "Tagal at bayad sa delivery",
            "Ang shipping papuntang Davao ay tatlong araw.",
            "tagal-at-bayad",
        ),
    )
    page = _results(client, "magkano shipping papuntang Davao")
    assert "/kb/tagal-at-bayad" in page
    assert "/kb/shipping-times" not in page
    page = _results(client, "how much is shipping to Davao")
    assert "/kb/shipping-times" in page
    assert "/kb/tagal-at-bayad" not in page


def _count(page: str) -> int:
    """The number of results the page says it found."""
    found = re.search(r'class="search-status" role="status">\s*(\d+) results?', page)
    assert found, "the page shows no result count"
    return int(found[1])


def _facets(page: str, param: str) -> dict[str, int]:
    """The count beside each choice of one filter ("type", "category" or "lang")."""
    found = re.findall(rf'[?;]{param}=([\w-]+)">[^<]*<span class="count">\((\d+)\)', page)
    counts = {value: int(count) for value, count in found}
    # Shown twice (folded away on phones, beside the results on wide screens), alike.
    assert len(found) == 2 * len(counts)
    return counts


def test_the_count_and_the_filters_count_a_translated_answer_once(app, client):
    orders = make_category("Orders", slug="orders")
    _translated_pair(orders)
    make_article("Cancel an order", body="Cancel before it ships.", slug="cancel", category=orders)
    page = _results(client, "order")
    assert _count(page) == 2
    assert "/kb/track-order" in page
    assert "/kb/i-track-ang-order" not in page
    assert _facets(page, "type") == {"article": 2}
    assert _facets(page, "category") == {"orders": 2}
    # A language's filter counts that language's versions: what choosing it shows.
    assert _facets(page, "lang") == {"en": 2, "fil": 1}
    filipino = client.get("/search", query_string={"q": "order", "lang": "fil"}).text
    assert _count(filipino) == 1
    assert "/kb/i-track-ang-order" in filipino
    articles = client.get("/search", query_string={"q": "order", "type": "article"}).text
    assert _count(articles) == 2
    assert re.search(r'class="facet-current">Article <span class="count">\(2\)', articles)


def test_a_search_reads_no_translation_links_from_the_database(app, client):
    _translated_pair()
    assert "/kb/track-order" in _results(client, "order")  # the index exists, caches are warm
    with counted_statements() as statements:
        page = _results(client, "nasaan ang order ko")
    assert "/kb/i-track-ang-order" in page
    assert "/kb/track-order" not in page
    assert [s for s in statements if re.search(r"\b(articles|tutorials|tutorial_steps)\b", s)] == []


def test_publishing_a_translation_shows_the_answer_once(app, client):
    filipino = make_article(
        "I-track ang order",
        body="Buksan ang Orders para makita kung nasaan na ang order mo.",
        slug="i-track-ang-order",
        language="fil",
        status="draft",
    )
    english = make_article(
        "Track your order", body="Open Orders to see where your order is.", slug="track-order"
    )
    link_translations(english, filipino)
    assert _count(_results(client, "order")) == 1  # the draft is not found
    set_status(filipino, "published")
    page = _results(client, "order")
    assert _count(page) == 1
    assert "/kb/track-order" in page
    assert "/kb/i-track-ang-order" not in page


def test_unpublishing_a_translation_leaves_the_other_version_findable(app, client):
    _english, filipino = _translated_pair()
    make_article("Bayad sa order", body="Magbayad bago ipadala ang order.", language="fil")
    assert "/kb/i-track-ang-order" in _results(client, "paano mag-track ng order")
    set_status(filipino, "draft")
    page = _results(client, "paano mag-track ng order")
    assert _count(page) == 2
    assert "/kb/track-order" in page
    assert "/kb/i-track-ang-order" not in page


def test_unlinking_translations_shows_both_versions(app, client):
    english, _filipino = _translated_pair()
    link_translations(english, None)
    page = _results(client, "order")
    assert "/kb/track-order" in page
    assert "/kb/i-track-ang-order" in page
    assert _count(page) == 2


def test_check_reports_outdated_translation_links_and_reindex_fills_them(app, client, runner):
    _translated_pair()
    backend = backends.ready_backend()
    # An index written before the links were stored: the documents name no translation.
    unlinked = [
        replace(doc, translation="", translation_language="") for doc in sources.all_documents()
    ]
    backend.rebuild(unlinked)
    drift = runner.invoke(args=["search", "check"])
    assert drift.exit_code == 1
    assert drift.output.count("outdated translation: article:") == 2
    assert _count(_results(client, "order")) == 2
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    page = _results(client, "order")
    assert _count(page) == 1
    assert "/kb/i-track-ang-order" not in page


def _lexical_passes(monkeypatch) -> list[str]:
    """The backend's searches over the words, noted as they are made."""
    backend = backends.ready_backend()
    passes: list[str] = []

    def spy(name: str):
        real = getattr(backend, name)

        def noted(*args, **kwargs):
            passes.append(name)
            return real(*args, **kwargs)

        return noted

    for name in ("search", "rank"):
        monkeypatch.setattr(backend, name, spy(name))
    return passes


def test_results_in_two_languages_search_the_words_once(app, client, monkeypatch):
    orders = make_category("Orders", slug="orders")
    _translated_pair(orders)
    for n in range(3):
        make_article(f"Order question {n}", body="About an order.", category=orders)
    passes = _lexical_passes(monkeypatch)
    page = _results(client, "order")
    assert _count(page) == 4
    assert "/kb/track-order" in page
    assert "/kb/i-track-ang-order" not in page
    assert passes == ["search"]


def test_few_results_search_the_words_once_more_spelled_loosely(app, client, monkeypatch):
    _translated_pair()
    passes = _lexical_passes(monkeypatch)
    page = _results(client, "nasaan ang order ko")
    assert _count(page) == 1
    assert "/kb/i-track-ang-order" in page
    # The exact words, then (fewer than three results) words spelled like them.
    assert passes == ["search", "search"]
