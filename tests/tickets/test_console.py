"""The agent console: who may enter, the queue, replies, notes, status and assignment."""

import re
from datetime import timedelta

from portal.clock import utcnow
from portal.extensions import db
from portal.tickets.models import Ticket, TicketMessage
from tests.factories import make_ticket, make_user


def test_visitor_is_sent_to_log_in(client):
    response = client.get("/agent/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_customer_is_refused_the_console(client, login):
    login()
    ticket = make_ticket()
    assert client.get("/agent/").status_code == 403
    assert client.get(f"/agent/tickets/{ticket.ref}").status_code == 403
    assert client.post(f"/agent/tickets/{ticket.ref}/reply", data={"body": "x"}).status_code == 403
    assert (
        client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "closed"}).status_code
        == 403
    )
    assert ticket.status == "open"


def test_editor_is_refused_and_admin_admitted(client, login):
    login(role="editor")
    assert client.get("/agent/").status_code == 403
    client.post("/auth/logout")
    login(role="admin")
    assert client.get("/agent/").status_code == 200


def test_queue_counts_tickets_per_status(client, login):
    login(role="agent")
    for status in ("open", "open", "waiting", "solved"):
        make_ticket(status=status)
    page = client.get("/agent/").text
    assert "Open: <strong>2</strong>" in page
    assert "Waiting for customer: <strong>1</strong>" in page
    assert "Solved: <strong>1</strong>" in page
    assert "Closed: <strong>0</strong>" in page


def test_queue_filters_by_status_and_assignment(client, login):
    agent = login(role="agent")
    mine = make_ticket(subject="Mine to do")
    mine.assignee = agent
    db.session.commit()
    make_ticket(subject="Nobody has it")
    make_ticket(subject="Done already", status="solved")
    assert "Done already" not in client.get("/agent/?status=open").text
    assigned = client.get("/agent/?assigned=me").text
    assert "Mine to do" in assigned and "Nobody has it" not in assigned
    unassigned = client.get("/agent/?assigned=none").text
    assert "Nobody has it" in unassigned and "Mine to do" not in unassigned


def test_queue_sorts_by_waiting_longest(client, login, clock):
    login(role="agent")
    clock.moment = utcnow() - timedelta(days=3)
    make_ticket(subject="Asked days ago")
    clock.moment = None
    make_ticket(subject="Asked just now")
    make_ticket(subject="Ball in their court", status="waiting")
    page = client.get("/agent/?sort=waiting_longest").text
    assert page.index("Asked days ago") < page.index("Asked just now") < page.index("Ball in")


def test_queue_puts_the_longest_waiting_customer_first_by_default(client, login, clock):
    agent = login(role="agent")
    now = utcnow()
    clock.moment = now - timedelta(days=10)
    make_ticket(subject="Old question, fresh reply from us", agent=agent, agent_reply="Hi")
    clock.moment = now - timedelta(days=5)
    make_ticket(subject="Customer wrote back")
    clock.moment = now - timedelta(days=7)
    make_ticket(subject="Quiet for a week")
    clock.moment = None
    page = client.get("/agent/").text
    assert page.index("Quiet for a week") < page.index("Customer wrote back")
    # The ticket we answered last waits on nobody here: it comes after the waiting ones.
    assert page.index("Customer wrote back") < page.index("Old question")
    assert "Waiting since" in page and "Not waiting on us" in page


def test_waiting_since_is_the_customers_last_public_message(client, login, clock):
    agent = login(role="agent")
    clock.moment = utcnow() - timedelta(days=4)
    ticket = make_ticket(subject="Several messages")
    clock.moment = None
    client.post(
        f"/agent/tickets/{ticket.ref}/reply", data={"body": "Try this", "visibility": "public"}
    )
    from portal.tickets.services import customer_reply

    reply = customer_reply(ticket, ticket.user, "Did not help")
    client.post(
        f"/agent/tickets/{ticket.ref}/reply", data={"body": "Looking", "visibility": "internal"}
    )
    from portal.tickets import console

    [row] = console.queue(agent, view="waiting").items
    assert row.waiting_since == reply.created_at


