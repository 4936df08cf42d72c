"""Mail in: keep each raw mail, then add it to its ticket, open a ticket, or record it."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr

from flask import current_app, has_request_context
from sqlalchemy import func, or_, select, update

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.inbound import parsing
from portal.inbound.attachments import keep_attachments
from portal.inbound.models import (
    ADDED,
    FAILED,
    IGNORED,
    LIMITED,
    NEW,
    OPENED,
    REFUSED,
    InboundMail,
)
from portal.tickets import addresses
from portal.tickets.models import Ticket, TicketMessage
from portal.tickets.services import can_reply, customer_reply, open_ticket, ticket_by_ref

RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
# How much of an oversized mail is kept, so agents can still see who sent what.
OVERSIZE_KEEP = 64 * 1024


class NotMail(Exception):
    """The input was not a mail; it is recorded as refused."""

    def __init__(self, record: InboundMail, reason: str) -> None:
        super().__init__(reason)
        self.record = record


def _log(record: InboundMail, level: str = "info") -> None:
    getattr(current_app.logger, level)(
        "inbound mail #%s from %s: %s%s",
        record.id,
        record.sender or "unknown sender",
        record.status,
        f" ({record.detail})" if record.detail else "",
    )


def _finish(record: InboundMail, status: str, detail: str = "", level: str = "info") -> None:
    record.status = status
    record.detail = detail[:1000]
    db.session.commit()
    _log(record, level)


def receive(raw: bytes, source: str) -> InboundMail:
    """Keep the raw mail, then handle it. Raises NotMail (after recording) for non-mail."""
    if len(raw) > current_app.config["PORTAL_INBOUND_MAX_BYTES"]:
        return record_oversized(raw[:OVERSIZE_KEEP], len(raw), source)
    record = InboundMail(source=source, size=len(raw), raw=raw, status=NEW, received_at=utcnow())
    db.session.add(record)
    db.session.commit()
    handle(record)
    return record


def record_oversized(head: bytes, size: int, source: str) -> InboundMail:
    """Record a mail over PORTAL_INBOUND_MAX_BYTES with its beginning only, as refused."""
    limit = current_app.config["PORTAL_INBOUND_MAX_BYTES"]
    record = InboundMail(source=source, size=size, raw=head, status=NEW, received_at=utcnow())
    db.session.add(record)
    _describe(record)
    _finish(record, REFUSED, f"{size} bytes, over the {limit}-byte limit", "warning")
    return record


def _describe(record: InboundMail) -> EmailMessage | None:
    """Fill in sender, subject and Message-ID from the raw mail where it can be read."""
    try:
        message = parsing.parse_mail(record.raw or b"")
    except parsing.NotMail:
        return None
    record.sender = parsing.sender(message)[1]
    record.subject = parsing.subject(message)
    record.message_id = parsing.header(message, "Message-ID")[:255]
    return message


def handle(record: InboundMail) -> None:
    """Handle a kept mail; failures are recorded as failed for `flask mail retry`."""
    try:
        message = parsing.parse_mail(record.raw or b"")
    except parsing.NotMail as exc:
        # Logged by the caller: the pipe's one-line error, or fetch's log line.
        _finish(record, REFUSED, f"not a mail: {exc}", "debug")
        raise NotMail(record, str(exc)) from exc
    _describe(record)
    try:
        if has_request_context():
            _route(record, message)
        else:
            # Links in the mails we send need a host; commands have no request.
            base_url = current_app.config["PORTAL_BASE_URL"] or None
            with current_app.test_request_context(base_url=base_url):
                _route(record, message)
    except Exception as exc:  # the mail is kept; an operator can retry it
        db.session.rollback()
        current_app.logger.exception("inbound mail #%s could not be handled", record.id)
        _finish(record, FAILED, f"{type(exc).__name__}: {exc}", "error")


def retry(record: InboundMail) -> None:
    """Handle a failed (or never handled) mail again."""
    if record.status not in (FAILED, NEW) or record.raw is None:
        raise ValueError(
            f"inbound mail #{record.id} is {record.status}; only failed mail is retried"
        )
    record.status = NEW
    db.session.commit()
    with contextlib.suppress(NotMail):
        handle(record)


def _own_address(address: str) -> bool:
    mine = {parseaddr(current_app.config["MAIL_FROM"])[1].lower()}
    parts = addresses.inbound_parts()
    if parts:
        local, domain = parts
        if address.endswith("@" + domain) and address.partition("@")[0].partition("+")[0] == local:
            return True
    return address in mine


def _addressed_ticket(message: EmailMessage) -> Ticket | None:
    """The ticket a signed reply address or one of our Message-IDs names."""
    recipients = [parsing.header(message, name) for name in RECIPIENT_HEADERS]
    refs = addresses.refs_in_addresses(recipients)
    threads = [parsing.header(message, name) for name in ("In-Reply-To", "References")]
    refs += addresses.refs_in_message_ids(threads)
    for ref in refs:
        ticket = ticket_by_ref(ref)
        if ticket is not None:
            return ticket
    return None


def _is_customer(ticket: Ticket, address: str) -> bool:
    own = {ticket.requester_email.lower()}
    if ticket.user is not None:
        own.add(ticket.user.email.lower())
    return address in own


def _over_limit(address: str) -> bool:
    since = utcnow() - timedelta(hours=1)
    count = db.session.scalar(
        select(func.count(InboundMail.id)).where(
            InboundMail.sender == address,
            InboundMail.received_at >= since,
            InboundMail.status.in_((ADDED, OPENED)),
        )
    )
    return (count or 0) >= current_app.config["PORTAL_INBOUND_SENDER_LIMIT"]


def _locale(message: EmailMessage) -> str:
    language = parsing.header(message, "Content-Language").lower()
    return "fil" if language.startswith(("fil", "tl")) else "en"


def _route(record: InboundMail, message: EmailMessage) -> None:
    name, address = parsing.sender(message)
    ticket = _addressed_ticket(message)
    record.ticket = ticket
    if _own_address(address):
        return _finish(record, IGNORED, "sent by this portal (a mail loop)", "warning")
    robot = parsing.robot_reason(message)
    if robot:
        return _finish(record, IGNORED, robot)
    if _over_limit(address):
        limit = current_app.config["PORTAL_INBOUND_SENDER_LIMIT"]
        return _finish(record, LIMITED, f"more than {limit} mails in an hour", "warning")
    body = parsing.new_text(parsing.full_text(message))
    files = parsing.attachments(message)
    customer = ticket is not None and _is_customer(ticket, address)
    forged = customer and parsing.failed_authentication(message)
    if customer and not forged and can_reply(ticket):
        if not body and not files:
            return _finish(record, IGNORED, f"no new text for {ticket.ref}")
        added = customer_reply(ticket, ticket.user, body)
        _keep(record, added, files)
        return _finish(record, ADDED, ticket.ref)
    detail = ""
    if ticket is not None:
        if forged:
            why = "was named, but the sender failed the mail server's DMARC check"
        elif customer:
            why = "is closed"
        else:
            why = "belongs to another customer"
        detail = f"{ticket.ref} {why}; "
        record.ticket = None
    user = db.session.scalar(select(User).where(func.lower(User.email) == address))
    opened = open_ticket(
        user,
        parsing.subject(message) or body[:80] or address,
        body or parsing.subject(message) or "-",
        "other",
        [],
        name=name or address.partition("@")[0],
        email=address,
        locale=_locale(message),
        auto_reply=True,
    )
    record.ticket = opened
    _keep(record, opened.messages[0], files)
    return _finish(record, OPENED, detail + f"opened {opened.ref}")


def _keep(record: InboundMail, message: TicketMessage, files: list[parsing.Attachment]) -> None:
    record.ticket_message = message
    keep_attachments(message, files)
    db.session.commit()


def prune(now=None) -> int:
    """Drop raw mail older than PORTAL_INBOUND_KEEP_DAYS; the records stay. Returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["PORTAL_INBOUND_KEEP_DAYS"])
    result = db.session.execute(
        update(InboundMail)
        .where(InboundMail.received_at < cutoff, InboundMail.raw.is_not(None))
        .values(raw=None)
    )
    db.session.commit()
    return result.rowcount or 0


def failed_mails() -> list[InboundMail]:
    """Mail whose handling failed, oldest first."""
    stmt = select(InboundMail).where(InboundMail.status.in_((FAILED, NEW))).order_by(InboundMail.id)
    return list(db.session.scalars(stmt))


def recent_mails(page: int = 1, per_page: int = 50):
    """Received mail for agents, newest first."""
    stmt = select(InboundMail).order_by(InboundMail.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def get_mail(mail_id: int) -> InboundMail | None:
    """One received mail by id."""
    return db.session.get(InboundMail, mail_id)


def erase_sender(user: User) -> None:
    """An account is being deleted: forget the raw mails it sent and their sender address.

    What the mails said lives on as ticket messages (kept as the team's record). The caller
    commits; tickets' own erasing runs separately.
    """
    from_them = or_(
        InboundMail.sender == user.email,
        InboundMail.ticket_id.in_(select(Ticket.id).where(Ticket.user_id == user.id)),
    )
    db.session.execute(
        update(InboundMail)
        .where(from_them)
        .values(raw=None, sender="")
        .execution_options(synchronize_session=False)
    )
