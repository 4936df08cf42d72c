"""Links to a ticket: the page itself, or a signed one that opens it without an account."""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from portal.tickets.models import Ticket

ACCESS_SALT = "ticket-access"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ACCESS_SALT)


def access_token(ticket: Ticket) -> str:
    """A signed token that opens this one ticket without an account."""
    return _serializer().dumps(ticket.ref)


def signed_ref(token: str) -> str | None:
    """The ticket reference an access token was made for; None if it was tampered with."""
    try:
        return _serializer().loads(token)
    except BadSignature:
        return None


def ticket_url(ticket: Ticket, external: bool = True, **params) -> str:
    """Where the customer reads the ticket; without an account, a signed link."""
    if not ticket.user_id:
        params = {"token": access_token(ticket), **params}
    return url_for("tickets.show", ref=ticket.ref, _external=external, **params)


def link_tickets_url(token: str) -> str:
    """The mailed link that joins visitor tickets to an account."""
    return url_for("tickets.link", token=token, _external=True)
