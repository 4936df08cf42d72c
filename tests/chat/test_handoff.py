"""Talking to a person: the queue, an agent taking the chat with its context, replies, notes."""

from datetime import timedelta

import pytest

from portal.chat import queue
from portal.chat.models import ACTIVE, WAITING, Chat
from portal.clock import utcnow
from portal.extensions import db
from tests.chat.helpers import available_agent, latest_chat, poll
from tests.factories import make_user


@pytest.fixture
def agent_client(app):
    """A second browser, for the agent."""
    return app.test_client()


def login_as(client, user):
    from tests.factories import PASSWORD

    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303


def test_customer_joins_queue_with_place_and_honest_estimate(client):
    available_agent()
    client.get("/kb/")
    client.post("/chat", data={"body": "My router blinks red", "came_from": "/kb/"})
    response = client.post("/chat/person", follow_redirects=True)
    assert "You are number 1 in the queue." in response.text
    assert "We cannot estimate the wait yet: too few recent chats." in response.text
    # With recent chats that waited 4 minutes each, the estimate says so.
    now = utcnow()
    for _ in range(3):
        db.session.add(
            Chat(
                status="ended",
                queued_at=now - timedelta(minutes=10),
                taken_at=now - timedelta(minutes=6),
            )
        )
    db.session.commit()
    page = client.get("/chat").text
    assert "Based on the last 3 chats, expect to wait about 4 minutes." in page


def test_agent_takes_the_chat_sees_context_and_bot_part_and_reply_reaches_customer(
    client, agent_client
):
    agent = make_user(role="agent", display_name="Ana Cruz")
    login_as(agent_client, agent)
    agent_client.post("/agent/chats/availability", data={"available": "1"})
    client.get("/search?q=orange+light")
    client.post("/chat", data={"body": "The light is orange"})
    client.post("/chat/person")
    chat = latest_chat()
    assert chat.status == WAITING

    queue_page = agent_client.get("/agent/chats").text
    assert "1 chat is waiting." in queue_page
    assert "The light is orange" in queue_page

    assert agent_client.post(f"/agent/chats/{chat.id}/take").status_code == 303
    page = agent_client.get(f"/agent/chats/{chat.id}").text
    assert "orange light" in page  # the search, in the context panel
    assert "Answer bot" in page  # the bot's part of the conversation

    client_rev = poll(client).json
    agent_client.post(f"/agent/chats/{chat.id}/reply", data={"body": "Check the cable, please."})
    update = poll(client, after=client_rev["messages"][-1]["id"], rev=client_rev["rev"]).json
    texts = " ".join(m["html"] for m in update["messages"])
    assert "Ana Cruz joined the chat" in texts or "Ana Cruz" in update["panel"]
    assert "Check the cable, please." in texts
    assert "You are chatting with Ana Cruz from our team." in update["panel"]


def test_internal_notes_never_reach_the_customer(client, agent_client):
    agent = available_agent()
    login_as(agent_client, agent)
    client.post("/chat", data={"body": "Help with billing"})
    client.post("/chat/person")
    chat = latest_chat()
    agent_client.post(f"/agent/chats/{chat.id}/take")
    agent_client.post(
        f"/agent/chats/{chat.id}/reply", data={"body": "Customer sounds upset", "internal": "y"}
    )
    assert "Customer sounds upset" in agent_client.get(f"/agent/chats/{chat.id}").text
    assert "Customer sounds upset" not in client.get("/chat").text
    assert "Customer sounds upset" not in str(poll(client).json)


def test_only_the_agent_who_took_it_answers_the_customer(client, agent_client):
    chat_agent, other = available_agent(), available_agent()
    client.post("/chat", data={"body": "Help"})
    client.post("/chat/person")
    chat = latest_chat()
    queue.take(chat_agent, chat)
    login_as(agent_client, other)
    response = agent_client.post(f"/agent/chats/{chat.id}/reply", data={"body": "Hello"})
    assert response.status_code == 400
    assert "Take the chat before you answer the customer." in response.text


