"""The page cache for visitors: shared HTML only when nothing personal is in it."""

import pytest

from portal.extensions import db
from portal.kb import services
from tests.factories import make_article


@pytest.fixture
def app_overrides():
    return {
        "PORTAL_PAGE_CACHE_SECONDS": 60,
        "PORTAL_VIEW_FLUSH_SECONDS": 0,
        "WTF_CSRF_ENABLED": True,
    }


def test_visitors_share_a_cached_article_and_every_read_still_counts(app, client):
    article = make_article(slug="cached", title="Before")
    first = client.get("/kb/cached").text
    # Change the row behind the cache's back: a visitor keeps getting the stored page.
    db.session.execute(db.text("UPDATE articles SET title = 'After' WHERE slug = 'cached'"))
    db.session.commit()
    other_visitor = app.test_client()
    assert other_visitor.get("/kb/cached").text == first
    db.session.refresh(article)
    assert article.view_count == 2


def test_visitor_pages_carry_no_csrf_token(client):
    make_article(slug="cached")
    for path in ("/", "/kb/", "/kb/cached"):
        assert 'name="csrf_token"' not in client.get(path).text


def test_logged_in_readers_never_get_the_cached_page(app, client, login):
    make_article(slug="cached", title="Before")
    client.get("/kb/cached")
    db.session.execute(db.text("UPDATE articles SET title = 'After' WHERE slug = 'cached'"))
    db.session.commit()
    login()
    page = client.get("/kb/cached").text
    assert "<h1>After</h1>" in page
    assert 'name="csrf_token"' in page


def test_an_edit_in_this_worker_clears_the_cache(client):
    article = make_article(slug="cached", title="Before", body="Old text.")
    client.get("/kb/cached")
    fields = services.ArticleFields(
        title="After", slug="cached", category_id=article.category_id, body_md="New text."
    )
    services.update_article(article, fields, None)
    assert "<h1>After</h1>" in client.get("/kb/cached").text


def test_pages_with_a_flash_message_are_not_served_from_the_cache(client):
    make_article(slug="cached")
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "You are logged out.")]
    assert "You are logged out." in client.get("/").text


def test_visitor_switches_language_without_a_token_but_members_need_one(client, login):
    response = client.post("/language", data={"lang": "fil", "next": "/"})
    assert response.status_code == 303
    login()
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 400


def test_not_found_pages_are_not_cached(client):
    assert client.get("/kb/later").status_code == 404
    make_article(slug="later")
    assert client.get("/kb/later").status_code == 200


def test_visitors_vote_without_a_token_from_this_site_only(app, client):
    article = make_article(slug="cached")
    page = client.get("/kb/cached").text
    assert 'id="helpful"' in page and 'name="csrf_token"' not in page
    url = f"/feedback/helpful/article/{article.id}"
    forged = client.post(url, data={"helpful": "yes"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert forged.status_code == 403
    ok = client.post(url, data={"helpful": "no"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 303
    # Having voted, this visitor's page is their own: it shows their answer, not the shared one.
    assert "Sorry it did not help" in client.get("/kb/cached").text
    assert "Sorry it did not help" not in app.test_client().get("/kb/cached").text


def test_members_votes_still_need_the_token(client, login):
    article = make_article(slug="cached")
    login()
    response = client.post(f"/feedback/helpful/article/{article.id}", data={"helpful": "yes"})
    assert response.status_code == 400


def test_a_page_asked_for_under_another_host_name_never_reaches_other_visitors(app, client):
    make_article(slug="cached")
    forged = app.test_client().get("/kb/cached", headers={"Host": "evil.example"})
    assert forged.status_code == 400  # a host that is not the portal's is refused
    page = client.get("/kb/cached").text
    assert "evil.example" not in page