def test_views_mine_unassigned_waiting_and_all_open(client, login):
    agent = login(role="agent")
    colleague = make_user(role="agent")
    mine = make_ticket(subject="Given to me")
    mine.assignee = agent
    theirs = make_ticket(subject="Given to a colleague", agent=colleague, agent_reply="On it")
    theirs.assignee = colleague
    make_ticket(subject="Nobody took it")
    make_ticket(subject="Solved already", status="solved")
    make_ticket(subject="Closed long ago", status="closed")
    db.session.commit()

    def listed(url):
        page = client.get(url).text
        subjects = ("Given to me", "Given to a colleague", "Nobody took it", "Solved already",
                    "Closed long ago")  # fmt: skip
        return {s for s in subjects if s in page}

    assert listed("/agent/") == {"Given to me", "Given to a colleague", "Nobody took it"}
    assert listed("/agent/?view=open") == listed("/agent/")
    assert listed("/agent/?view=mine") == {"Given to me"}
    assert listed("/agent/?view=unassigned") == {"Nobody took it"}
    assert listed("/agent/?view=waiting") == {"Given to me", "Nobody took it"}
    # Solved and closed tickets are hidden until asked for.
    assert listed("/agent/?done=1") == {
        "Given to me", "Given to a colleague", "Nobody took it", "Solved already",
        "Closed long ago",
    }  # fmt: skip
    assert listed("/agent/?status=closed") == {"Closed long ago"}
    # The old ?assigned= links open the matching view.
    assert listed("/agent/?assigned=me") == {"Given to me"}
    page = client.get("/agent/?view=waiting").text
    assert 'aria-current="page">Waiting on us <span class="count">2</span>' in page
    assert 'All open <span class="count">3</span>' in page
    assert 'Mine <span class="count">1</span>' in page


def test_queue_reads_a_fixed_number_of_statements(client, login, app):
    from sqlalchemy import event

    agent = login(role="agent")
    colleague = make_user(role="agent")

    def statements():
        seen = []

        def count(*args):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/agent/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    make_ticket(subject="One").assignee = agent
    db.session.commit()
    few = statements()
    for n in range(20):
        ticket = make_ticket(subject=f"Many {n}", agent=colleague, agent_reply="Hi")
        ticket.assignee = colleague if n % 2 else agent
    db.session.commit()
    assert statements() == few


def test_queue_ignores_unknown_filters(client, login):
    login(role="agent")
    make_ticket(subject="Still listed")
    page = client.get("/agent/?status=bogus&assigned=x&sort=y&page=-3&view=z&done=maybe")
    assert page.status_code == 200
    assert "Still listed" in page.text


def test_ticket_view_shows_context_and_earlier_tickets(client, login):
    login(role="agent")
    customer = make_user(display_name="Maria")
    make_ticket(customer, subject="Last month's question", status="closed")
    context = [
        {"key": "from", "label": "The page you came from", "values": [{"text": "/kb/reset"}]},
        {
            "key": "searches",
            "label": "x",
            "values": [{"text": "orange light", "note": "no_results"}],
        },
    ]
    ticket = make_ticket(customer, subject="Today", context=context)
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert "The page you came from" in page and "/kb/reset" in page
    assert "Your recent searches" in page and "orange light" in page and "no results" in page
    assert "Last month&#39;s question" in page


def test_unknown_ticket_is_404_for_agents(client, login):
    login(role="agent")
    assert client.get("/agent/tickets/T-NOPE0000").status_code == 404


def test_public_reply_is_mailed_and_waits_for_the_customer(client, login, outbox):
    agent = login(role="agent", display_name="Ana Cruz")
    customer = make_user(email="maria@example.com")
    ticket = make_ticket(customer)
    response = client.post(
        f"/agent/tickets/{ticket.ref}/reply",
        data={"body": "Please restart the main point.", "visibility": "public"},
    )
    assert response.status_code == 303
    assert ticket.status == "waiting"
    assert ticket.last_speaker == "agent"
    assert ticket.first_response_at is not None
    assert ticket.assignee_id == agent.id
    [mail] = outbox()
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert mail["To"] == "maria@example.com"
    assert ticket.ref in mail["Subject"]
    assert "Please restart the main point." in body
    assert f"/tickets/{ticket.ref}" in body


