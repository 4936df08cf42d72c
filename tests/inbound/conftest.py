"""Fixtures for mail in: a help address, the receive command, and an answered ticket."""

from __future__ import annotations

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.tickets import console
from tests.factories import make_ticket, make_user


@pytest.fixture
def app_overrides():
    return {"PORTAL_INBOUND_ADDRESS": "Help Centre <help@help.example.com>"}


@pytest.fixture
def receive(runner):
    def _receive(raw: bytes):
        return runner.invoke(args=["mail", "receive"], input=raw)

    return _receive


@pytest.fixture
def answered(app, outbox):
    """A visitor's ticket an agent answered, and the mail the customer got."""

    def _answered(status: str = "open", user=None):
        ticket = make_ticket(user, email=None if user else "ana@example.org", name="Ana Cruz")
        agent = make_user(role="agent")
        with app.test_request_context():
            console.agent_reply(ticket, agent, "Please restart the router.", False)
        if status == "solved":
            ticket.status = "solved"
            ticket.solved_at = utcnow()
            db.session.commit()
        return ticket, outbox()[-1]

    return _answered
