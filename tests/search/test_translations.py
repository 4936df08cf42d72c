"""A translated answer shows once in results, in the asker's language where a version exists."""

from __future__ import annotations

from portal.content.translations import pair
from portal.extensions import db
from portal.search import api
from tests.factories import make_article, make_tutorial


def _pair(english: tuple[str, str, str], filipino: tuple[str, str, str]) -> None:
    """Two published articles, (title, body, slug) each, that are each other's translation."""
    title, body, slug = english
    first = make_article(title, body=body, slug=slug)
    title, body, slug = filipino
    pair(first, make_article(title, body=body, slug=slug, language="fil"))
    db.session.commit()


def _translated_pair() -> None:
    _pair(
        ("Track your order", "Open Orders to see where your order is.", "track-order"),
        (
            "I-track ang order",
            "Buksan ang Orders para makita kung nasaan na ang order mo.",
            "i-track-ang-order",
        ),
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
