"""CSRF and rate limits, switched on for these tests only."""

import re

import pytest

from tests.factories import PASSWORD, make_user


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}


def csrf_token(client, url="/auth/login") -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text
    ).group(1)


def test_form_without_csrf_token_is_refused(client):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Your form had expired" in response.text
    assert client.get("/account").status_code == 302


def test_logout_without_csrf_token_is_refused(client):
    user = make_user()
    token = csrf_token(client)
    client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_form_with_csrf_token_is_accepted(client):
    user = make_user()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 303


def test_failed_logins_to_one_account_are_limited(client, app):
    user = make_user()
    token = csrf_token(client)
    codes = [
        client.post(
            "/auth/login",
            data={"email": user.email, "password": "wrong wrong wrong", "csrf_token": token},
        ).status_code
        for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
    blocked = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert blocked.status_code == 429
    assert "Too many tries" in blocked.text
    assert "Retry-After" in blocked.headers
    other = make_user()
    ok = client.post(
        "/auth/login", data={"email": other.email, "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 303


def test_logins_from_one_address_are_limited(client, app):
    app.config["PORTAL_LOGIN_LIMIT"] = "3 per minute"
    token = csrf_token(client)
    codes = [
        client.post(
            "/auth/login",
            data={
                "email": f"someone{i}@example.com",
                "password": "wrong wrong wrong",
                "csrf_token": token,
            },
        ).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_failures_from_another_address_never_lock_the_owner_out(app):
    user = make_user()
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    token = csrf_token(attacker)
    wrong = {"email": user.email, "password": "wrong wrong wrong", "csrf_token": token}
    codes = [attacker.post("/auth/login", data=wrong).status_code for _ in range(7)]
    assert codes[-1] == 429
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.20"
    right = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(owner)}
    assert owner.post("/auth/login", data=right).status_code == 303
