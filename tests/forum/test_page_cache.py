"""Forum pages for visitors come from the page cache; every read of a thread still counts."""

import pytest

from portal.extensions import db
from portal.forum.models import Thread
from tests.factories import make_forum_category, make_reply, make_thread


@pytest.fixture
def app_overrides():
    return {
        "PORTAL_PAGE_CACHE_SECONDS": 60,
        "PORTAL_VIEW_FLUSH_SECONDS": 0,
        "WTF_CSRF_ENABLED": True,
    }


def rename(thread, title: str) -> None:
    """Change a thread behind the cache's back (as another worker would)."""
    db.session.execute(
        db.text("UPDATE forum_threads SET title = :title WHERE id = :id"),
        {"title": title, "id": thread.id},
    )
    db.session.commit()


def test_visitors_share_a_cached_thread_page_and_every_read_counts(app, client):
    thread = make_thread(title="Cached question")
    first = client.get(f"/forum/t/{thread.id}").text
    assert 'name="csrf_token"' not in first
    rename(thread, "Renamed question")
    assert app.test_client().get(f"/forum/t/{thread.id}").text == first
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).view_count == 2


def test_visitors_share_a_cached_category_page(app, client):
    category = make_forum_category()
    thread = make_thread(category=category, title="Listed question")
    url = f"/forum/{category.slug}/"
    assert "Listed question" in client.get(url).text
    rename(thread, "Renamed in the listing")
    assert "Listed question" in app.test_client().get(url).text


def test_members_always_see_the_thread_as_it_is(client, login):
    thread = make_thread(title="Before the edit")
    client.get(f"/forum/t/{thread.id}")
    rename(thread, "After the edit")
    login()
    page = client.get(f"/forum/t/{thread.id}").text
    assert "After the edit" in page
    assert 'name="csrf_token"' in page  # the reply form


def test_a_reply_in_this_worker_shows_at_once(client):
    thread = make_thread(title="Waiting for answers")
    client.get(f"/forum/t/{thread.id}")
    make_reply(thread, body="Unplug the node for ten seconds.")
    assert "Unplug the node for ten seconds." in client.get(f"/forum/t/{thread.id}").text
