"""Layout at phone to desktop widths: no button or column heading breaks inside a word.

Screenshots of each page at 390 and 1280 px are kept in tests/e2e/artifacts/ (ignored by
git) for a person to look over.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.forum.models import Thread
from tests.e2e.conftest import split_words

ARTIFACTS = Path(__file__).parent / "artifacts"
WIDTHS = (320, 390, 768, 1280)
SCREENSHOT_WIDTHS = (390, 1280)


def check_widths(page, url: str, name: str) -> list[str]:
    """Load url at each width; return the words that split, and keep the screenshots."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(url)
        assert response.status == 200, url
        problems += [f"{name} at {width}px: {found}" for found in split_words(page)]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{name} at {width}px: the page scrolls sideways by {overflow}px")
        if width in SCREENSHOT_WIDTHS:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    return problems


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.mark.parametrize("lang", ["en", "fil"])
def test_no_button_or_heading_breaks_inside_a_word(demo, browser, live_server, log_in, lang):
    thread = db.session.scalar(select(Thread.id).order_by(Thread.id))
    visitor_paths = [
        "/",
        "/kb/",
        "/tutorials/",
        "/search?q=wifi",
        "/kb/fix-slow-or-dropping-wifi",
        "/forum/",
        f"/forum/t/{thread}",
        "/contact",
    ]
    problems = []
    cookie = {"name": "lang", "value": lang, "url": live_server}
    context = browser.new_context()
    context.add_cookies([cookie])
    page = context.new_page()
    for path in visitor_paths:
        problems += check_widths(page, live_server + path, f"{lang}-{slug(path)}")
    context.close()
    for email, password, path in (
        ("customer@example.com", "demo-customer-pass", "/tickets/"),
        ("agent@example.com", "demo-agent-pass", "/agent/"),
    ):
        context = browser.new_context()
        context.add_cookies([cookie])
        page = context.new_page()
        log_in(page, email, password=password)
        problems += check_widths(page, live_server + path, f"{lang}-{slug(path)}")
        context.close()
    assert not problems, "\n".join(problems)
