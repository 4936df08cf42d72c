"""Browser journeys: Playwright drives Debian's Chromium against a live server.

The browser is never downloaded. Without /usr/bin/chromium the tests skip, except with
CI=true, where a browser that cannot start fails the run.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not shutil.which(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM}: apt-get install chromium"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def live_server(app):
    """Serve the test app on 127.0.0.1 in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def demo(app, runner):
    """The demo help centre (`flask demo load`): its articles, tutorials, forum and accounts."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def log_in(live_server):
    """Log in through the form: log_in(page, user_or_email, next="/editor/", password=...).

    Fields are found by id, so it works in whichever language the page's context reads.
    """

    def log_in(page, user, next: str = "", password: str = PASSWORD) -> None:
        page.goto(live_server + "/auth/login" + (f"?next={next}" if next else ""))
        page.locator("#email").fill(user if isinstance(user, str) else user.email)
        page.locator("#password").fill(password)
        page.locator("main button[type=submit]").click()
        expect(page.locator("form[action$='/auth/logout'] button")).to_be_visible()

    return log_in


@pytest.fixture
def app_overrides():
    """The live portal runs with CSRF on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def csp_violations(page):
    """Console errors that report a Content-Security-Policy violation."""
    found: list[str] = []
    page.on(
        "console",
        lambda msg: (
            found.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    return found


_axe = Axe()


def assert_accessible(page) -> None:
    """Run axe-core on the current page and fail on any violation.

    A click on a link starts a navigation that may still be under way: axe
    then meets a document being replaced. Wait for the new page and run again.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    assert results.violations_count == 0, results.generate_report()


# Every word of a control or heading must sit on one line. A word whose characters land on
# two lines has two client rects at different heights; one wider than its element sticks out.
_SPLIT_WORDS = """() => {
  const found = [];
  const selector = "button, .button, .link-button, th, a[role=button], .queue-views a";
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


def split_words(page) -> list[str]:
    """Words of buttons, link-buttons, tabs and column headings that break across lines, and
    controls wider than their box, on the page as it is laid out now."""
    return page.evaluate(_SPLIT_WORDS)
