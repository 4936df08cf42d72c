"""Joining a visitor's earlier tickets to an account once its email is proven."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.mail import send_mail
from portal.tickets.links import link_tickets_url
from portal.tickets.models import Ticket

LINK_SALT = "ticket-link"
# One mail per hour at most, however often the person logs in.
RESEND_AFTER = timedelta(hours=1)


class InvalidLink(Exception):
    """The link is tampered with, expired, or meant for another account."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def _unlinked(email: str):
    return (Ticket.user_id.is_(None), Ticket.requester_email == email.strip().lower())


def unlinked_ticket_count(user: User) -> int:
    """How many visitor tickets were sent from this account's email and wait to join it."""
    stmt = select(func.count(Ticket.id)).where(*_unlinked(user.email))
    return db.session.scalar(stmt) or 0


def make_link_token(user: User) -> str:
    """A signed token naming the account and the email it proves."""
    return _serializer().dumps({"u": user.id, "e": user.email})


def offer_ticket_linking(user: User, force: bool = False) -> bool:
    """Mail a confirmation link when visitor tickets share the account's email.

    Returns True when a mail went out. Without force, at most one mail an hour.
    """
    tickets = db.session.scalars(select(Ticket).where(*_unlinked(user.email))).all()
    if not tickets:
        return False
    now = utcnow()
    last = max((t.link_offered_at for t in tickets if t.link_offered_at), default=None)
    if not force and last and now - last < RESEND_AFTER:
        return False
    for ticket in tickets:
        ticket.link_offered_at = now
    db.session.commit()
    send_mail(
        user.email,
        _l("Add your earlier requests to your account"),
        "ticket_link",
        locale=user.locale or tickets[0].locale,
        user=user,
        count=len(tickets),
        link=link_tickets_url(make_link_token(user)),
        hours=current_app.config["PORTAL_TICKET_LINK_MAX_AGE"] // 3600,
    )
    return True


def check_link_token(user: User, token: str) -> None:
    """Raise InvalidLink unless the token was made for this account and its current email."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PORTAL_TICKET_LINK_MAX_AGE"])
    except BadSignature as exc:
        raise InvalidLink() from exc
    if not isinstance(data, dict) or data.get("u") != user.id or data.get("e") != user.email:
        raise InvalidLink()


def link_tickets(user: User, token: str) -> int:
    """Join every visitor ticket sent from the proven email to the account; returns how many."""
    check_link_token(user, token)
    result = db.session.execute(
        update(Ticket).where(*_unlinked(user.email)).values(user_id=user.id)
    )
    db.session.commit()
    return result.rowcount or 0
