"""The insights page in a real browser: figures, charts and tables, axe-clean, CSP-clean."""

from playwright.sync_api import expect

from portal.extensions import db
from portal.search.models import SearchLog
from tests.e2e.conftest import assert_accessible
from tests.factories import make_ticket, make_user
from tests.insights.helpers import answer_about_ticket


def test_agent_reads_insights_and_picks_a_period(app, live_server, page, csp_violations, log_in):
    db.session.add(SearchLog(query="router blinking red", result_count=0))
    customer = make_user(display_name="Dana Reyes")
    answer_about_ticket(make_ticket(user=customer), "csat", 1)
    agent = make_user(role="agent")

    log_in(page, agent)
    page.get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    gaps = page.locator("section", has=page.get_by_role("heading", name="Content gaps"))
    expect(gaps.get_by_role("rowheader", name="router blinking red")).to_be_visible()
    expect(page.get_by_role("img", name="From the help centre to a ticket")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Dana Reyes", exact=False)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("combobox", name="Period").select_option("7")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server}/insights/?days=7&since=&until=")
    expect(page.get_by_text("Tickets opened").first).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