def test_reply_to_a_visitor_mails_a_signed_link(client, login, outbox):
    login(role="agent")
    ticket = make_ticket(email="guest@example.com")
    client.post(f"/agent/tickets/{ticket.ref}/reply", data={"body": "Hi", "visibility": "public"})
    body = outbox()[0].get_body(preferencelist=("plain",)).get_content()
    assert f"/tickets/{ticket.ref}?token=" in body


def test_internal_note_is_not_mailed_and_changes_nothing_for_the_customer(client, login, outbox):
    login(role="agent")
    customer = make_user()
    ticket = make_ticket(customer)
    before = ticket.updated_at
    client.post(
        f"/agent/tickets/{ticket.ref}/reply",
        data={"body": "Known issue with firmware 4.1", "visibility": "internal"},
    )
    assert outbox() == []
    assert ticket.status == "open"
    assert ticket.first_response_at is None
    assert ticket.updated_at == before
    agent_page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert "Known issue with firmware 4.1" in agent_page and "Internal note" in agent_page
    # A later public reply mails only itself, never the note.
    client.post(
        f"/agent/tickets/{ticket.ref}/reply", data={"body": "Fixed.", "visibility": "public"}
    )
    [mail] = outbox()
    assert "firmware 4.1" not in mail.get_body(preferencelist=("plain",)).get_content()


def test_reply_without_text_shows_the_error(client, login):
    login(role="agent")
    ticket = make_ticket()
    response = client.post(f"/agent/tickets/{ticket.ref}/reply", data={"visibility": "public"})
    assert response.status_code == 400
    assert "This field is required." in response.text


def test_status_changes_record_resolution(client, login):
    login(role="agent")
    ticket = make_ticket()
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "solved"})
    assert ticket.status == "solved" and ticket.solved_at is not None
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "closed"})
    assert ticket.status == "closed" and ticket.closed_at is not None
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "open"})
    assert ticket.status == "open" and ticket.solved_at is None and ticket.closed_at is None
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "nonsense"})
    assert ticket.status == "open"


def test_first_response_is_kept_from_the_first_reply(client, login):
    login(role="agent")
    ticket = make_ticket()
    client.post(f"/agent/tickets/{ticket.ref}/reply", data={"body": "One", "visibility": "public"})
    first = ticket.first_response_at
    client.post(f"/agent/tickets/{ticket.ref}/reply", data={"body": "Two", "visibility": "public"})
    assert ticket.first_response_at == first


def test_assign_to_another_agent_to_me_and_to_nobody(client, login):
    me = login(role="agent")
    colleague = make_user(role="agent", display_name="Colleague")
    customer = make_user()
    ticket = make_ticket()
    client.post(f"/agent/tickets/{ticket.ref}/assign", data={"assignee": colleague.id})
    assert ticket.assignee_id == colleague.id
    client.post(f"/agent/tickets/{ticket.ref}/assign", data={"me": "1"})
    assert ticket.assignee_id == me.id
    client.post(f"/agent/tickets/{ticket.ref}/assign", data={"assignee": customer.id})
    assert ticket.assignee_id == me.id
    client.post(f"/agent/tickets/{ticket.ref}/assign", data={"assignee": 0})
    assert ticket.assignee_id is None


def test_close_solved_command_closes_after_the_reopen_window(app, runner):
    old = make_ticket(status="solved")
    old.solved_at = utcnow() - timedelta(days=app.config["PORTAL_TICKET_REOPEN_DAYS"] + 1)
    fresh = make_ticket(status="solved")
    db.session.commit()
    result = runner.invoke(args=["tickets", "close-solved"])
    assert result.exit_code == 0
    assert "Closed 1" in result.output
    db.session.expire_all()
    assert old.status == "closed" and fresh.status == "solved"


