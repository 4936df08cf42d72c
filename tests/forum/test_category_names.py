"""Forum categories in the reader's language where a Filipino name exists."""

from portal.extensions import db
from tests.factories import make_forum_category, make_thread

FIL = {"Accept-Language": "fil"}


def test_filipino_readers_see_the_filipino_category_name(client):
    category = make_forum_category(slug="connection", name="Connection and speed")
    category.name_fil = "Koneksyon at bilis"
    category.description_fil = "Mabagal na Wi-Fi at nawawalang koneksyon."
    db.session.commit()
    thread = make_thread(category=category, title="Mabagal sa gabi")
    for path in ("/forum/", "/forum/connection/", f"/forum/t/{thread.id}"):
        page = client.get(path, headers=FIL).text
        assert "Koneksyon at bilis" in page, path
        assert "Connection and speed" not in page.split("<main")[1], path
    assert "Mabagal na Wi-Fi at nawawalang koneksyon." in client.get("/forum/", headers=FIL).text
    assert "Connection and speed" in client.get("/forum/").text


def test_a_category_without_a_filipino_name_keeps_its_name(client):
    make_forum_category(slug="devices", name="Devices and gaming")
    assert "Devices and gaming" in client.get("/forum/", headers=FIL).text
