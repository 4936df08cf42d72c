"""Staff actions on a thread: a ticket for its author, an article draft from a solved thread."""

from sqlalchemy import select

from portal.extensions import db
from portal.forum import services as forum_services
from portal.kb.models import Article
from portal.tickets.models import Ticket
from tests.factories import make_category, make_reply, make_thread, make_user


def solved_thread():
    asker = make_user(display_name="Lorna Reyes", email="lorna@example.com")
    thread = make_thread(
        asker,
        title="Orange light after the update",
        body="Since the update my node shows orange. Text me on 0917-123-4567. Lorna",
    )
    answer = make_reply(thread, make_user(display_name="Ben Cruz"), "Hold reset for 10 seconds.")
    forum_services.accept_answer(asker, answer)
    return thread


def test_agent_opens_a_ticket_for_the_author_with_the_thread_as_context(client, login, outbox):
    thread = solved_thread()
    agent = login("agent")
    page = client.get(f"/forum/t/{thread.id}").text
    assert "Open a ticket for the author" in page
    response = client.post(f"/forum/t/{thread.id}/ticket")
    [ticket] = db.session.scalars(select(Ticket)).all()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/agent/tickets/{ticket.ref}"
    assert ticket.user_id == thread.author_id and ticket.assignee_id == agent.id
    assert ticket.subject == "Orange light after the update"
    assert "my node shows orange" in ticket.messages[0].body
    [item] = ticket.context
    assert item["key"] == "thread" and f"/forum/t/{thread.id}/" in item["values"][0]["text"]
    assert ticket.ref in outbox()[-1]["Subject"] and outbox()[-1]["To"] == "lorna@example.com"
    agent_view = client.get(response.headers["Location"]).text
    assert "Community thread" in agent_view and f"/forum/t/{thread.id}/" in agent_view


def test_editor_starts_a_draft_from_a_solved_thread(client, login):
    make_category("Troubleshooting")
    thread = solved_thread()
    editor = login("editor")
    page = client.get(f"/forum/t/{thread.id}").text
    assert "Start an article draft" in page and "Open a ticket for the author" not in page
    response = client.post(f"/forum/t/{thread.id}/kb-draft")
    [draft] = db.session.scalars(select(Article)).all()
    assert response.headers["Location"] == f"/editor/articles/{draft.id}"
    assert (draft.status, draft.author_id) == ("draft", editor.id)
    assert "my node shows orange" in draft.body_md and "Hold reset for 10 seconds." in draft.body_md
    assert "0917" not in draft.body_md and "Lorna" not in draft.body_md
    assert "Orange light after the update" in client.get(response.headers["Location"]).text


def test_an_unsolved_thread_offers_no_draft(client, login):
    make_category("Troubleshooting")
    thread = make_thread()
    login("editor")
    assert "Start an article draft" not in client.get(f"/forum/t/{thread.id}").text
    client.post(f"/forum/t/{thread.id}/kb-draft")
    assert db.session.scalars(select(Article)).all() == []


def test_members_and_visitors_get_no_staff_actions(client, login):
    make_category("Troubleshooting")
    thread = solved_thread()
    assert "Staff actions" not in client.get(f"/forum/t/{thread.id}").text
    assert client.post(f"/forum/t/{thread.id}/ticket").status_code == 302
    login("customer")
    assert "Staff actions" not in client.get(f"/forum/t/{thread.id}").text
    assert client.post(f"/forum/t/{thread.id}/ticket").status_code == 403
    assert client.post(f"/forum/t/{thread.id}/kb-draft").status_code == 403
    assert db.session.scalars(select(Ticket)).all() == []
    assert db.session.scalars(select(Article)).all() == []


def test_agents_cannot_draft_and_editors_cannot_open_tickets(client, login):
    make_category("Troubleshooting")
    thread = solved_thread()
    login("agent")
    assert client.post(f"/forum/t/{thread.id}/kb-draft").status_code == 403
    client.post("/auth/logout")
    login("editor")
    assert client.post(f"/forum/t/{thread.id}/ticket").status_code == 403


def test_unknown_thread_is_404(client, login):
    login("admin")
    assert client.post("/forum/t/999999/ticket").status_code == 404
    assert client.post("/forum/t/999999/kb-draft").status_code == 404
