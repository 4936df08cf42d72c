"""The pages and searches offered on /contact: bounded, and gone when a person logs out."""

from __future__ import annotations

import secrets

from tests.factories import make_article


def test_the_history_cookie_stays_well_under_four_kilobytes(client):
    make_article(slug="router")
    for _ in range(11):
        last_page = secrets.token_hex(125)
        client.get(f"/kb/router?from={last_page}")
        last_search = secrets.token_hex(100)
        client.get(f"/search?q={last_search}")
    cookie = client.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 3000
    with client.session_transaction() as saved:  # the newest entries are kept
        assert saved["recent_pages"][-2:] == [
            f"/kb/router?from={last_page}",
            f"/search?q={last_search}",
        ]
    assert last_search in client.get("/contact").text


def test_after_logout_the_next_person_sees_none_of_the_history(client, login):
    login()
    client.get("/search?q=my+private+bank+question")
    assert "my private bank question" in client.get("/contact").text
    client.post("/auth/logout")
    assert "my private bank question" not in client.get("/contact").text
