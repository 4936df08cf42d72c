"""A visitor asks for a person, an agent answers, and the visitor's account picks it up."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_user

NEW_PASSWORD = "violet kettle harbour"


def mailed_link(outbox, path: str) -> str:
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"http://\S+{path}\S+", body).group(0)


def test_visitor_escalates_agent_answers_customer_registers_and_solves(
    app, live_server, page, browser, outbox, csp_violations, log_in
):
    agent = make_user(role="agent", display_name="Ana Cruz")
    make_article(
        title="Orange light on a node", slug="orange-light", body="Orange means no internet."
    )

    # A visitor searches, finds nothing useful, and asks for a person.
    page.goto(live_server + "/")
    page.get_by_label("Describe your question in a few words").fill("orange light blinking")
    page.get_by_label("Describe your question in a few words").press("Enter")
    page.goto(live_server + "/")
    page.locator("#talk-to-human").click()
    expect(page.get_by_role("heading", name="Talk to a human", level=1)).to_be_visible()
    shared = page.get_by_role("group", name="We'll share this with our team")
    expect(shared).to_contain_text("Your recent searches")
    expect(shared).to_contain_text("orange light blinking")
    expect(shared).to_contain_text("The page you came from")
    assert_accessible(page)

    page.get_by_label("Your name").fill("Tala Reyes")
    page.get_by_label("Your email").fill("tala@example.com")
    page.get_by_label("Subject").press_sequentially("Orange light on the main point")
    # Answers come first: matching articles appear while the subject is typed.
    expect(page.get_by_role("link", name="Orange light on a node")).to_be_visible()
    page.get_by_label("Topic").select_option("setup")
    page.get_by_label("Your message").fill("Since this morning the light is orange. No internet.")
    page.get_by_label("Browser").uncheck()
    page.get_by_role("button", name="Send to our team").click()
    expect(page.get_by_text(re.compile(r"Your request T-\w{8} is with our team"))).to_be_visible()
    assert_accessible(page)
    assert "?token=" in mailed_link(outbox, "/tickets/")

    # An agent sees what the visitor tried and answers.
    agent_context = browser.new_context()
    console = agent_context.new_page()
    log_in(console, agent)
    console.get_by_role("link", name="Agent console").click()
    assert_accessible(console)
    console.get_by_role("link", name="Orange light on the main point").click()
    context_panel = console.locator(".context-panel")
    expect(context_panel).to_contain_text("orange light blinking")
    expect(context_panel).not_to_contain_text("Browser")
    assert_accessible(console)
    console.get_by_label("Message").fill("Please check the cable between the modem and the point.")
    console.get_by_role("button", name="Send", exact=True).click()
    expect(console.get_by_text("Reply sent to the customer.")).to_be_visible()
    agent_context.close()

    # The visitor registers with that email and proves it through the mailed link.
    page.goto(live_server + "/auth/register")
    page.get_by_label("Email").fill("tala@example.com")
    page.get_by_label("Display name").fill("Tala")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email to finish")).to_be_visible()
    page.goto(mailed_link(outbox, "/auth/confirm/"))
    expect(page.get_by_text("We found earlier requests sent from tala@example.com")).to_be_visible()
    page.goto(mailed_link(outbox, "/tickets/link/"))
    assert_accessible(page)
    page.get_by_role("button", name="Add them to my history").click()
    expect(page.get_by_text("1 earlier request is now in your history.")).to_be_visible()
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Orange light on the main point").click()
    expect(page.get_by_text("Please check the cable between the modem")).to_be_visible()
    expect(page.get_by_text("Ana Cruz")).to_be_visible()
    page.get_by_role("button", name="My problem is solved").click()
    expect(page.get_by_text("Glad it is solved.")).to_be_visible()
    expect(page.locator(".ticket-facts .status")).to_have_text("Solved")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#csat")).to_contain_text("Thank you for your answer.")
    page.reload()
    expect(page.get_by_text("You rated it 4 out of 5. Thank you.")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
