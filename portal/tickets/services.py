"""Customer-side ticket operations: open, read, reply, solve, reopen, list."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, bindparam, case, exists, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import User, erased_email
from portal.clock import utcnow
from portal.extensions import db
from portal.mail import send_mail
from portal.tickets.addresses import ticket_mail_headers
from portal.tickets.links import signed_ref, ticket_url
from portal.tickets.models import (
    CLOSED,
    CUSTOMER,
    OPEN,
    SOLVED,
    STATUSES,
    TOPICS,
    WAITING,
    Ticket,
    TicketMessage,
    new_reference,
)
from portal.tickets.rendering import render_message


class TicketError(Exception):
    """A ticket action the customer cannot take right now."""


class TicketClosed(TicketError):
    """The ticket is closed, or solved longer ago than the reopen window."""


class NotSolved(TicketError):
    """Only a solved ticket can be reopened."""


# Relationships other features give a message (inbound: its attachments and the mail it came
# from): loaded with the conversation, in the messages' own statement. Kept by
# name because they are backrefs, which exist only once the mappers are configured.
_message_relations: set[str] = set()
_by_ref_with_conversation: Select | None = None


def register_message_relation(name: str) -> None:
    """Load this relationship of TicketMessage with every conversation."""
    global _by_ref_with_conversation
    _message_relations.add(name)
    _by_ref_with_conversation = None


_BY_REF = select(Ticket).where(Ticket.ref == bindparam("ref"))


def _with_conversation() -> Select:
    # Built on first use (the relationships other features add exist only by then) and kept.
    global _by_ref_with_conversation
    if _by_ref_with_conversation is None:
        messages = selectinload(Ticket.messages)
        _by_ref_with_conversation = _BY_REF.options(
            joinedload(Ticket.user),
            joinedload(Ticket.assignee),
            messages.joinedload(TicketMessage.author),
            # Joined too: few messages have any, so the extra rows cost less than a statement.
            *(messages.joinedload(getattr(TicketMessage, n)) for n in sorted(_message_relations)),
        )
    return _by_ref_with_conversation


def ticket_by_ref(ref: str, conversation: bool = False) -> Ticket | None:
    """The ticket with that reference, or None; with its messages and their authors if asked."""
    return db.session.scalar(_with_conversation() if conversation else _BY_REF, {"ref": ref})


def get_ticket_for(user: User, ref: str) -> Ticket:
    """The user's own ticket, with its conversation; 404 for anyone else's or an unknown one."""
    ticket = ticket_by_ref(ref, conversation=True)
    if ticket is None or ticket.user_id is None or ticket.user_id != user.id:
        abort(404)
    return ticket


def get_ticket_for_token(ref: str, token: str) -> Ticket:
    """The ticket a signed link opens; 404 for a tampered link or another ticket's."""
    signed = signed_ref(token)
    ticket = ticket_by_ref(ref, conversation=True) if signed else None
    if ticket is None or signed != (ticket.ref, ticket.link_version):
        abort(404)
    return ticket


def confirm_email(ticket: Ticket) -> None:
    """The requester opened a mailed link: the email is theirs."""
    if ticket.email_verified_at is None:
        ticket.email_verified_at = utcnow()
        db.session.commit()


def revoke_links(ticket: Ticket) -> None:
    """Make every link mailed for this ticket so far stop working."""
    ticket.link_version += 1
    db.session.commit()


def _unique_reference() -> str:
    while True:
        ref = new_reference()
        if ticket_by_ref(ref) is None:
            return ref


def add_message(
    ticket: Ticket,
    author: User | None,
    kind: str,
    body: str,
    internal: bool = False,
    at: datetime | None = None,
) -> TicketMessage:
    """Append a rendered message (written now, or `at`) to the ticket; the caller commits.

    Every message goes through here, so here the ticket learns since when the customer
    waits: from their latest public message until a public answer from the team.
    """
    message = TicketMessage(
        author=author,
        author_kind=kind,
        body=body.strip(),
        body_html=render_message(body),
        internal=internal,
        created_at=at or utcnow(),
    )
    ticket.messages.append(message)
    if not internal:
        ticket.waiting_since = message.created_at if kind == CUSTOMER else None
    return message


def open_ticket(
    user: User | None,
    subject: str,
    body: str,
    topic: str,
    context: list[dict],
    name: str = "",
    email: str = "",
    locale: str = "en",
    auto_reply: bool = False,
) -> Ticket:
    """Open a ticket for a customer or a visitor and mail its reference.

    auto_reply marks the acknowledgement as automatic (RFC 3834), for tickets opened by mail.
    """
    now = utcnow()
    ticket = Ticket(
        ref=_unique_reference(),
        user=user,
        requester_name=(user.display_name if user else name).strip(),
        requester_email=(user.email if user else email).strip().lower(),
        locale=(user.locale if user and user.locale else locale),
        subject=subject.strip(),
        topic=topic if topic in TOPICS else "other",
        status=OPEN,
        context=context,
        last_speaker=CUSTOMER,
        created_at=now,
        updated_at=now,
        email_verified_at=now if user else None,
        link_version=0,
    )
    add_message(ticket, user, CUSTOMER, body)
    db.session.add(ticket)
    db.session.commit()
    subject = _l("We received your request %(ref)s", ref=ticket.ref)
    mail_requester(ticket, subject, "ticket_opened", first=True, auto_reply=auto_reply)
    return ticket


