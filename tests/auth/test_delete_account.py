"""Deleting one's account does what /account/delete says, and pages still render after."""

import re

from flask import url_for

from portal.auth.models import LoginSession, User
from portal.extensions import db
from portal.feedback import services as feedback_services
from portal.feedback.models import SurveyResponse
from portal.forum import notifications
from portal.forum.models import Subscription
from portal.tickets import console
from tests.factories import PASSWORD, make_reply, make_thread, make_ticket, make_user


def test_the_page_states_what_happens_and_asks_for_the_password(client, login):
    login()
    page = client.get("/account/delete").text
    assert "Your requests are closed." in page
    assert "they show “Deleted user” as their author" in page
    assert 'type="password"' in page and "Delete my account" in page
    assert "/account/delete" in client.get("/account").text


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/account/delete").status_code == 302
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302


def test_wrong_password_deletes_nothing(client, login):
    user = login()
    response = client.post("/account/delete", data={"password": "not my password"})
    assert response.status_code == 400
    assert "That is not your password." in response.text
    assert user.deleted_at is None
    assert client.get("/account").status_code == 200


def test_staff_accounts_are_not_deleted_here(client, login):
    agent = login(role="agent")
    page = client.get("/account/delete").text
    assert "Staff accounts are not deleted here." in page
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 400
    assert agent.deleted_at is None


def test_deleting_logs_out_everywhere_and_frees_the_email(client, login, app):
    user = login(email="maria@example.com", display_name="Maria Santos")
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": "maria@example.com", "password": PASSWORD})
    assert other_device.get("/account").status_code == 200
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 303 and response.location.endswith("/")
    assert client.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302
    assert db.session.query(LoginSession).filter_by(user_id=user.id).count() == 0
    db.session.refresh(user)
    assert user.deleted_at is not None
    assert user.email != "maria@example.com" and user.stored_name == ""
    assert user.display_name == "Deleted user"
    failed = client.post("/auth/login", data={"email": "maria@example.com", "password": PASSWORD})
    assert failed.status_code != 303
    # The address can start a new account.
    assert make_user(email="maria@example.com").id != user.id


def test_tickets_are_closed_and_lose_name_email_context_and_links(client, login, app, outbox):
    user = login(email="maria@example.com", display_name="Maria Santos")
    context = [{"key": "from", "label": "Page", "values": [{"text": "/kb/secret"}]}]
    ticket = make_ticket(user, subject="Router", body="My address is 1 Mango St", context=context)
    solved = make_ticket(user, subject="Old one", status="solved")
    version = ticket.link_version
    client.post("/account/delete", data={"password": PASSWORD})
    for t in (ticket, solved):
        db.session.refresh(t)
        assert t.status == "closed" and t.closed_at is not None
        assert t.requester_name == "" and "maria" not in t.requester_email
        assert t.context == []
    assert ticket.link_version == version + 1
    # The conversation stays as the team's record, and replies to it are not mailed.
    assert ticket.messages[0].body == "My address is 1 Mango St"
    agent = make_user(role="agent")
    with app.test_request_context():
        console.agent_reply(ticket, agent, "Anything else?", internal=False)
    assert [m for m in outbox() if "maria" in m["To"]] == []
    client.post("/auth/login", data={"email": agent.email, "password": PASSWORD})
    page = client.get(f"/agent/tickets/{ticket.ref}")
    assert page.status_code == 200
    assert "Deleted user" in page.text and "Maria" not in page.text
    assert "/kb/secret" not in page.text
    queue = client.get("/agent/?done=1")
    assert queue.status_code == 200 and "Deleted user" in queue.text


def test_forum_posts_stay_under_deleted_user_and_subscriptions_go(client, login, app):
    user = login(display_name="Maria Santos")
    thread = make_thread(user, title="Mesh upstairs keeps dropping")
    make_reply(thread, user, body="Update: moving it helped.")
    make_reply(thread, make_user(), body="Glad it works.")
    notifications.subscribe(user.id, thread.id)
    feedback_services.set_watch("article", 7, user, True)
    db.session.add(
        SurveyResponse(
            kind="csat",
            score=2,
            subject_kind="ticket",
            subject_ref="T-1",
            respondent_key=f"e:{user.email}",
            user_id=user.id,
        )
    )
    db.session.commit()
    client.post("/account/delete", data={"password": PASSWORD})
    assert db.session.query(Subscription).filter_by(user_id=user.id).count() == 0
    assert not feedback_services.is_watching("article", 7, user)
    answer = db.session.query(SurveyResponse).one()
    assert answer.score == 2 and "@" not in answer.respondent_key
    page = client.get(f"/forum/t/{thread.id}")
    assert page.status_code == 200
    assert "Update: moving it helped." in page.text
    assert "Deleted user" in page.text and "Maria Santos" not in page.text
    listing = client.get("/forum/")
    assert listing.status_code == 200 and "Maria Santos" not in listing.text
    filipino = app.test_client()
    filipino.set_cookie("locale", "fil")
    assert (
        filipino.get(f"/forum/t/{thread.id}", headers={"Accept-Language": "fil"}).status_code == 200
    )


