"""Recent forum activity on the home page, and every thread in the sitemap."""

from tests.factories import make_thread


def test_home_shows_recent_forum_activity(client):
    older = make_thread(title="How do I pair a second node?")
    newer = make_thread(title="Slow speeds upstairs at night")
    page = client.get("/").text
    assert "Recent community activity" in page
    assert page.index(newer.title) < page.index(older.title)
    assert f'href="/forum/t/{newer.id}/{newer.slug}"' in page


def test_home_without_threads_has_no_forum_section(client):
    assert "Recent community activity" not in client.get("/").text


def test_sitemap_lists_the_forum_and_its_threads(client):
    thread = make_thread(title="Pairing the app")
    xml = client.get("/sitemap.xml").text
    assert "<loc>http://localhost/forum/</loc>" in xml
    assert f"<loc>http://localhost/forum/t/{thread.id}/{thread.slug}</loc>" in xml