def mail_requester(
    ticket: Ticket,
    subject: str,
    template: str,
    first: bool = False,
    auto_reply: bool = False,
    preference: str | None = None,
    **context: object,
) -> None:
    """Mail the ticket's requester in their language, with its link and reply address.

    first: the acknowledgement that starts the mail thread; auto_reply: sent by a robot;
    preference: the kind of mail (auth.models.MAIL_KINDS) a member may have turned off.
    A visitor has no settings: their tickets reach them only by mail.
    """
    if preference and ticket.user is not None and not ticket.user.wants_mail(preference):
        return
    headers = ticket_mail_headers(ticket.ref, first=first, auto_reply=auto_reply)
    send_mail(
        ticket.requester_email,
        subject,
        template,
        headers=headers,
        locale=ticket.locale,
        reply_marker="Reply-To" in headers,
        ticket=ticket,
        link=ticket_url(ticket),
        **context,
    )


def reopen_deadline(ticket: Ticket):
    """Until when a solved ticket may be reopened, or None if it is not solved."""
    if ticket.status != SOLVED or ticket.solved_at is None:
        return None
    return ticket.solved_at + timedelta(days=current_app.config["PORTAL_TICKET_REOPEN_DAYS"])


def can_reopen(ticket: Ticket) -> bool:
    """True while a solved ticket is inside the reopen window."""
    deadline = reopen_deadline(ticket)
    return deadline is not None and utcnow() <= deadline


def can_reply(ticket: Ticket) -> bool:
    """Customers may write on open tickets, and on solved ones they may still reopen."""
    return ticket.status in (OPEN, WAITING) or can_reopen(ticket)


def customer_reply(ticket: Ticket, author: User | None, body: str) -> TicketMessage:
    """Add the customer's message; the ticket waits for us again (reopening a solved one)."""
    if not can_reply(ticket):
        raise TicketClosed()
    message = add_message(ticket, author, CUSTOMER, body)
    ticket.status = OPEN
    ticket.solved_at = None
    ticket.last_speaker = CUSTOMER
    ticket.updated_at = utcnow()
    db.session.commit()
    return message


def mark_solved(ticket: Ticket) -> None:
    """The customer says their problem is solved."""
    if ticket.status == CLOSED:
        raise TicketClosed()
    if ticket.status != SOLVED:
        ticket.status = SOLVED
        ticket.solved_at = ticket.updated_at = utcnow()
        db.session.commit()


def reopen(ticket: Ticket) -> None:
    """Reopen a solved ticket within the configured number of days."""
    if ticket.status != SOLVED:
        raise NotSolved()
    if not can_reopen(ticket):
        raise TicketClosed()
    ticket.status = OPEN
    ticket.solved_at = None
    ticket.updated_at = utcnow()
    db.session.commit()


GROUP_ORDER = case({WAITING: 0, OPEN: 1, SOLVED: 2, CLOSED: 3}, value=Ticket.status, else_=4)


def _contains(column, words: str):
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def customer_tickets(
    user: User, status: str = "", query: str = "", page: int = 1, per_page: int = 20
) -> Pagination:
    """The user's tickets: waiting for them, then for us, solved, closed; newest first."""
    stmt = select(Ticket).where(Ticket.user_id == user.id)
    if status in STATUSES:
        stmt = stmt.where(Ticket.status == status)
    query = query.strip()
    if query:
        in_messages = exists().where(
            TicketMessage.ticket_id == Ticket.id,
            TicketMessage.internal.is_(False),
            _contains(TicketMessage.body, query),
        )
        stmt = stmt.where(
            or_(_contains(Ticket.subject, query), Ticket.ref == query.upper(), in_messages)
        )
    stmt = stmt.order_by(GROUP_ORDER, Ticket.updated_at.desc(), Ticket.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def requester_may_rate(ref: str, email: str) -> bool:
    """Whether email still asks ticket ref (a mailed survey link names the requester)."""
    return (
        db.session.scalar(
            select(Ticket.id).where(Ticket.ref == ref, func.lower(Ticket.requester_email) == email)
        )
        is not None
    )


def erase_requester(user: User) -> None:
    """An account is being deleted: close its tickets and take its name and email off them.

    The conversations stay as the team's record; the context the customer shared goes, and
    every link mailed so far stops working. The caller commits.
    """
    now = utcnow()
    mine = Ticket.user_id == user.id
    db.session.execute(
        update(Ticket)
        .where(mine, Ticket.status != CLOSED)
        .values(status=CLOSED, closed_at=now, solved_at=func.coalesce(Ticket.solved_at, now))
    )
    db.session.execute(
        update(Ticket)
        .where(mine)
        .values(
            requester_name="",
            requester_email=erased_email(user.id),
            context=[],
            link_version=Ticket.link_version + 1,
        )
        .execution_options(synchronize_session="fetch")
    )