def test_a_promised_follow_up_waits_in_its_view_until_an_agent_answers(client, login, app):
    from portal.feedback.models import SurveyResponse
    from portal.tickets import console

    agent = login("agent")
    customer = make_user()
    unhappy = make_ticket(customer, subject="Still dropping", status="solved", agent=agent,
                          agent_reply="Try a restart.")  # fmt: skip
    content = make_ticket(customer, subject="All good now", status="solved")
    for ticket, score, comment in ((unhappy, 1, "Nobody helped"), (content, 5, "Thanks")):
        db.session.add(SurveyResponse(kind="csat", score=score, comment=comment,
                                      subject_kind="ticket", subject_ref=ticket.ref,
                                      respondent_key=f"e:{customer.email}"))  # fmt: skip
    db.session.commit()
    page = client.get("/agent/?view=follow_up").text
    assert "Still dropping" in page and "All good now" not in page
    assert "Follow-up promised" in client.get("/agent/").text
    with app.test_request_context():
        console.agent_reply(unhappy, agent, "Sorry about that, let us look again.", internal=False)
    assert "Still dropping" not in client.get("/agent/?view=follow_up").text


def queue_rows(page: str) -> dict[str, str]:
    """The queue's rows by the subject of their ticket."""
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    return {re.search(r'">([^<]+)</a>', row)[1]: row for row in rows}


def shown_time(moment) -> str:
    return f'datetime="{moment:%Y-%m-%dT%H:%MZ}"'


def test_the_console_shows_since_when_each_customer_waits_on_us(client, login, clock):
    from portal.tickets.services import customer_reply

    login(role="agent")
    customer = make_user()
    now = utcnow()
    clock.moment = now - timedelta(days=3)
    answered = make_ticket(customer, subject="We answered")
    wrote_again = make_ticket(customer, subject="Wrote again after our answer")
    clock.moment = now - timedelta(days=2)
    untouched = make_ticket(customer, subject="Nobody answered yet")
    clock.moment = now - timedelta(days=1)
    for ticket in (answered, wrote_again):
        client.post(
            f"/agent/tickets/{ticket.ref}/reply",
            data={"body": "Restart it", "visibility": "public"},
        )
    client.post(
        f"/agent/tickets/{untouched.ref}/reply", data={"body": "Ask Ben", "visibility": "internal"}
    )
    clock.moment = now - timedelta(hours=3)
    again = customer_reply(wrote_again, customer, "Still dropping.")
    clock.moment = None

    assert answered.waiting_since is None
    assert untouched.waiting_since == untouched.messages[0].created_at  # a note changes nothing
    assert wrote_again.waiting_since == again.created_at
    rows = queue_rows(client.get("/agent/").text)
    assert list(rows) == ["Nobody answered yet", "Wrote again after our answer", "We answered"]
    assert shown_time(now - timedelta(days=2)) in rows["Nobody answered yet"]
    assert shown_time(now - timedelta(hours=3)) in rows["Wrote again after our answer"]
    assert "Not waiting on us" in rows["We answered"]
    waiting = queue_rows(client.get("/agent/?view=waiting").text)
    assert list(waiting) == ["Nobody answered yet", "Wrote again after our answer"]


def test_a_ticket_set_to_wait_for_the_customer_is_not_waiting_on_us(client, login):
    login(role="agent")
    ticket = make_ticket(subject="Called them")
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "waiting"})
    rows = queue_rows(client.get("/agent/").text)
    assert "Not waiting on us" in rows["Called them"]
    assert "Called them" not in client.get("/agent/?view=waiting").text
    client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": "open"})
    rows = queue_rows(client.get("/agent/?view=waiting").text)
    assert shown_time(ticket.messages[0].created_at) in rows["Called them"]


def test_the_migration_fills_in_since_when_customers_wait(app):
    from flask_migrate import downgrade, upgrade

    from portal.tickets.services import customer_reply

    agent = make_user(role="agent")
    waiting = make_ticket(subject="Wrote twice", agent=agent, agent_reply="Restart it")
    reply = customer_reply(waiting, waiting.user, "No luck.")
    answered = make_ticket(subject="Answered", agent=agent, agent_reply="Restart it")
    ids = {waiting.id: reply.created_at, answered.id: None}
    messages = db.session.scalar(db.select(db.func.count(TicketMessage.id)))
    db.session.close()  # no read of this session may hold a lock the downgrade waits for

    downgrade(revision="insights_0003")
    upgrade()
    db.session.expire_all()

    stored = dict(db.session.execute(db.select(Ticket.id, Ticket.waiting_since)).all())
    assert stored == ids
    assert db.session.scalar(db.select(db.func.count(TicketMessage.id))) == messages
