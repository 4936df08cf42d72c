"""Agents: the queue's views, canned replies kept by an admin and inserted into a reply with
and without JavaScript, and the customer panel; axe-clean in English and Filipino."""

from playwright.sync_api import expect

from portal.chat.models import Chat, ChatMessage
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.tickets.canned import save_canned_reply
from tests.e2e.conftest import assert_accessible
from tests.factories import make_ticket, make_user


def customer_with_history():
    customer = make_user(display_name="Maria Santos", email="maria@example.com")
    earlier = make_ticket(customer, subject="Router will not start", status="closed")
    chat = Chat(user=customer, status="ended", csat=5)
    chat.messages.append(ChatMessage(kind="customer", body="Is there an outage in Cebu?"))
    db.session.add(chat)
    db.session.add(
        SurveyResponse(
            kind="csat",
            score=4,
            subject_kind="ticket",
            subject_ref=earlier.ref,
            respondent_key="e:maria@example.com",
            user_id=customer.id,
        )
    )
    db.session.commit()
    return customer, earlier


def test_admin_keeps_canned_replies_and_an_agent_inserts_one_with_javascript(
    live_server, page, log_in, csp_violations
):
    customer, _earlier = customer_with_history()
    ticket = make_ticket(customer, subject="Mesh drops every evening")
    make_ticket(subject="Already solved elsewhere", status="solved")
    admin = make_user(role="admin", display_name="Ana Cruz")
    log_in(page, admin, next="/agent/")

    views = page.get_by_role("navigation", name="Ticket views")
    expect(views.get_by_role("link", name="All open")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("columnheader", name="Waiting since")).to_be_visible()
    expect(page.get_by_role("link", name="Already solved elsewhere")).to_have_count(0)
    assert_accessible(page)
    views.get_by_role("link", name="Waiting on us").click()
    expect(views.get_by_role("link", name="Waiting on us")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_label("Show solved and closed tickets too").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Mesh drops every evening")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Canned replies").click()
    expect(page.get_by_text("No canned replies yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="New canned reply").click()
    page.get_by_role("button", name="Save canned reply").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("Restart the main point")
    page.get_by_label("Text").fill(
        "Hello {{customer_name}}, please restart the main point. ({{ticket_ref}}, {{agent_name}})"
    )
    page.get_by_role("button", name="Save canned reply").click()
    expect(page.get_by_role("link", name="Restart the main point")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Restart the main point").click()
    expect(page.get_by_label("Title")).to_have_value("Restart the main point")
    assert_accessible(page)

    page.goto(live_server + f"/agent/tickets/{ticket.ref}")
    panel = page.locator("#customer-panel")
    expect(panel.get_by_role("heading", name="About Maria Santos")).to_be_visible()
    expect(panel.get_by_role("link", name="Router will not start")).to_be_visible()
    expect(panel.get_by_role("link", name="Is there an outage in Cebu?")).to_be_visible()
    expect(panel).to_contain_text("Satisfaction: 4 out of 5")
    assert_accessible(page)
    page.get_by_label("Message").fill("Thanks for the details.")
    page.get_by_label("Canned reply").select_option(label="Restart the main point")
    page.get_by_role("button", name="Insert", exact=True).click()
    expect(page.get_by_label("Message")).to_have_value(
        "Thanks for the details.\n\nHello Maria Santos, please restart the main point. "
        f"({ticket.ref}, Ana Cruz)"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Reply sent to the customer.")).to_be_visible()
    panel.get_by_role("link", name="Router will not start").click()
    expect(page.get_by_role("heading", name="Router will not start", level=1)).to_be_visible()
    assert csp_violations == []


def test_inserting_a_canned_reply_without_javascript_keeps_what_was_typed(
    live_server, browser, log_in
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    agent = make_user(role="agent", display_name="Ben Reyes")
    ticket = make_ticket(make_user(display_name="Tala"), subject="Slow upstairs")
    save_canned_reply(None, "Move the node", "Hi {{customer_name}}, move the node up.")
    log_in(page, agent)
    page.goto(live_server + f"/agent/tickets/{ticket.ref}")
    page.get_by_label("Message").fill("One more thing.")
    page.get_by_label("Internal note, only agents see it").check()
    page.get_by_role("button", name="Insert", exact=True).click()
    expect(page.get_by_label("Message")).to_have_value(
        "One more thing.\n\nHi Tala, move the node up."
    )
    expect(page.get_by_label("Internal note, only agents see it")).to_be_checked()
    # axe needs JavaScript; the same page with it on is checked in the journey above.
    context.close()


def test_console_pages_in_filipino_are_accessible(live_server, page, log_in):
    customer, _earlier = customer_with_history()
    ticket = make_ticket(customer, subject="Mabagal ang Wi-Fi")
    reply = save_canned_reply(None, "Pagbati", "Kumusta {{customer_name}}?")
    admin = make_user(role="admin", locale="fil")
    log_in(page, admin)
    page.goto(live_server + "/agent/")
    views = page.get_by_role("navigation", name="Mga view ng ticket")
    expect(views.get_by_role("link", name="Naghihintay sa atin")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Naghihintay mula")).to_be_visible()
    assert_accessible(page)
    for path in ("/agent/canned", "/agent/canned/new", f"/agent/canned/{reply.id}/edit"):
        page.goto(live_server + path)
        assert_accessible(page)
    page.goto(live_server + f"/agent/tickets/{ticket.ref}")
    expect(page.get_by_role("heading", name="Tungkol kay Maria Santos")).to_be_visible()
    page.get_by_role("button", name="Ilagay", exact=True).click()
    expect(page.get_by_label("Mensahe")).to_have_value("Kumusta Maria Santos?")
    assert_accessible(page)
