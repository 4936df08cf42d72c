"""Journeys through feedback in a real browser, each page checked with axe-core."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_category, make_user


def test_visitor_finds_an_article_unhelpful_and_an_editor_sees_why(
    app, live_server, page, csp_violations, log_in
):
    category = make_category(name="Billing")
    article = make_article(title="Get a refund", category=category, tags=("refunds",))
    make_article(title="Refund timelines", category=category, tags=("refunds",))
    editor = make_user(role="editor")

    page.goto(f"{live_server}/kb/{article.slug}")
    helpful = page.locator("#helpful")
    expect(helpful.get_by_role("heading", name="Was this helpful?")).to_be_visible()
    assert_accessible(page)

    helpful.get_by_role("button", name="No").click()
    expect(page.get_by_text("Sorry it did not help.")).to_be_visible()
    expect(page).to_have_url(f"{live_server}/kb/{article.slug}")  # updated in place
    expect(helpful.get_by_role("link", name="Refund timelines")).to_be_visible()
    expect(helpful.get_by_role("link", name="Talk to a human about this")).to_have_attribute(
        "href", f"/contact?from=/kb/{article.slug}"
    )
    assert_accessible(page)

    page.get_by_label("What was missing?").fill("How many days the refund takes.")
    helpful.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We have your comment. Thank you.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("What was missing?")).to_have_value("How many days the refund takes.")

    log_in(page, editor)
    page.goto(live_server + "/feedback/report")
    weak = page.locator("section", has=page.get_by_role("heading", name="Least helpful pages"))
    expect(weak.get_by_role("link", name="Get a refund")).to_be_visible()
    expect(weak.get_by_text("How many days the refund takes.")).to_be_visible()
    expect(page.get_by_role("img", name="CSAT (share of 4 and 5 out of 5) by week")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


def test_customer_sends_feedback_and_answers_the_nps_question(app, live_server, page, log_in):
    customer = make_user()
    log_in(page, customer)
    page.goto(live_server + "/")
    banner = page.locator("#nps")
    banner.get_by_text("Got a moment? One question about us.").click()
    assert_accessible(page)
    banner.get_by_label("9").check()
    banner.get_by_label("Why?").fill("Quick answers")
    banner.get_by_role("button", name="Send").click()
    expect(banner.get_by_text("Thank you for your answer.")).to_be_visible()

    page.goto(live_server + "/feedback/?page=/kb/get-a-refund")
    expect(page.get_by_label("Page it is about")).to_have_value("/kb/get-a-refund")
    assert_accessible(page)
    page.get_by_label("Problem").check()
    page.get_by_label("Subject").fill("Refund form fails")
    page.get_by_label("Message").fill("It says error 500 on submit.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Your feedback is in")).to_be_visible()
    page.get_by_role("link", name="Refund form fails").click()
    expect(page.get_by_text("It says error 500 on submit.")).to_be_visible()
    assert_accessible(page)


def test_staff_inbox_changes_status_and_replies(app, live_server, page, outbox, log_in):
    from tests.factories import make_feedback

    sender = make_user()
    make_feedback(sender, kind="idea", subject="Dark mode")
    agent = make_user(role="agent")
    log_in(page, agent)
    page.goto(live_server + "/feedback/inbox")
    assert_accessible(page)
    page.get_by_role("link", name="Dark mode").click()
    assert_accessible(page)
    page.get_by_label("Status", exact=True).select_option("planned")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Status changed. The sender got an email.")).to_be_visible()
    page.get_by_label("Reply to the sender").fill("Coming next quarter.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    assert [m["To"] for m in outbox()] == [sender.email, sender.email]
