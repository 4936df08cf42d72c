from pathlib import Path

from portal.auth.models import User
from portal.extensions import db


def test_home_has_search_and_the_way_to_a_human(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'role="search"' in page.text
    assert 'id="talk-to-human"' in page.text
    assert 'href="/contact' in page.text


def test_talk_to_human_link_carries_the_page_the_visitor_was_on(client):
    page = client.get("/auth/login")
    assert 'href="/contact?from=/auth/login"' in page.text


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    from portal import create_app
    from tests.conftest import base_config

    missing = tmp_path / "gone" / "portal.db"
    app = create_app(base_config(tmp_path / "inst", f"sqlite:///{missing}"))
    with app.app_context():
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.json["status"] == "error"
        assert response.json["database"] == "error"
        assert not Path(missing).exists()


def test_language_follows_accept_language(client):
    page = client.get("/", headers={"Accept-Language": "fil-PH,fil;q=0.9,en;q=0.5"})
    assert '<html lang="fil">' in page.text
    assert "Paano kami makakatulong?" in page.text


def test_tagalog_browsers_get_filipino(client):
    page = client.get("/", headers={"Accept-Language": "tl"})
    assert '<html lang="fil">' in page.text


def test_language_switcher_sets_a_cookie_and_returns_to_the_page(client):
    response = client.post("/language", data={"lang": "fil", "next": "/contact"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/contact"
    page = client.get("/contact", headers={"Accept-Language": "en"})
    assert '<html lang="fil">' in page.text
    assert "Makipag-usap sa tao" in page.text


def test_language_switcher_refuses_offsite_next(client):
    response = client.post("/language", data={"lang": "fil", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="en">' in client.get("/").text


def test_user_setting_wins_over_cookie_and_browser(client, login):
    user = login(locale="fil")
    client.set_cookie("lang", "en")
    page = client.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="fil">' in page.text
    assert user.locale == "fil"


def test_switching_language_when_logged_in_saves_it_to_the_account(client, login):
    user = login()
    client.post("/language", data={"lang": "fil", "next": "/"})
    assert db.session.get(User, user.id).locale == "fil"


def test_navigation_lists_only_sections_that_exist(client, app):
    page = client.get("/")
    for endpoint, label in (("kb.home", "Knowledge base"), ("forum.index", "Community")):
        assert (label in page.text) == (endpoint in app.view_functions)
