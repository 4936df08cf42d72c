"""Log-ins are sessions of their own: logging out ends them, copies of cookies included."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, make_user


def _log_in(client, user, remember: bool = False):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 303


def _copy_cookie(source, target, name: str) -> None:
    cookie = source.get_cookie(name)
    assert cookie is not None, name
    target.set_cookie(name, cookie.value)


def _logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_copied_session_cookie_stops_working_after_logout(app, client):
    user = make_user()
    _log_in(client, user)
    thief = app.test_client()
    _copy_cookie(client, thief, "session")
    assert _logged_in(thief)
    client.post("/auth/logout")
    assert not _logged_in(thief)
    assert not _logged_in(client)


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, client):
    user = make_user()
    _log_in(client, user, remember=True)
    thief = app.test_client()
    _copy_cookie(client, thief, "remember_token")
    assert _logged_in(thief)  # a new session from the remember-me cookie alone
    client.post("/auth/logout")
    fresh = app.test_client()
    _copy_cookie(thief, fresh, "remember_token")
    assert not _logged_in(fresh)


def test_logging_out_on_one_device_keeps_the_other_logged_in(app, client):
    user = make_user()
    _log_in(client, user)
    phone = app.test_client()
    _log_in(phone, user)
    client.post("/auth/logout")
    assert _logged_in(phone)


def test_a_new_password_ends_every_other_log_in(app, client):
    user = make_user()
    _log_in(client, user)
    laptop = app.test_client()
    _log_in(laptop, user)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "a new long secret 42",
            "confirm": "a new long secret 42",
        },
    )
    assert response.status_code == 303
    assert _logged_in(client)
    assert not _logged_in(laptop)


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_a_csrf_token_from_before_log_in_stops_working_after_it(client):
    user = make_user()
    page = client.get("/auth/login").text
    before = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    data = {"email": user.email, "password": PASSWORD, "csrf_token": before}
    assert client.post("/auth/login", data=data).status_code == 303
    # The session was started afresh, so the old token belongs to nobody now.
    stale = client.post("/auth/logout", data={"csrf_token": before})
    assert stale.status_code == 400
    assert _logged_in(client)


def test_logged_in_pages_are_never_stored_by_caches(client, login):
    login()
    response = client.get("/account")
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_pages_for_visitors_stay_cacheable(client):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert "max-age=" in secure.headers["Strict-Transport-Security"]
