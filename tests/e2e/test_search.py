"""Search journeys in a real browser: the header combobox and forgiving results."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_category

BODY = """How to pick a new password.

## Reset it in the app

Tap **Forgot password?** and follow the link we email you.
"""


def _articles():
    account = make_category(slug="account", name="Account")
    make_article("Reset your password", body=BODY, slug="reset-your-password", category=account)
    make_article("Request a refund", body="Refunds take five days.", slug="request-a-refund")


def test_pick_a_suggestion_with_the_keyboard(app, live_server, page, csp_violations):
    _articles()
    page.goto(live_server + "/")
    box = page.get_by_role("combobox", name="Describe your question in a few words")
    box.press_sequentially("reset pass", delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("option", name="Reset your password")).to_be_visible()
    assert_accessible(page)

    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "header-q-option-1")
    expect(page.get_by_role("option", name="Reset your password")).to_have_attribute(
        "aria-selected", "true"
    )
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    box.press("Enter")
    page.wait_for_url(live_server + "/kb/reset-your-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert csp_violations == []


def test_enter_without_a_chosen_suggestion_runs_the_full_search(app, live_server, page):
    _articles()
    page.goto(live_server + "/")
    box = page.get_by_role("combobox", name="Describe your question in a few words")
    box.press_sequentially("refund", delay=30)
    expect(page.get_by_role("listbox")).to_be_visible()
    box.press("Enter")
    page.wait_for_url(live_server + "/search?q=refund")
    expect(page.get_by_role("link", name="Request a refund")).to_be_visible()


def test_a_typo_still_finds_the_article(app, live_server, page, csp_violations):
    _articles()
    page.goto(live_server + "/search?q=pasword")
    expect(page.get_by_text("Did you mean:")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Reset your password").click()
    page.wait_for_url(live_server + "/kb/reset-your-password*")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert csp_violations == []


def test_no_results_page_is_accessible_and_leads_to_a_human(app, live_server, page):
    _articles()
    page.goto(live_server + "/search?q=xylophone")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Talk to a human").click()
    page.wait_for_url(live_server + "/contact?q=xylophone")
