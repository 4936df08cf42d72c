"""The demo's brand in a real browser: the home page, a category and the 404 page at phone
and desktop widths, in English and Filipino, axe-clean and without a word split in two.
Screenshots go to tests/e2e/artifacts/ (ignored by git)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dotenv import dotenv_values
from playwright.sync_api import expect

from portal.config import REPO_ROOT
from tests.e2e.conftest import assert_accessible, split_words

ARTIFACTS = Path(__file__).parent / "artifacts"
DEMO_BRAND = REPO_ROOT / "content" / "brand" / "demo.env"
TEAL = "rgb(15, 118, 110)"  # the demo's PORTAL_BRAND_COLOR, #0f766e
PAGES = (
    ("home", "/", 200),
    ("category", "/kb/category/troubleshooting", 200),
    ("404", "/kb/factory-resett-router", 404),
)


@pytest.fixture
def app_overrides(monkeypatch):
    """The live portal wears the demo's brand, from the file `make run` serves it with."""
    for name, value in dotenv_values(DEMO_BRAND).items():
        monkeypatch.setenv(name, value or "")
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def style(page, selector: str, prop: str) -> str:
    return page.evaluate(
        "([selector, prop]) => getComputedStyle(document.querySelector(selector))[prop]",
        [selector, prop],
    )


@pytest.mark.parametrize("lang", ["en", "fil"])
def test_the_demo_brand_on_the_home_a_category_and_the_404_page(demo, browser, live_server, lang):
    context = browser.new_context()
    context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path, status in PAGES:
            assert page.goto(live_server + path).status == status, path
            expect(page.locator(".site-header .brand-name")).to_have_text("Alon Help Centre")
            logo = page.locator(".site-header img.brand-logo")
            expect(logo).to_be_visible()
            assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), "logo not shown"
            assert style(page, ".site-header", "borderTopColor") == TEAL
            expect(page.locator(".site-footer")).to_contain_text("help@alon.example")
            # The breadcrumbs or title keep their distance from the header.
            gap = page.evaluate(
                """() => document.querySelector("main > :not(.flashes)").getBoundingClientRect().top
                         - document.querySelector(".site-header").getBoundingClientRect().bottom"""
            )
            assert gap >= 19.5, f"{name} at {width}px: {gap}px under the header"
            if name == "home":
                assert style(page, ".hero", "backgroundColor") == TEAL
                assert style(page, ".hero h1", "color") == "rgb(255, 255, 255)"
                icon = page.locator(".card-icon svg").first
                expect(icon).to_be_visible()
                assert style(page, ".card-icon svg", "color") == TEAL
            assert split_words(page) == [], f"{name} at {width}px"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
            assert_accessible(page)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"brand-{name}-{lang}-{width}.png", full_page=True)
    assert blocked == []
    context.close()
