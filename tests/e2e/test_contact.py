"""/contact picks the topic from the article read, or asks; the context reads as words."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_category, make_user

TOPIC_ERROR = {
    "English": "Choose the topic closest to your question.",
    "Filipino": "Piliin ang paksang pinakamalapit sa iyong tanong.",
}


@pytest.mark.parametrize("language", ["English", "Filipino"])
def test_contact_from_a_billing_article_chooses_billing_and_shares_words(
    live_server, page, browser, log_in, csp_violations, language
):
    billing = make_category(name="Billing and payments", slug="billing-and-payments")
    make_article(title="Charged twice for one order", slug="charged-twice", category=billing)
    customer = make_user()
    agent = make_user(role="agent")
    log_in(page, customer)
    if language == "Filipino":
        page.get_by_role("button", name="Filipino").click()

    # Straight from the home page nothing is chosen: sending asks for a topic.
    page.goto(live_server + "/")
    page.locator("#talk-to-human").click()
    expect(page.locator("#topic")).to_have_value("")
    page.locator("#subject").fill("Two payments")
    page.locator("#message").fill("My card was charged twice for one order.")
    page.locator(".contact-form button[type=submit]").click()
    expect(page.locator("#topic")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".contact-form")).to_contain_text(TOPIC_ERROR[language])
    expect(page.locator("#message")).to_have_value("My card was charged twice for one order.")
    assert_accessible(page)

    # From the article, billing is chosen and the context names the article and the browser.
    page.goto(live_server + "/kb/charged-twice")
    page.locator("#talk-to-human").click()
    expect(page.locator("#topic")).to_have_value("billing")
    shared = page.locator(".shared-context")
    expect(shared).to_contain_text("Charged twice for one order")
    expect(shared).to_contain_text("Chrome")
    expect(shared).not_to_contain_text("/kb/charged-twice")
    expect(shared).not_to_contain_text("Mozilla/")
    assert_accessible(page)
    page.locator("#subject").fill("Two payments")
    page.locator("#message").fill("My card was charged twice for one order.")
    page.locator(".contact-form button[type=submit]").click()
    expect(page.locator(".flash, .alert, [role=status]").first).to_be_visible()

    # The agent reads the same words, with the path and the user-agent one click away.
    console = browser.new_context().new_page()
    log_in(console, agent)
    console.goto(live_server + "/agent/")
    console.get_by_role("link", name="Two payments").click()
    panel = console.locator(".context-panel")
    expect(panel).to_contain_text("Charged twice for one order")
    expect(panel.locator("details code").first).not_to_be_visible()
    panel.get_by_text("Technical detail").first.click()
    expect(panel.locator("details code").first).to_have_text("/kb/charged-twice")
    assert_accessible(console)
    assert not csp_violations
