"""One customer never sees another's chat; customers never reach /agent/chats; bad input."""

import pytest

from portal.chat.models import ChatMessage
from portal.extensions import db
from tests.chat.helpers import latest_chat, poll
from tests.factories import make_user


def test_another_visitor_never_sees_a_chat(app, client):
    client.post("/chat", data={"body": "My address is 12 Secret Street"})
    stranger = app.test_client()
    assert "12 Secret Street" not in stranger.get("/chat").text
    assert poll(stranger).json == {"gone": True}


def test_a_forged_chat_token_opens_nothing(app, client):
    client.post("/chat", data={"body": "My address is 12 Secret Street"})
    chat = latest_chat()
    stranger = app.test_client()
    with stranger.session_transaction() as session:
        session["chat_token"] = f'[{chat.id}, "{chat.secret}"].forged'
    assert "12 Secret Street" not in stranger.get("/chat").text
    assert poll(stranger).json == {"gone": True}


def test_a_members_chat_is_not_opened_by_someone_else_with_the_token(app, client, login):
    login()
    client.post("/chat", data={"body": "Account number 998877"})
    with client.session_transaction() as session:
        token = session["chat_token"]
    other = app.test_client()
    with other.session_transaction() as session:
        session["chat_token"] = token
    assert "998877" not in other.get("/chat").text


def test_past_chat_of_another_member_is_404(app, client, login):
    owner = app.test_client()
    from tests.chat.test_handoff import login_as

    login_as(owner, make_user())
    owner.post("/chat", data={"body": "Private question"})
    chat = latest_chat()
    login()
    assert client.get(f"/chat/past/{chat.ref}").status_code == 404


def test_customers_never_reach_agent_chats(client, login):
    login()
    assert client.get("/agent/chats").status_code == 403
    assert client.get("/agent/chats/1").status_code == 403
    assert client.post("/agent/chats/availability", data={"available": "1"}).status_code == 403


def test_visitors_are_sent_to_log_in_from_agent_chats(client):
    response = client.get("/agent/chats")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_agent_chat_unknown_is_404(client, login):
    login(role="agent")
    assert client.get("/agent/chats/99999").status_code == 404


def test_an_empty_message_gets_a_clear_message(client):
    response = client.post("/chat", data={"body": "   "})
    assert response.status_code == 400
    assert "Please write a message first." in response.text


def test_an_oversized_message_is_refused_with_the_limit(client):
    response = client.post("/chat", data={"body": "x" * 2001})
    assert response.status_code == 400
    assert "Please keep a message under 2000 characters." in response.text
    assert db.session.scalars(db.select(ChatMessage)).first() is None


def test_an_oversized_body_is_413(client):
    response = client.post("/chat", data={"body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_markup_is_shown_as_text(client, login):
    client.post("/chat", data={"body": '<script>alert("x")</script><b>bold</b>'})
    page = client.get("/chat").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_the_chat_script_gets_a_clear_error_as_json(client):
    response = client.post("/chat", data={"body": ""}, headers={"X-Chat-Client": "1"})
    assert response.status_code == 400
    assert response.json == {"ok": False, "message": "Please write a message first."}


class TestRateLimit:
    @pytest.fixture
    def app_overrides(self):
        return {"PORTAL_CHAT_SEND_RATE": (3, 60)}

    def test_sending_too_fast_is_stopped_and_keeps_the_text(self, client):
        for n in range(3):
            assert client.post("/chat", data={"body": f"Message {n}"}).status_code == 303
        response = client.post("/chat", data={"body": "One more thing"})
        assert response.status_code == 429
        assert "You are sending messages very quickly." in response.text
        assert "One more thing" in response.text
