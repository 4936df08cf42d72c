"""Absolute links to a ticket for mails: the page itself, or a signed one for visitors."""

from __future__ import annotations

from flask import url_for

from portal.tickets.models import Ticket
from portal.tickets.services import access_token


def ticket_url(ticket: Ticket, external: bool = True, **params) -> str:
    """Where the customer reads the ticket; without an account, a signed link."""
    if not ticket.user_id:
        params = {"token": access_token(ticket), **params}
    return url_for("tickets.show", ref=ticket.ref, _external=external, **params)


def link_tickets_url(token: str) -> str:
    """The mailed link that joins visitor tickets to an account."""
    return url_for("tickets.link", token=token, _external=True)
