"""Page budgets in a real browser: axe-clean, at most 50 KB compressed in at most 10 requests.

Each page is loaded cold (a fresh browser context, so nothing is cached) and every response
is counted with its size on the wire (headers plus the encoded body). The portal compresses
text itself (portal/core/compression.py), so the sizes are what a browser really receives.
"""

from sqlalchemy import select

from portal.extensions import db
from portal.forum.models import Thread
from tests.e2e.conftest import assert_accessible

MAX_BYTES = 50 * 1024
MAX_REQUESTS = 10


def visitor_pages() -> list[str]:
    thread = db.session.scalar(select(Thread.id).order_by(Thread.id))
    return [
        "/",
        "/kb/",
        "/kb/fix-slow-or-dropping-wifi",
        "/search?q=wifi",
        "/tutorials/set-up-alon-mesh/2",
        f"/forum/t/{thread}",
        "/contact",
    ]


def cold_load(browser, url: str, storage_state=None) -> tuple[int, int, object, object]:
    """Load url in a fresh context; return (requests, bytes on the wire, page, context)."""
    context = browser.new_context(storage_state=storage_state)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    answer = page.goto(url, wait_until="networkidle")
    assert answer.status == 200, url
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0)
    return len(responses), total, page, context


def check_budget(browser, url: str, storage_state=None) -> None:
    requests, size, page, context = cold_load(browser, url, storage_state)
    try:
        assert requests <= MAX_REQUESTS, f"{url}: {requests} requests"
        assert size <= MAX_BYTES, f"{url}: {size} bytes"
        assert_accessible(page)
    finally:
        context.close()


def test_visitor_pages_stay_within_budget(demo, live_server, browser):
    for path in visitor_pages():
        check_budget(browser, live_server + path)


def test_the_ticket_history_stays_within_budget(demo, live_server, browser, log_in):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, "customer@example.com", password="demo-customer-pass")
    state = context.storage_state()
    context.close()
    check_budget(browser, live_server + "/tickets/", storage_state=state)


def test_pages_arrive_compressed(demo, live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    answer = page.goto(live_server + "/kb/fix-slow-or-dropping-wifi")
    assert answer.header_value("content-encoding") == "gzip"
    context.close()
