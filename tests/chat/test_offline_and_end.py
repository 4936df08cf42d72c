"""Nobody available: told at once, a message becomes a ticket; the end: rating and transcript."""

import re

import pytest

from portal.chat import queue
from portal.chat.models import ENDED
from portal.extensions import db
from portal.tickets.models import Ticket
from tests.chat.helpers import available_agent, latest_chat
from tests.factories import make_user


def test_with_no_agent_available_the_customer_is_told_at_once(client):
    client.post("/chat", data={"body": "My router is dead"})
    response = client.post("/chat/person", follow_redirects=True)
    assert "No one from our team is available right now." in response.text
    assert "Leave the message" in response.text


def test_outside_chat_hours_nobody_is_available_even_with_agents(app, client):
    available_agent()
    app.config["PORTAL_CONTACT"] = {
        **app.config["PORTAL_CONTACT"],
        "chat_hours": [{"days": [], "start": (8, 0), "end": (9, 0)}],
    }
    client.post("/chat", data={"body": "Hello there"})
    page = client.post("/chat/person", follow_redirects=True).text
    assert "No one from our team is available right now." in page
    assert "Live chat is closed at this hour" in page


def test_message_left_becomes_ticket_with_whole_chat_and_signed_link_mail(client, outbox):
    client.get("/search?q=dead+router")
    client.post("/chat", data={"body": "My router is dead since the storm"})
    client.post("/chat/person")
    response = client.post(
        "/chat/leave",
        data={"name": "Tala", "email": "tala@example.com", "note": "Please call after 5 pm."},
        follow_redirects=True,
    )
    assert re.search(r"Your message is request T-\w{8}", response.text)
    ticket = db.session.scalars(db.select(Ticket)).one()
    body = ticket.messages[0].body
    assert "Please call after 5 pm." in body
    assert "My router is dead since the storm" in body
    assert "Answer bot" in body  # the bot's part travels too
    assert any(item["key"] == "searches" for item in ticket.context)
    mail = outbox()[-1]
    assert mail["To"] == "tala@example.com"
    assert re.search(r"/tickets/T-\w{8}\?token=", mail.get_body(("plain",)).get_content())
    assert latest_chat().status == ENDED


def test_a_visitor_must_give_an_email_to_leave_a_message(client):
    client.post("/chat", data={"body": "Hello"})
    client.post("/chat/person")
    response = client.post("/chat/leave", data={"name": "Tala", "email": ""})
    assert response.status_code == 400
    assert "Please give your email address so we can answer you." in response.text
    assert db.session.scalars(db.select(Ticket)).first() is None


def turn_chat_into_ticket(app, client):
    """A customer asks for a person, an agent takes the chat, notes "VIP" and makes it a
    ticket; returns the agent's client and the answer to that last post."""
    from tests.chat.test_handoff import login_as

    agent_client = app.test_client()
    login_as(agent_client, available_agent())
    client.post("/chat", data={"body": "Refund for my order"})
    client.post("/chat/person")
    chat = latest_chat()
    agent_client.post(f"/agent/chats/{chat.id}/take")
    agent_client.post(f"/agent/chats/{chat.id}/reply", data={"body": "VIP", "internal": "y"})
    response = agent_client.post(
        f"/agent/chats/{chat.id}/ticket", data={"email": "buyer@example.com"}
    )
    return agent_client, response


def test_agent_turns_chat_into_ticket_with_notes_kept_internal(app, client):
    _agent_client, response = turn_chat_into_ticket(app, client)
    assert response.status_code == 303
    ticket = db.session.scalars(db.select(Ticket)).one()
    assert "Refund for my order" in ticket.messages[0].body
    assert [m.body for m in ticket.messages if m.internal] == ["VIP"]
    assert "VIP" not in ticket.messages[0].body
    assert "This chat is now request" in client.get("/chat").text


