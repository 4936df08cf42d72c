"""The operator's brand, set once: name, logo, colours and support address on every page,
the error pages and in mail; a colour or logo that cannot work stops the start."""

from __future__ import annotations

import re

import pytest

from portal import create_app
from portal.brand import SOFT, WARNING_BG, WHITE, contrast, palette
from tests.conftest import base_config
from tests.factories import make_user

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<circle cx="5" cy="5" r="5" fill="#fc0"/></svg>'
)


@pytest.fixture
def app_overrides(monkeypatch, tmp_path):
    """An operator's settings: a light yellow brand, so text on it must be dark."""
    logo = tmp_path / "acme.svg"
    logo.write_bytes(LOGO)
    monkeypatch.setenv("PORTAL_NAME", "Acme Support")
    monkeypatch.setenv("PORTAL_LOGO", str(logo))
    monkeypatch.setenv("PORTAL_BRAND_COLOR", "#FC0")
    monkeypatch.setenv("PORTAL_BRAND_ACCENT", "#ff8800")
    monkeypatch.setenv("PORTAL_CONTACT_EMAIL", "care@acme.example")
    return {}


@pytest.fixture
def failing_route(app):
    @app.get("/_test/crash")
    def _crash():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def custom_properties(css: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-f]{6});", css))


def assert_branded(page: str) -> None:
    assert 'class="brand-name">Acme Support</span>' in page
    assert re.search(r'<img class="brand-logo" src="/logo\.svg\?v=\w+" alt=""', page)
    assert re.search(r'<link rel="stylesheet" href="/brand\.css\?v=\w+">', page)
    assert '<a href="mailto:care@acme.example">care@acme.example</a>' in page


def test_every_page_shows_the_name_logo_colours_and_support_address(client):
    page = client.get("/").text
    assert "<title>How can we help? · Acme Support</title>" in page
    assert_branded(page)
    assert "Help Centre" not in page


def test_the_404_and_500_pages_wear_the_brand_too(failing_route, client):
    missing = client.get("/kb/no-such-article")
    assert missing.status_code == 404
    assert_branded(missing.text)
    crash = client.get("/_test/crash")
    assert crash.status_code == 500
    assert_branded(crash.text)


def test_the_colour_stylesheet_is_served_cached_and_keeps_text_readable(client, login):
    href = re.search(r'href="(/brand\.css\?v=\w+)"', client.get("/").text)[1]
    response = client.get(href)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert response.cache_control.public and response.cache_control.max_age == 31536000
    assert response.cache_control.immutable
    colours = custom_properties(response.text)
    assert colours["--brand-fill"] == "#ffcc00"
    # Dark text on the yellow; links and buttons a darker yellow that still reads on white.
    assert colours["--on-brand"] == "#1b1f24"
    assert contrast(colours["--on-brand"], "#ffcc00") >= 4.5
    for ground in (WHITE, SOFT, colours["--info-bg"]):
        assert contrast(colours["--brand"], ground) >= 4.5
    for ground in (WHITE, SOFT, WARNING_BG):
        assert contrast(colours["--accent"], ground) >= 4.5
    assert client.get(href, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    # The address without the current version is kept minutes, not a year.
    assert client.get("/brand.css").cache_control.max_age == 300
    # Logged in, the same file stays shareable by caches (pages are private, files are not).
    login()
    assert client.get(href).cache_control.public


def test_the_logo_is_served_at_a_stable_address(client):
    href = re.search(r'src="(/logo\.svg\?v=\w+)"', client.get("/").text)[1]
    response = client.get(href)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data == LOGO
    assert response.cache_control.max_age == 31536000
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert client.get("/logo.svg").data == LOGO
    assert client.get("/logo.png").status_code == 404


def test_mail_carries_the_name_colour_and_support_address(client, outbox):
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    message = outbox()[-1]
    assert message["From"] == "Acme Support <no-reply@localhost>"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "your Acme Support account" in text
    assert text.rstrip().endswith("Acme Support\nQuestions? Write to us at care@acme.example")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "background:#ffcc00;color:#1b1f24;" in html
    assert '<a href="mailto:care@acme.example"' in html
    link = re.search(r"http://localhost/auth/reset/\S+", text)[0]
    assert f'<a href="{link}"' in html


def test_mail_follows_the_reader_language_in_the_footer(client, outbox):
    user = make_user(locale="fil")
    client.post("/auth/reset", data={"email": user.email})
    text = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    assert "May tanong? Sumulat sa amin sa care@acme.example" in text


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTAL_BRAND_COLOR", "teal"),
        ("PORTAL_BRAND_COLOR", "#12345"),
        ("PORTAL_BRAND_ACCENT", "red"),
    ],
)
def test_a_colour_that_is_not_hex_stops_the_start_saying_what_to_set(
    monkeypatch, tmp_path, variable, value
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(
        RuntimeError, match=rf"{variable} must be a hex colour such as #[0-9a-f]{{6}}"
    ):
        create_app(base_config(tmp_path, f"sqlite:///{tmp_path / 'portal.db'}"))


def test_a_colour_given_to_the_factory_is_checked_as_well(tmp_path):
    config = base_config(tmp_path, f"sqlite:///{tmp_path / 'portal.db'}")
    with pytest.raises(RuntimeError, match="PORTAL_BRAND_COLOR must be a hex colour"):
        create_app({**config, "PORTAL_BRAND_COLOR": "rgb(0, 0, 0)"})


@pytest.mark.parametrize("name", ["missing.svg", "logo.gif"])
def test_a_logo_that_cannot_be_shown_stops_the_start(monkeypatch, tmp_path, name):
    if name.endswith(".gif"):
        (tmp_path / name).write_bytes(b"GIF89a")
    monkeypatch.setenv("PORTAL_LOGO", str(tmp_path / name))
    with pytest.raises(RuntimeError, match="PORTAL_LOGO"):
        create_app(base_config(tmp_path, f"sqlite:///{tmp_path / 'portal.db'}"))


@pytest.mark.parametrize(
    "colour",
    ["#0b5cad", "#0f766e", "#ffcc00", "#777777", "#767676", "#ffffff", "#000000", "#e11d48"],
)
def test_text_in_any_brand_colour_keeps_aa_contrast(colour):
    colours = palette(colour, colour)
    assert colours.fill == colour
    assert colours.on_fill in ("#ffffff", "#1b1f24", "#000000")
    assert contrast(colours.on_fill, colour) >= 4.5
    for ground in (WHITE, SOFT, colours.tint):
        assert contrast(colours.brand, ground) >= 4.5
        assert contrast(colours.brand_dark, ground) >= 4.5
    for ground in (WHITE, SOFT, WARNING_BG):
        assert contrast(colours.accent, ground) >= 4.5
