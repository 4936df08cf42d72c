"""Features working together: a tutorial's votes and CES, a solved ticket's CSAT by mail."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.feedback.models import HelpfulVote, SurveyResponse
from tests.e2e.conftest import assert_accessible
from tests.factories import make_ticket, make_tutorial, make_user


def test_tutorial_feedback_and_csat_from_the_solved_mail(
    app, live_server, page, browser, outbox, csp_violations, log_in
):
    tutorial = make_tutorial("set-up", title="Set up the router", steps=2)
    customer = make_user(display_name="Tala Reyes", email="tala@example.com")
    agent = make_user(role="agent", display_name="Ana Cruz")
    ticket = make_ticket(
        customer,
        status="waiting",
        subject="Orange light on the main point",
        agent=agent,
        agent_reply="Unplug it for ten seconds, then plug it in again.",
    )

    # The customer finishes a tutorial, finds it helpful and answers the CES question.
    log_in(page, customer)
    page.goto(live_server + "/tutorials/set-up/2")
    page.get_by_role("link", name="Finish").click()
    expect(page.get_by_role("heading", name="Well done!")).to_be_visible()
    assert_accessible(page)
    helpful = page.locator("#helpful")
    helpful.get_by_role("button", name="Yes").click()
    expect(helpful.get_by_text("Thank you! Glad it helped.")).to_be_visible()
    ces = page.locator("#ces")
    expect(
        ces.get_by_role("heading", name="How easy was it to get what you needed?")
    ).to_be_visible()
    ces.get_by_label("6", exact=True).check()
    ces.get_by_role("button", name="Send my answer").click()
    expect(ces.get_by_text("Thank you for your answer.")).to_be_visible()
    assert_accessible(page)
    [vote] = db.session.scalars(select(HelpfulVote)).all()
    assert (vote.page_kind, vote.page_id, vote.helpful) == ("tutorial", tutorial.id, True)
    [answer] = db.session.scalars(select(SurveyResponse)).all()
    assert (answer.kind, answer.subject_kind, answer.score) == ("ces", "tutorial", 6)

    # An agent solves the ticket; the customer is mailed a satisfaction link.
    agent_context = browser.new_context()
    console = agent_context.new_page()
    log_in(console, agent)
    console.goto(live_server + f"/agent/tickets/{ticket.ref}")
    console.get_by_label("Status").select_option("solved")
    console.get_by_role("button", name="Change status").click()
    expect(console.get_by_text("Status changed to Solved.")).to_be_visible()
    assert_accessible(console)
    agent_context.close()

    mail = outbox()[-1]
    assert ticket.ref in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+(/feedback/csat/\S+)", body)[1]

    # Opened from the mail in a browser that is not logged in: it works, once.
    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.goto(live_server + link)
    expect(visitor.get_by_role("heading", name="How did we do?")).to_be_visible()
    assert_accessible(visitor)
    visitor.get_by_label("5", exact=True).check()
    visitor.get_by_label("Anything you want to add?").fill("Quick and clear, thank you.")
    visitor.get_by_role("button", name="Send my answer").click()
    expect(visitor.get_by_text("Your answer is in.")).to_be_visible()
    assert_accessible(visitor)
    visitor.goto(live_server + link)
    expect(visitor.get_by_text("You answered this survey already")).to_be_visible()
    visitor_context.close()

    csat = db.session.scalar(select(SurveyResponse).where(SurveyResponse.kind == "csat"))
    assert (csat.score, csat.subject_ref, csat.user_id) == (5, ticket.ref, customer.id)
    assert csp_violations == []
