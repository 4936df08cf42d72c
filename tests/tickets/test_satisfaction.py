"""CSAT and CES once a ticket is solved (page and mailed link), the same control for both."""

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


def test_ces_waits_until_the_problem_is_solved(client, login):
    login("customer")
    response = client.post(
        "/contact", data={"subject": "No signal", "topic": "connection", "message": "Upstairs."}
    )
    ticket_url = response.headers["Location"]
    # Right after opening nothing is solved yet: no "how easy was it?" question.
    assert "How easy was it" not in client.get(ticket_url).text
    client.post(ticket_url.split("?")[0] + "/solve")
    solved = client.get(ticket_url.split("?")[0]).text
    assert "How easy was it to get what you needed?" in solved and 'id="csat"' in solved
    ref = ces_field(solved, "subject_ref")
    next_url = ces_field(solved, "next")
    answered = client.post(
        "/feedback/ces",
        data={
            "subject_kind": "ticket",
            "subject_ref": ref,
            "next": next_url,
            "score": "6",
            "signature": ces_field(solved, "signature"),
        },
    )
    assert answered.status_code == 303 and answered.headers["Location"] == next_url
    [answer] = answers("ces")
    assert (answer.subject_kind, answer.subject_ref, answer.score) == ("ticket", ref, 6)
    assert "You answered 6 out of 7" in client.get(next_url).text


def test_csat_and_ces_use_the_same_rating_control(client, login):
    customer = login("customer")
    ticket = make_ticket(customer, status="solved")
    page = client.get(f"/tickets/{ticket.ref}").text
    for survey, top in (("csat", 5), ("ces", 7)):
        section = page[page.index(f'id="{survey}"') :]
        section = section[: section.index("</section>")]
        assert 'class="field radio-group rating-scale"' in section
        assert section.count('type="radio" ') == top
        assert f'id="{survey}-score-{top}" name="score" value="{top}"' in section


def test_a_low_score_with_a_comment_is_promised_a_follow_up_that_the_agent_sees(client, login):
    customer = login("customer")
    agent = make_user(role="agent")
    ticket = make_ticket(customer, status="solved", agent=agent, agent_reply="Try a restart.")
    page = client.get(f"/tickets/{ticket.ref}").text
    action = re.search(r'action="(/feedback/csat/[^"]+)"', page)[1]
    thanks = client.post(action, data={"score": "1", "comment": "Still no signal upstairs."})
    assert "Someone from our team will read your comment and get back to you." in thanks.text
    client.post("/auth/logout")
    login("agent")
    agent_page = client.get(f"/agent/tickets/{ticket.ref}").text
    ratings = agent_page[agent_page.index('id="ratings-heading"') :].split("</section>")[0]
    assert "1 out of 5" in ratings and "Still no signal upstairs." in ratings
    assert "Follow up" in ratings


def test_a_good_score_or_a_low_one_without_comment_promises_nothing(client, login):
    customer = login("customer")
    first, second = make_ticket(customer, status="solved"), make_ticket(customer, status="solved")
    for ticket, data in ((first, {"score": "5", "comment": "Great"}), (second, {"score": "2"})):
        page = client.get(f"/tickets/{ticket.ref}").text
        action = re.search(r'action="(/feedback/csat/[^"]+)"', page)[1]
        assert "get back to you" not in client.post(action, data=data).text


def test_the_agent_sees_no_rating_until_there_is_one(client, login):
    ticket = make_ticket(make_user(), status="open")
    login("agent")
    assert "No rating yet." in client.get(f"/agent/tickets/{ticket.ref}").text


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