def test_capacity_limits_how_many_chats_an_agent_takes(client, app):
    agent = available_agent()
    queue.set_capacity(agent, 1)
    chats = []
    for _ in range(2):
        visitor = app.test_client()
        visitor.post("/chat", data={"body": "Question"})
        visitor.post("/chat/person")
        chats.append(latest_chat())
    queue.take(agent, chats[0])
    with pytest.raises(queue.AtCapacity):
        queue.take(agent, chats[1])


def test_agent_going_away_returns_chat_to_queue_first_in_line(client, agent_client):
    agent = available_agent()
    login_as(agent_client, agent)
    client.post("/chat", data={"body": "Help"})
    client.post("/chat/person")
    chat = latest_chat()
    agent_client.post(f"/agent/chats/{chat.id}/take")
    agent_client.post("/agent/chats/availability", data={"available": "0"})
    db.session.refresh(chat)
    assert chat.status == WAITING and chat.agent_id is None
    assert "Your agent had to leave" in client.get("/chat").text


def test_agent_without_heartbeat_loses_the_chat_to_the_queue(client, app):
    agent = available_agent()
    client.post("/chat", data={"body": "Help"})
    client.post("/chat/person")
    chat = latest_chat()
    queue.take(agent, chat)
    assert chat.status == ACTIVE
    row = queue.presence(agent)
    row.last_seen_at = utcnow() - timedelta(seconds=app.config["PORTAL_CHAT_AGENT_TIMEOUT"] + 5)
    db.session.commit()
    data = poll(client).json
    assert data["status"] == WAITING
    assert "Your agent had to leave" in " ".join(m["html"] for m in data["messages"])


def test_admin_sets_an_agents_capacity(client, login):
    agent = make_user(role="agent", display_name="Ben")
    login(role="admin")
    response = client.post(
        "/agent/chats/capacity", data={"agent_id": agent.id, "capacity": "4"}, follow_redirects=True
    )
    assert "Ben now takes up to 4 chats." in response.text
    assert queue.presence(agent).capacity == 4


def test_an_agent_cannot_set_capacity(client, login):
    agent = make_user(role="agent")
    login(role="agent")
    response = client.post("/agent/chats/capacity", data={"agent_id": agent.id, "capacity": "9"})
    assert response.status_code == 403


def test_context_is_shown_before_the_chat_and_unticked_items_stay_private(client):
    client.get("/search?q=orange+light")
    page = client.get("/chat?from=/kb/").text
    assert "We share this with our team" in page and "orange light" in page
    client.post(
        "/chat",
        data={"body": "Hi", "came_from": "/kb/", "context_offered": "1", "share": ["from"]},
    )
    keys = [item["key"] for item in latest_chat().context]
    assert keys == ["from"]


def test_customer_removes_context_after_the_chat_started(client):
    client.get("/search?q=orange+light")
    client.post("/chat", data={"body": "Hi", "came_from": "/kb/"})
    assert "searches" in [item["key"] for item in latest_chat().context]
    client.post("/chat/context", data={"share": ["from"]})
    assert [item["key"] for item in latest_chat().context] == ["from"]
    assert "orange light" not in client.get("/chat").text


def test_header_tells_agents_how_many_chats_wait_and_names_the_chat(client, agent_client):
    agent = make_user(role="agent")
    login_as(agent_client, agent)
    customer = make_user(role="customer")
    login_as(client, customer)
    client.post("/chat", data={"body": "My bill is wrong\nsecond line"})
    client.post("/chat/person")
    chat = latest_chat()

    assert "1 waiting" in agent_client.get("/kb/").text
    assert "badge-waiting" not in client.get("/kb/").text
    page = agent_client.get(f"/agent/chats/{chat.id}").text
    assert "<h1>My bill is wrong</h1>" in page
    assert "My bill is wrong" in client.get("/tickets/").text
