"""Surveys once the problem is solved: one rating control, a promise after a low score."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_ticket, make_user

FOLLOW_UP = {
    "English": "Someone from our team will read your comment and get back to you.",
    "Filipino": "Babasahin ng isang tao sa aming team ang komento mo at babalikan ka namin.",
}


@pytest.mark.parametrize("language", ["English", "Filipino"])
def test_a_solved_ticket_asks_both_questions_and_a_low_score_is_answered(
    live_server, page, browser, log_in, csp_violations, language
):
    customer = make_user()
    agent = make_user(role="agent")
    ticket = make_ticket(customer, status="waiting", agent=agent, agent_reply="Restart the node.")
    log_in(page, customer)
    if language == "Filipino":
        page.get_by_role("button", name="Filipino").click()

    page.goto(live_server + f"/tickets/{ticket.ref}")
    expect(page.locator("#ces")).to_have_count(0)  # not while the problem is open
    page.locator("form[action$='/solve'] button").click()
    csat, ces = page.locator("#csat"), page.locator("#ces")
    expect(csat.locator(".rating-scale input[type=radio]")).to_have_count(5)
    expect(ces.locator(".rating-scale input[type=radio]")).to_have_count(7)
    assert_accessible(page)

    # The scale is a radio group: the keyboard moves along it.
    csat.locator("#csat-score-1").focus()
    page.keyboard.press("ArrowRight")
    expect(csat.locator("#csat-score-2")).to_be_checked()
    csat.locator("textarea").fill("The node still drops every evening.")
    csat.locator("button[type=submit]").click()
    expect(csat).to_contain_text(FOLLOW_UP[language])
    assert_accessible(page)

    ces.locator("#ces-score-3").check()
    ces.locator("button[type=submit]").click()
    expect(ces.locator("[role=status]")).to_be_visible()

    # The agent sees both answers and that the customer is waiting for a word from us.
    console = browser.new_context().new_page()
    log_in(console, agent)
    console.goto(live_server + f"/agent/tickets/{ticket.ref}")
    ratings = console.locator(".ticket-ratings")
    expect(ratings).to_contain_text("2 out of 5")
    expect(ratings).to_contain_text("3 out of 7")
    expect(ratings).to_contain_text("The node still drops every evening.")
    expect(ratings).to_contain_text("Follow up")
    assert_accessible(console)
    assert not csp_violations


LOOK = """el => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle + " " + s.outlineWidth, border: s.borderTopColor,
          background: s.backgroundColor};
}"""


def test_the_chosen_rating_stays_visible_in_high_contrast_mode(app, live_server, page):
    ticket = make_ticket(make_user(), status="solved")
    with app.test_request_context():
        from portal.feedback.surveys import csat_token

        token = csat_token("ticket", ticket.ref, ticket.requester_email)
    page.emulate_media(forced_colors="active")
    page.goto(live_server + f"/feedback/csat/{token}")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    page.locator("#score-4").check()
    page.locator("#score-4").evaluate("el => el.blur()")  # no focus ring: the choice alone
    chosen = page.locator("label[for=score-4]").evaluate(LOOK)
    others = [page.locator(f"label[for=score-{n}]").evaluate(LOOK) for n in (1, 3, 5)]
    assert all(other == others[0] for other in others)
    assert chosen["outline"] != others[0]["outline"] and not chosen["outline"].startswith("none")
    assert chosen["border"] != others[0]["border"]
    assert chosen["background"] != others[0]["background"]
    assert_accessible(page)