def test_deleted_user_gets_no_forum_mail(app, outbox):
    gone = make_user(email="gone@example.com")
    thread = make_thread(gone)
    notifications.subscribe(gone.id, thread.id)
    gone.deleted_at = gone.created_at
    db.session.commit()
    from portal.forum import services as forum_services

    with app.test_request_context():
        forum_services.post_reply(make_user(), thread, "Hello?", "k2", url_for=url_for)
    assert outbox() == []
    assert db.session.get(User, gone.id).display_name == "Deleted user"


def test_a_mailed_survey_link_stops_working_and_past_answers_lose_the_account(client, login, app):
    user = login(email="maria@example.com")
    solved = make_ticket(user, subject="Old one", status="solved")
    unanswered = make_ticket(user, subject="Older one", status="solved")
    with app.test_request_context():
        from portal.feedback.surveys import csat_token

        answered_link = f"/feedback/csat/{csat_token('ticket', solved.ref, 'maria@example.com')}"
        link = f"/feedback/csat/{csat_token('ticket', unanswered.ref, 'maria@example.com')}"
    assert client.get(link).status_code == 200
    client.post(answered_link, data={"score": "2", "comment": "Slow"})
    client.post("/account/delete", data={"password": PASSWORD})

    assert client.get(link).status_code == 400
    assert client.post(link, data={"score": "5"}).status_code == 400
    answers = db.session.scalars(db.select(SurveyResponse)).all()
    assert [(a.score, a.user_id) for a in answers] == [(2, None)]
    assert all("maria" not in a.respondent_key for a in answers)


def test_an_open_chat_ends_with_its_ended_line_and_loses_name_and_email(client, login, app):
    from portal.chat import conversation

    user = login(email="maria@example.com")
    with app.test_request_context():
        chat = conversation.start_chat(user, [{"key": "from", "values": []}], "en")
        conversation.remember_visitor(chat, "Maria", "maria@example.com")
        db.session.commit()
    client.post("/account/delete", data={"password": PASSWORD})
    db.session.refresh(chat)
    assert chat.status == "ended" and chat.ended_at is not None
    assert (chat.visitor_name, chat.visitor_email, chat.context) == ("", "", [])
    events = [m.data.get("event") for m in chat.messages if m.kind == "system" and m.data]
    assert events[-1] == "ended"


def test_agents_see_deleted_user_without_the_placeholder_address(client, login, app):
    from portal.chat import conversation

    user = login(email="maria@example.com", display_name="Maria Santos")
    ticket = make_ticket(user, subject="Router")
    with app.test_request_context():
        chat = conversation.start_chat(user, [], "en")
        conversation.send(chat, user, "My router blinks red")
    client.post("/account/delete", data={"password": PASSWORD})
    agent = make_user(role="agent")
    client.post("/auth/login", data={"email": agent.email, "password": PASSWORD})
    pages = {
        "chat": client.get(f"/agent/chats/{chat.id}"),
        "ticket": client.get(f"/agent/tickets/{ticket.ref}"),
        "queue": client.get("/agent/?done=1"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        assert "Deleted user" in page.text, name
        assert "Maria" not in page.text and "maria@example.com" not in page.text, name
        assert "deleted.invalid" not in page.text, name
    facts = pages["chat"].text.split('class="ticket-facts"')[1].split("</p>")[0]
    assert "Deleted user" in facts and "&lt;" not in facts


def language_cookie(response) -> str:
    """The language cookie a response sets, without its Expires date (which moves each second)."""
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]
    return re.sub(r"Expires=[^;]*; ", "", cookie)


def test_the_farewell_keeps_the_language_in_the_cookie_the_language_switch_sets(client, login):
    login(locale="fil")
    farewell = language_cookie(client.post("/account/delete", data={"password": PASSWORD}))
    chosen = language_cookie(client.post("/language", data={"lang": "fil", "next": "/"}))
    assert farewell == chosen
    assert farewell.startswith("lang=fil;") and "Max-Age=31536000" in farewell
    assert "HttpOnly" in farewell and "SameSite=Lax" in farewell
    assert '<html lang="fil">' in client.get("/").text


def test_an_open_chat_ending_is_announced_once_stored(client, login, app):
    from portal.chat import conversation
    from portal.chat.bus import get_bus
    from portal.chat.models import Chat

    heard = []

    def listener(chat_id, revision):
        # A connection of its own sees only what is committed.
        with db.engine.connect() as connection:
            stored = connection.execute(
                db.select(Chat.revision, Chat.status).where(Chat.id == chat_id)
            ).one()
        heard.append((chat_id, revision, *stored))

    user = login(email="maria@example.com")
    with app.test_request_context():
        chat = conversation.start_chat(user, [], "en")
        get_bus().subscribe(listener)
    heard.clear()
    client.post("/account/delete", data={"password": PASSWORD})
    db.session.refresh(chat)
    assert chat.status == "ended"
    assert (chat.id, chat.revision, chat.revision, "ended") in heard
    assert all(stored >= revision for _chat, revision, stored, _status in heard)
