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

ARTIFACTS = Path(__file__).parent / "artifacts"
WIDTHS = (320, 390, 768, 1280)
SCREENSHOT_WIDTHS = (390, 1280)

# Every word of a control or heading must sit on one line. A word whose characters land on
# two lines has two client rects at different heights; one wider than its element sticks out.
SPLIT_WORDS = """() => {
  const found = [];
  const selector = "button, .button, .link-button, th, a[role=button]";
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()]
          .filter((r) => r.width > 0).map((r) => Math.round(r.top / 4)));
        if (tops.size > 1) found.push(`"${match[0]}" in <${el.tagName.toLowerCase()}> splits`);
      }
    }
    if (el.tagName !== "TH" && el.scrollWidth > el.clientWidth + 1) {
      found.push(`<${el.tagName.toLowerCase()}> "${el.textContent.trim()}" is wider than its box`);
    }
  }
  return found;
}"""


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def check_widths(page, url: str, name: str) -> list[str]:
    """Load url at each width; return the words that split, and keep the screenshots."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(url)
        assert response.status == 200, url
        problems += [f"{name} at {width}px: {found}" for found in page.evaluate(SPLIT_WORDS)]
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
def test_no_button_or_heading_breaks_inside_a_word(demo, browser, live_server, lang):
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
        page.goto(live_server + "/auth/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill(password)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: "/auth/login" not in url)
        problems += check_widths(page, live_server + path, f"{lang}-{slug(path)}")
        context.close()
    assert not problems, "\n".join(problems)