def test_a_chat_turned_into_a_ticket_waits_on_us_from_its_opening(app, client):
    agent_client, _response = turn_chat_into_ticket(app, client)
    ticket = db.session.scalars(db.select(Ticket)).one()
    # The chat is the customer's first message; the agent's note does not answer it.
    assert ticket.waiting_since == ticket.messages[0].created_at
    page = agent_client.get("/agent/?view=waiting").text
    assert ticket.ref in page
    assert f'datetime="{ticket.waiting_since:%Y-%m-%dT%H:%MZ}"' in page


def test_customer_rates_the_chat_once_with_one_click(client):
    client.post("/chat", data={"body": "Thanks"})
    client.post("/chat/end")
    page = client.get("/chat").text
    assert "How satisfied are you with this chat?" in page
    client.post("/chat/rate", data={"score": "5"})
    assert latest_chat().csat == 5
    again = client.post("/chat/rate", data={"score": "1"}, follow_redirects=True)
    assert "You rated this chat already." in again.text
    assert latest_chat().csat == 5


def test_transcript_is_mailed_on_request_without_notes(client, outbox):
    agent = available_agent()
    client.post("/chat", data={"body": "Where is my parcel?"})
    client.post("/chat/person")
    chat = latest_chat()
    queue.take(agent, chat)
    from portal.chat import conversation

    conversation.agent_reply(chat, agent, "It ships tomorrow.")
    conversation.agent_reply(chat, agent, "secret note", internal=True)
    client.post("/chat/end")
    response = client.post(
        "/chat/transcript", data={"email": "me@example.com"}, follow_redirects=True
    )
    assert "We mailed the chat to me@example.com." in response.text
    mail = outbox()[-1]
    text = mail.get_body(("plain",)).get_content()
    assert mail["To"] == "me@example.com"
    assert "Where is my parcel?" in text and "It ships tomorrow." in text
    assert "secret note" not in text


def test_a_member_gets_the_transcript_at_their_address(client, login, outbox):
    user = login()
    client.post("/chat", data={"body": "Question"})
    client.post("/chat/end")
    client.post("/chat/transcript", data={})
    assert outbox()[-1]["To"] == user.email


@pytest.mark.parametrize("email", ["", "not-an-email"])
def test_a_visitor_transcript_needs_a_valid_email(client, email):
    client.post("/chat", data={"body": "Question"})
    client.post("/chat/end")
    response = client.post("/chat/transcript", data={"email": email})
    assert response.status_code == 400


def test_past_chats_are_listed_beside_tickets(client, login):
    login()
    client.post("/chat", data={"body": "How do I pair the app?"})
    chat = latest_chat()
    page = client.get("/tickets/").text
    assert "Past chats" in page and "How do I pair the app?" in page
    assert "How do I pair the app?" in client.get(f"/chat/past/{chat.ref}").text


def test_customer_gets_no_queue_when_the_chat_has_ended(client):
    make_user(role="agent")
    client.post("/chat", data={"body": "Hi"})
    client.post("/chat/end")
    response = client.post("/chat/person", follow_redirects=True)
    assert "This chat has ended." in response.text


def _ces_field(page: str, name: str) -> str:
    section = page[page.index('id="ces"') :]
    return re.search(rf'name="{name}" value="([^"]+)"', section)[1]


def test_how_easy_it_was_is_asked_once_the_chat_has_ended(client):
    client.post("/chat", data={"body": "My router blinks"})
    assert 'id="ces"' not in client.get("/chat").text  # not while the chat runs
    client.post("/chat/end")
    page = client.get("/chat").text
    assert "How easy was it to get what you needed?" in page
    assert 'class="field radio-group rating-scale"' in page  # the same control as the CSAT
    data = {
        "subject_kind": "chat",
        "subject_ref": _ces_field(page, "subject_ref"),
        "signature": _ces_field(page, "signature"),
        "next": "/chat",
        "score": "6",
    }
    assert client.post("/feedback/ces", data=data).status_code == 303
    assert "You answered 6 out of 7" in client.get("/chat").text
