"""Tutorial journeys in a real browser: with htmx, without JavaScript, and resuming."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_tutorial, make_user


@pytest.fixture
def tutorial(app):
    return make_tutorial("set-up", title="Set up the router", steps=4)


def test_complete_a_tutorial_with_javascript(live_server, page, tutorial, csp_violations):
    page.goto(live_server + "/tutorials/")
    assert_accessible(page)
    page.get_by_role("link", name="Set up the router").click()
    assert_accessible(page)
    page.get_by_role("link", name="Start the tutorial").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Red").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("Not quite. Try again.")).to_be_visible()
    page.get_by_label("Blue").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("That's right.")).to_be_visible()
    assert_accessible(page)

    marker = page.evaluate("() => (window.__sameDocument = 'still here')")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(live_server + "/tutorials/set-up/2")
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    # htmx swapped the step in place: the page was not reloaded, and focus is on the heading.
    assert page.evaluate("() => window.__sameDocument") == marker
    expect(page.locator("#step-heading")).to_be_focused()
    expect(page).to_have_title(re.compile("^Step title 2"))

    page.get_by_role("button", name="No", exact=True).click()
    expect(page.get_by_text("Unplug it for ten seconds and try again.")).to_be_visible()
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(live_server + "/tutorials/set-up/3")

    page.go_back()
    expect(page).to_have_url(live_server + "/tutorials/set-up/2")
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    page.go_forward()
    expect(page.get_by_text("Step 3 of 4")).to_be_visible()

    page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name="Finish").click()
    expect(page.get_by_role("heading", name="Well done!")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


def test_complete_a_tutorial_without_javascript(browser, live_server, tutorial):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 600})
    page = context.new_page()
    page.goto(live_server + "/tutorials/set-up")
    page.get_by_role("link", name="Start the tutorial").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    page.get_by_label("Blue").check()
    page.get_by_role("button", name="Check my answer").click()
    # Back on the step, scrolled to the verdict rather than the top of the page.
    expect(page).to_have_url(live_server + "/tutorials/set-up/1#checkpoint-result")
    expect(page.get_by_text("That's right.")).to_be_visible()
    expect(page.locator("#checkpoint-result")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    for n in (2, 3, 4):
        page.get_by_role("link", name="Next").click()
        expect(page).to_have_url(f"{live_server}/tutorials/set-up/{n}")
        expect(page.get_by_text(f"Step {n} of 4")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_text("Step 3 of 4")).to_be_visible()
    page.get_by_role("link", name="Next").click()
    page.get_by_role("link", name="Finish").click()
    expect(page.get_by_role("heading", name="Well done!")).to_be_visible()
    context.close()


def test_resume_after_logging_out_and_in(live_server, page, tutorial, log_in):
    user = make_user(email="learner@example.com")
    log_in(page, user)
    page.goto(live_server + "/tutorials/set-up/3")
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server + "/tutorials/set-up")
    expect(page.get_by_role("link", name="Start the tutorial")).to_be_visible()
    log_in(page, user, next="/tutorials/set-up")
    expect(page).to_have_url(live_server + "/tutorials/set-up")
    page.get_by_role("link", name="Resume at step 3").click()
    expect(page.get_by_text("Step 3 of 4")).to_be_visible()


@pytest.mark.parametrize(
    ("language", "verdict"), [("English", "That's right."), ("Filipino", None)]
)
def test_the_step_a_plain_answer_returns_to_is_accessible(
    live_server, page, tutorial, language, verdict
):
    page.goto(live_server + "/tutorials/set-up/2")
    if language == "Filipino":
        page.get_by_role("button", name="Filipino").click()
    token = page.locator("#checkpoint input[name=csrf_token]").get_attribute("value")
    # What a browser without JavaScript sends; the page's cookies go with it.
    answered = page.request.post(
        live_server + "/tutorials/set-up/1/check",
        form={"csrf_token": token, "answer": "2"},
        max_redirects=0,
    )
    assert answered.status == 303
    assert answered.headers["location"].endswith("/tutorials/set-up/1#checkpoint-result")
    page.goto(live_server + "/tutorials/set-up/1#checkpoint-result")
    expect(page.locator("#checkpoint-result.result-right")).to_be_visible()
    if verdict:
        expect(page.locator("#checkpoint-result")).to_contain_text(verdict)
    assert_accessible(page)
