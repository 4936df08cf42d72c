"""Test data made by functions, one call per thing a test needs."""

from __future__ import annotations

import itertools

from portal.auth import services as auth_services
from portal.auth.models import User

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(
    role: str = "customer",
    email: str | None = None,
    display_name: str | None = None,
    password: str = PASSWORD,
    locale: str | None = None,
) -> User:
    """Create a user with a unique email (the test password unless given)."""
    n = next(_counter)
    return auth_services.create_user(
        email or f"{role}{n}@example.com",
        display_name or f"{role.title()} {n}",
        password,
        role=role,
        locale=locale,
    )


def make_ticket(
    user: User | None = None,
    status: str = "open",
    subject: str = "The Wi-Fi drops every evening",
    body: str = "It happens around 8 pm.",
    email: str | None = None,
    name: str = "Visitor",
    context: list | None = None,
    agent: User | None = None,
    agent_reply: str | None = None,
):
    """A ticket with the customer's first message (and an agent's reply when given).

    Without a user it is a visitor's ticket sent from email.
    """
    from datetime import timedelta

    from portal.clock import utcnow
    from portal.extensions import db
    from portal.tickets.models import AGENT, CUSTOMER, Ticket
    from portal.tickets.services import add_message, new_reference

    n = next(_counter)
    now = utcnow()
    ticket = Ticket(
        ref=new_reference(),
        user=user,
        requester_name=user.display_name if user else name,
        requester_email=user.email if user else (email or f"visitor{n}@example.com"),
        subject=subject,
        topic="connection",
        status=status,
        context=context or [],
        created_at=now,
        updated_at=now,
    )
    add_message(ticket, user, CUSTOMER, body)
    if agent_reply:
        add_message(ticket, agent, AGENT, agent_reply)
        ticket.first_response_at = now + timedelta(minutes=5)
        ticket.last_speaker = AGENT
    if status in ("solved", "closed"):
        ticket.solved_at = now
    if status == "closed":
        ticket.closed_at = now
    db.session.add(ticket)
    db.session.commit()
    return ticket
