"""Two app servers sharing one database and one Redis: pages, limits and sessions."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.config import load_config
from portal.extensions import db
from portal.kb import services
from tests.conftest import FreshContextClient, base_config
from tests.factories import PASSWORD, make_article, make_user


@pytest.fixture
def app_overrides(redis_url):
    return {
        "REDIS_URL": redis_url,
        "PORTAL_PAGE_CACHE_SECONDS": 60,
        "PORTAL_VIEW_FLUSH_SECONDS": 0,
    }


@pytest.fixture
def other_server(app, tmp_path, redis_url):
    """A second app on the same database and Redis, with an instance folder of its own."""
    config = base_config(tmp_path / "other", app.config["SQLALCHEMY_DATABASE_URI"])
    other = create_app({**config, "REDIS_URL": redis_url, "PORTAL_PAGE_CACHE_SECONDS": 60})
    other.test_client_class = FreshContextClient
    yield other
    with other.app_context():
        db.engine.dispose()


def test_an_edit_on_one_server_shows_at_once_in_the_others_cached_page(app, other_server):
    article = make_article(slug="shared", title="Before", body="Old text.")
    visitor = other_server.test_client()
    assert "<h1>Before</h1>" in visitor.get("/kb/shared").text
    fields = services.ArticleFields(
        title="After", slug="shared", category_id=article.category_id, body_md="New text."
    )
    services.update_article(article, fields, None)  # on the first server
    assert "<h1>After</h1>" in visitor.get("/kb/shared").text


def test_the_other_server_keeps_serving_its_cached_page_while_nothing_changes(app, other_server):
    make_article(slug="shared", title="Before")
    visitor = other_server.test_client()
    first = visitor.get("/kb/shared").text
    # Behind the ORM's back, so no server is told: the stored page is still served.
    db.session.execute(db.text("UPDATE articles SET title = 'After' WHERE slug = 'shared'"))
    db.session.commit()
    assert visitor.get("/kb/shared").text == first


def test_a_search_does_not_empty_every_servers_cache(app, client, other_server):
    make_article(slug="shared", title="Before")
    visitor = other_server.test_client()
    first = visitor.get("/kb/shared").text
    db.session.execute(db.text("UPDATE articles SET title = 'After' WHERE slug = 'shared'"))
    db.session.commit()
    client.get("/search?q=router")  # logs the search on the first server
    assert visitor.get("/kb/shared").text == first


def test_views_counted_on_both_servers_all_reach_the_article(app, client, other_server):
    article = make_article(slug="counted")
    for _ in range(3):
        client.get("/kb/counted")
        other_server.test_client().get("/kb/counted")
    db.session.refresh(article)
    assert article.view_count == 6


def test_a_session_started_on_one_server_is_valid_on_the_other(app, client, other_server):
    user = make_user()
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    cookie = client.get_cookie("session")
    other = other_server.test_client()
    other.set_cookie(cookie.key, cookie.value)
    assert other.get("/tickets/").status_code == 200


def test_redis_without_a_shared_secret_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="same SECRET_KEY"):
        load_config(tmp_path)


def test_rate_limits_use_redis_when_it_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/2")
    monkeypatch.setenv("SECRET_KEY", "shared")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/2"
    monkeypatch.delenv("REDIS_URL")
    assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"
