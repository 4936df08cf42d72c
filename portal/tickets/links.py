"""Links to a ticket: the page itself, or a signed one that opens it without an account."""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.tickets.models import Ticket

ACCESS_SALT = "ticket-access"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=ACCESS_SALT)


def access_token(ticket: Ticket) -> str:
    """A signed, expiring token that opens this one ticket without an account."""
    return _serializer().dumps([ticket.ref, ticket.link_version])


def signed_ref(token: str) -> tuple[str, int] | None:
    """(reference, link version) a token was made for; None if tampered with or expired."""
    max_age = current_app.config["PORTAL_TICKET_ACCESS_MAX_AGE"]
    try:
        ref, version = _serializer().loads(token, max_age=max_age)
    except (BadSignature, TypeError, ValueError):
        return None
    return str(ref), version


def ticket_url(ticket: Ticket, external: bool = True, **params) -> str:
    """Where the customer reads the ticket; without an account, a signed link."""
    if not ticket.user_id:
        params = {"token": access_token(ticket), **params}
    return url_for("tickets.show", ref=ticket.ref, _external=external, **params)


def link_tickets_url(token: str) -> str:
    """The mailed link that joins visitor tickets to an account."""
    return url_for("tickets.link", token=token, _external=True)
