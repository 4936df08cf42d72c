import re

import pytest

from portal.core.redirects import safe_next

PAGES = ["/", "/contact", "/auth/login", "/auth/register", "/auth/reset", "/no-such-page"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_a_strict_content_security_policy(client, url):
    csp = client.get(url).headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_or_event_handlers(client, url):
    html = client.get(url).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        # JSON-LD is data that never runs; anything else must come from a file.
        assert "src=" in tag or 'type="application/ld+json"' in tag, f"inline script on {url}"
    assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {url}"
    assert "style=" not in html


def test_protective_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_lax_and_secure_outside_debug(tmp_path, migrated_database):
    from tests.conftest import make_app
    from tests.factories import PASSWORD, make_user

    app = make_app(tmp_path / "i", migrated_database, SESSION_COOKIE_SECURE=True)
    with app.app_context():
        user = make_user()
        client = app.test_client()
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Secure" in cookie


def test_secure_cookies_are_the_default_unless_debugging(monkeypatch, tmp_path):
    from portal.config import load_config

    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is False


def test_oversize_body_gets_the_friendly_413_page(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/auth/register", data={"display_name": "x" * 5000})
    assert response.status_code == 413
    assert "too large" in response.text
    assert 'id="talk-to-human"' in response.text


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/ok\r\nSet-Cookie: x=1",
        "",
        None,
    ],
)
def test_safe_next_refuses_anything_offsite(target):
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/kb/", "/tickets/abc?x=1", "/search?q=a%20b#top"])
def test_safe_next_keeps_local_paths(target):
    assert safe_next(target) == target


def test_static_urls_carry_a_content_hash_and_are_cached_long(client):
    html = client.get("/").text
    match = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]{12})"', html)
    assert match, "stylesheet URL has no version"
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    response.close()
