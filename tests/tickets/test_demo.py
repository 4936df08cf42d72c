"""Demo tickets: Maria has at least five in every status, loaded once."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.tickets.models import STATUSES, Ticket


def test_demo_customer_has_five_tickets_in_every_status(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    rows = db.session.execute(
        select(Ticket.status, func.count(Ticket.id)).group_by(Ticket.status)
    ).all()
    counts = dict(rows)
    assert all(counts.get(status, 0) >= 5 for status in STATUSES), counts
    tickets = db.session.scalars(select(Ticket)).all()
    assert {t.requester_email for t in tickets} == {"customer@example.com"}
    waiting = [t for t in tickets if t.status == "waiting"]
    assert all(t.last_speaker == "agent" and t.first_response_at for t in waiting)
    assert any(m.internal for t in tickets for m in t.messages)


def test_demo_tickets_load_once(runner):
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(args=["demo", "load"])
    assert "0 created, 20 already there" in result.output
    assert db.session.scalar(select(func.count(Ticket.id))) == 20


def test_demo_customer_sees_the_tickets_and_the_agent_the_queue(runner, client):
    runner.invoke(args=["demo", "load"])
    client.post(
        "/auth/login", data={"email": "customer@example.com", "password": "demo-customer-pass"}
    )
    page = client.get("/tickets/").text
    assert "Wi-Fi drops every evening around 8" in page
    assert "Payment provider shows one capture" not in page
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": "agent@example.com", "password": "demo-agent-pass"})
    assert "Waiting for customer: <strong>5</strong>" in client.get("/agent/").text
