"""CSAT on solved tickets (page and mailed link) and CES right after a ticket is opened."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.feedback.models import SurveyResponse
from tests.factories import make_ticket, make_user


def answers(kind: str) -> list[SurveyResponse]:
    return list(db.session.scalars(select(SurveyResponse).where(SurveyResponse.kind == kind)))


def ces_field(page: str, name: str) -> str:
    section = page[page.index('id="ces"') :]
    return re.search(rf'name="{name}" value="([^"]+)"', section)[1].replace("&amp;", "&")


def mail_text(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def test_solved_ticket_page_asks_csat_once(client, login):
    customer = login("customer")
    ticket = make_ticket(customer, status="solved")
    page = client.get(f"/tickets/{ticket.ref}").text
    assert 'id="csat"' in page and "How satisfied are you with the help you got?" in page
    action = re.search(r'action="(/feedback/csat/[^"]+)"', page)[1]
    answered = client.post(action, data={"score": "5", "comment": "Fast and clear."})
    assert answered.status_code == 200
    [answer] = answers("csat")
    assert (answer.score, answer.comment, answer.subject_ref) == (5, "Fast and clear.", ticket.ref)
    again = client.get(f"/tickets/{ticket.ref}").text
    assert "You rated it 5 out of 5" in again and action not in again
    assert client.post(action, data={"score": "1"}).status_code == 409
    assert answers("csat")[0].score == 5


def test_open_ticket_page_does_not_ask_csat(client, login):
    customer = login("customer")
    ticket = make_ticket(customer, status="waiting")
    assert 'id="csat"' not in client.get(f"/tickets/{ticket.ref}").text


def test_agent_solving_mails_a_csat_link_that_works_once_without_log_in(app, client, login, outbox):
    customer = make_user(email="rosa@example.com", display_name="Rosa")
    ticket = make_ticket(customer, status="waiting")
    other = make_ticket(customer, status="solved")
    login("agent")
    response = client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "solved"})
    assert response.status_code == 303
    [mail] = outbox()
    assert mail["To"] == "rosa@example.com" and ticket.ref in mail["Subject"]
    link = re.search(r"http://localhost(/feedback/csat/\S+)", mail_text(mail))[1]
    client.post("/auth/logout")
    assert "How did we do?" in client.get(link).text
    assert client.post(link, data={"score": "4"}).status_code == 200
    [answer] = answers("csat")
    assert (answer.subject_ref, answer.user_id) == (ticket.ref, customer.id)
    assert client.post(link, data={"score": "2"}).status_code == 409
    # The link rated its own ticket only: the other solved ticket is still unrated.
    with app.test_request_context():
        from portal.feedback.surveys import csat_prompt

        assert csat_prompt("ticket", other.ref, customer)["answer"] is None


def test_solving_twice_or_closing_sends_no_second_mail(client, login, outbox):
    ticket = make_ticket(make_user(), status="open")
    login("agent")
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "solved"})
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "closed"})
    assert len(outbox()) == 1


def test_tampered_csat_link_is_refused(client, login, outbox):
    ticket = make_ticket(make_user(), status="open")
    login("agent")
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "solved"})
    link = re.search(r"http://localhost(/feedback/csat/\S+)", mail_text(outbox()[0]))[1]
    assert client.post(link[:-3] + "abc", data={"score": "5"}).status_code == 400
    assert answers("csat") == []


def test_ces_is_offered_on_the_confirmation_of_a_new_ticket(client, login):
    login("customer")
    response = client.post(
        "/contact", data={"subject": "No signal", "topic": "connection", "message": "Upstairs."}
    )
    confirmation = client.get(response.headers["Location"]).text
    assert "How easy was it to get what you needed?" in confirmation
    ref = ces_field(confirmation, "subject_ref")
    next_url = ces_field(confirmation, "next")
    answered = client.post(
        "/feedback/ces",
        data={
            "subject_kind": "escalation",
            "subject_ref": ref,
            "next": next_url,
            "score": "6",
            "signature": ces_field(confirmation, "signature"),
        },
    )
    assert answered.status_code == 303 and answered.headers["Location"] == next_url
    [answer] = answers("ces")
    assert (answer.subject_kind, answer.subject_ref, answer.score) == ("escalation", ref, 6)
    # Only the confirmation asks; the ticket page itself stays quiet afterwards.
    assert "How easy was it" not in client.get(next_url).text


def test_a_visitor_confirmation_offers_no_way_into_the_ticket(client):
    response = client.post(
        "/contact",
        data={
            "subject": "Billing",
            "topic": "billing",
            "message": "Charged twice.",
            "name": "Tala",
            "email": "tala@example.com",
        },
    )
    # Until the mailed link proves the address, the confirmation names no way into the ticket.
    page = client.get(response.headers["Location"]).text
    assert "token=" not in page and "How easy was it" not in page
