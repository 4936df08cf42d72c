"""Visitor tickets: an email is proven by the mailed link; links expire and can be stopped."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.tickets.models import Ticket
from tests.factories import make_ticket, make_user

VISITOR = {
    "name": "Someone",
    "email": "maria@example.com",
    "subject": "Change my plan",
    "topic": "connection",
    "message": "Please move me to the cheap plan.",
}


def _link(outbox) -> str:
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/tickets/\S+\?token=\S+)", body).group(1)


def test_a_visitor_gets_a_confirmation_and_no_way_into_the_ticket(client, outbox):
    response = client.post("/contact", data=VISITOR, follow_redirects=True)
    assert response.status_code == 200
    assert "We sent a link to your email" in response.text
    ticket = db.session.scalar(db.select(Ticket))
    assert f"/tickets/{ticket.ref}" not in response.text
    assert ticket.email_verified_at is None


def test_agents_see_an_unproven_sender_and_none_of_the_customers_history(client, login, outbox):
    maria = make_user(email="maria@example.com")
    make_ticket(maria, subject="My private billing question")
    client.post("/contact", data=VISITOR)
    ticket = db.session.scalar(db.select(Ticket).where(Ticket.user_id.is_(None)))
    login(role="agent")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert 'id="unverified-sender"' in page
    assert "My private billing question" not in page
    client.post("/auth/logout")
    client.get(_link(outbox))  # the owner of the address opens the mailed link
    login(role="agent")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert 'id="unverified-sender"' not in page
    assert "My private billing question" in page


def test_mailed_links_expire(app, client, outbox, monkeypatch):
    client.post("/contact", data=VISITOR)
    link = _link(outbox)
    assert client.get(link).status_code == 200
    app.config["PORTAL_TICKET_ACCESS_MAX_AGE"] = -1
    assert client.get(link).status_code == 404


def test_agents_can_stop_the_links_mailed_so_far(client, login, outbox):
    client.post("/contact", data=VISITOR)
    link = _link(outbox)
    ticket = db.session.scalar(db.select(Ticket))
    login(role="agent")
    response = client.post(f"/agent/tickets/{ticket.ref}/revoke-links")
    assert response.status_code == 303
    client.post("/auth/logout")
    assert client.get(link).status_code == 404
    login(role="agent")
    client.post(
        f"/agent/tickets/{ticket.ref}/reply", data={"body": "Done.", "visibility": "public"}
    )
    client.post("/auth/logout")
    assert client.get(_link(outbox)).status_code == 200  # the new mail's link works


@pytest.mark.parametrize("token", ["x", "W10.abc", "InQtMSI.x.y"])
def test_malformed_links_are_404(client, token):
    ticket = make_ticket(email="guest@example.com")
    assert client.get(f"/tickets/{ticket.ref}?token={token}").status_code == 404
