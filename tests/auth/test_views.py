import re

import pytest

from portal.auth import services
from portal.auth.models import User
from portal.extensions import db
from tests.factories import PASSWORD, make_user

GOOD = "violet kettle harbour"


def register(client, **overrides):
    data = {
        "email": "nora@example.com",
        "display_name": "Nora",
        "password": GOOD,
        "confirm": GOOD,
        **overrides,
    }
    return client.post("/auth/register", data=data)


def mailed_link(message, path: str) -> str:
    """The link to path in a mail's text."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"http://localhost({path}\S*)", body).group(1)


def test_register_creates_an_unconfirmed_customer_and_the_mailed_link_logs_in(client, outbox):
    response = register(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/confirm"
    assert "Check your email to finish" in client.get("/auth/confirm").text
    user = services.find_user_by_email("NORA@example.com")
    assert user.role == "customer" and not user.email_confirmed
    assert user.password_hash.startswith("scrypt:")
    assert client.get("/account").status_code == 302
    [message] = outbox()
    assert message["To"] == "nora@example.com"
    link = mailed_link(message, "/auth/confirm/")
    response = client.get(link)
    assert response.status_code == 303
    assert "Nora" in client.get("/account").text
    assert db.session.get(User, user.id).email_confirmed
    # The link works once.
    client.post("/auth/logout")
    response = client.get(link, follow_redirects=True)
    assert "expired or was used already" in response.text
    assert client.get("/account").status_code == 302


def test_a_forged_or_expired_confirmation_link_does_nothing(app, client, outbox):
    register(client)
    link = mailed_link(outbox()[0], "/auth/confirm/")
    assert "expired or was used" in client.get(link + "x", follow_redirects=True).text
    app.config["PORTAL_CONFIRM_MAX_AGE"] = -1
    assert "expired or was used" in client.get(link, follow_redirects=True).text
    assert not services.find_user_by_email("nora@example.com").email_confirmed


def test_an_unconfirmed_account_cannot_log_in_and_can_have_the_link_again(client, outbox):
    register(client)
    response = client.post("/auth/login", data={"email": "nora@example.com", "password": GOOD})
    assert response.status_code == 200
    assert "Confirm your email first" in response.text
    assert 'href="/auth/confirm"' in response.text
    assert client.get("/account").status_code == 302
    # A wrong password learns nothing about the account.
    response = client.post("/auth/login", data={"email": "nora@example.com", "password": "x" * 12})
    assert "Confirm your email" not in response.text
    response = client.post("/auth/confirm", data={"email": "nora@example.com"})
    assert response.status_code == 303
    _first, again = outbox()
    assert again["To"] == "nora@example.com"
    client.get(mailed_link(again, "/auth/confirm/"))
    assert "Nora" in client.get("/account").text


def test_asking_for_the_link_again_tells_nothing(client, outbox):
    make_user(email="rosa@example.com")
    answers = [
        client.post("/auth/confirm", data={"email": email}, follow_redirects=True).text
        for email in ("rosa@example.com", "nobody@example.com")
    ]
    assert answers[0] == answers[1]
    assert "If an account with that address waits" in answers[0]
    assert outbox() == []


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", page)


def test_register_answers_the_same_for_a_known_and_an_unknown_email(client, outbox):
    owner = make_user(email="nora@example.com", display_name="Nora Owner")
    known = register(client, email="Nora@Example.com", display_name="Intruder")
    unknown = register(client, email="someone.new@example.com")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    pages = [client.get(r.headers["Location"]).text for r in (known, unknown)]
    assert _without_tokens(pages[0]) == _without_tokens(pages[1])
    # Nothing changed for the owner, who hears of the attempt with a way in.
    assert services.count_users() == 2
    assert db.session.get(User, owner.id).display_name == "Nora Owner"
    assert services.authenticate("nora@example.com", PASSWORD) is not None
    attempt, confirm = outbox()
    assert attempt["To"] == "nora@example.com"
    assert "tried to create" in attempt["Subject"]
    assert mailed_link(attempt, "/auth/login")
    reset = mailed_link(attempt, "/auth/reset/")
    assert client.get(reset).status_code == 200
    assert confirm["To"] == "someone.new@example.com"


def test_a_password_reset_confirms_an_unconfirmed_account(client, outbox):
    register(client)
    client.post("/auth/reset", data={"email": "nora@example.com"})
    link = mailed_link(outbox()[-1], "/auth/reset/")
    client.post(link, data={"password": "amber lantern meadow", "confirm": "amber lantern meadow"})
    assert services.find_user_by_email("nora@example.com").email_confirmed


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "short1", "confirm": "short1"}, "Use at least 10 characters."),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"password": "qwertyuiop", "confirm": "qwertyuiop"}, "too common"),
        ({"password": "nora@example.com", "confirm": "nora@example.com"}, "must not be your email"),
        ({"confirm": "something else entirely"}, "The passwords differ."),
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"display_name": ""}, "This field is required."),
    ],
)
def test_register_shows_field_errors_and_keeps_what_was_typed(client, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    if overrides.get("display_name") != "":
        assert 'value="Nora"' in response.text
    assert services.count_users() == 0


def test_login_and_logout(client):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert client.post("/auth/logout").status_code == 303
    assert client.get("/account").status_code == 302


def test_login_error_does_not_tell_whether_the_email_exists(client):
    user = make_user()
    wrong_password = client.post(
        "/auth/login", data={"email": user.email, "password": "nope nope nope"}
    )
    unknown_email = client.post(
        "/auth/login", data={"email": "ghost@example.com", "password": "nope nope nope"}
    )
    assert wrong_password.status_code == unknown_email.status_code == 200
    # CSRF tokens (in values and in the htmx headers) differ between any two pages.
    strip = lambda html: re.sub(r"(value|hx-headers)=(\"[^\"]*\"|'[^']*')", "", html)  # noqa: E731
    assert strip(wrong_password.text) == strip(unknown_email.text)
    assert "The email or password is not right." in wrong_password.text


def test_login_returns_to_a_local_next_page_only(client):
    user = make_user()
    data = {"email": user.email, "password": PASSWORD}
    local = client.post("/auth/login", data={**data, "next": "/account"})
    assert local.headers["Location"] == "/account"
    client.post("/auth/logout")
    offsite = client.post("/auth/login", data={**data, "next": "https://evil.example/x"})
    assert offsite.headers["Location"] == "/"


def test_protected_page_redirects_to_login_with_next(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=%2Faccount"


def test_remember_me_sets_a_long_lived_cookie(client):
    user = make_user()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "Expires=" in remember[0] and "HttpOnly" in remember[0]


def test_without_remember_me_there_is_no_remember_cookie(client):
    user = make_user()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert not [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")
    ]


def test_logout_is_post_only(client, login):
    login()
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/account").status_code == 200


def reset_link(outbox) -> str:
    [message] = outbox()
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/auth/reset/\S+)", body).group(1)


def test_forgotten_password_by_emailed_link(client, outbox):
    user = make_user(display_name="Rosa")
    response = client.post("/auth/reset", data={"email": user.email})
    assert response.status_code == 303
    [message] = outbox()
    assert message["To"] == user.email
    assert "Rosa" in message.get_body(preferencelist=("plain",)).get_content()
    link = reset_link(outbox)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": GOOD, "confirm": GOOD})
    assert response.status_code == 303
    assert services.authenticate(user.email, GOOD) is not None
    assert services.authenticate(user.email, PASSWORD) is None


def test_reset_link_works_only_once(client, outbox):
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link = reset_link(outbox)
    client.post(link, data={"password": GOOD, "confirm": GOOD})
    again = client.post(
        link, data={"password": "another fine pass", "confirm": "another fine pass"}
    )
    assert again.status_code == 303
    assert again.headers["Location"] == "/auth/reset"
    assert services.authenticate(user.email, GOOD) is not None


def test_reset_link_expires_after_an_hour(client, outbox, monkeypatch):
    import itsdangerous.timed

    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link = reset_link(outbox)
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + 3601)
    response = client.get(link)
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/reset"


def test_tampered_reset_link_is_refused(client, outbox):
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link = reset_link(outbox)
    assert client.get(link[:-3] + "abc").status_code == 303


def test_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, outbox):
    response = client.post(
        "/auth/reset", data={"email": "ghost@example.com"}, follow_redirects=True
    )
    assert "If an account uses that address" in response.text
    assert outbox() == []


def test_reset_mail_is_in_the_users_language(client, outbox):
    user = make_user(locale="fil")
    client.post("/auth/reset", data={"email": user.email})
    [message] = outbox()
    assert message["Subject"] == "I-reset ang iyong password"


def test_account_page_saves_name_and_language(client, login):
    user = login()
    response = client.post("/account", data={"display_name": "Bea", "locale": "fil"})
    assert response.status_code == 303
    saved = db.session.get(User, user.id)
    assert (saved.display_name, saved.locale) == ("Bea", "fil")
    assert '<html lang="fil">' in client.get("/account").text


def test_account_page_refuses_an_unknown_language(client, login):
    login()
    response = client.post("/account", data={"display_name": "Bea", "locale": "klingon"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.text


def test_account_with_a_trailing_slash_leads_to_the_account_page(client, login):
    assert client.get("/account/", follow_redirects=True).request.path == "/auth/login"
    login(display_name="Bea Santos")
    response = client.get("/account/", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/account"
    assert "Bea Santos" in response.text


def test_change_password_needs_the_current_one(client, login):
    user = login()
    response = client.post(
        "/account/password",
        data={"current_password": "wrong wrong wrong", "password": GOOD, "confirm": GOOD},
    )
    assert response.status_code == 400
    assert "That is not your current password." in response.text
    assert services.authenticate(user.email, PASSWORD) is not None


def test_change_password_keeps_this_session_and_ends_the_others(app, client, login):
    user = login()
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/account").status_code == 200
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": GOOD, "confirm": GOOD}
    )
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
