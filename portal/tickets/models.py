"""Tickets and their messages."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User, is_erased_email, person_label
from portal.clock import utcnow
from portal.extensions import db

# Crockford's base32: no I, L, O or U, so a reference read aloud is not misheard.
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

OPEN = "open"  # waiting for us
WAITING = "waiting"  # waiting for the customer
SOLVED = "solved"
CLOSED = "closed"
STATUSES = (WAITING, OPEN, SOLVED, CLOSED)

# What the customer reads; agents see the same states from their side.
STATUS_LABELS = {
    WAITING: _l("Waiting for you"),
    OPEN: _l("Waiting for us"),
    SOLVED: _l("Solved"),
    CLOSED: _l("Closed"),
}
AGENT_STATUS_LABELS = {
    OPEN: _l("Open"),
    WAITING: _l("Waiting for customer"),
    SOLVED: _l("Solved"),
    CLOSED: _l("Closed"),
}

TOPICS = {
    "setup": _l("Setting up Alon Mesh"),
    "connection": _l("Wi-Fi speed or coverage"),
    "app": _l("The Alon app"),
    "billing": _l("Alon Plus, orders and billing"),
    "other": _l("Something else"),
}
# The topic a ticket opened from a knowledge-base category (its top category) most likely has.
# Categories not listed leave the choice to the customer.
CATEGORY_TOPICS = {
    "billing-and-payments": "billing",
    "orders-and-delivery": "billing",
    "using-alon-mesh": "setup",
    "troubleshooting": "connection",
}

CUSTOMER = "customer"
AGENT = "agent"


def new_reference() -> str:
    """An unguessable reference such as T-7KQ2M9XD (40 random bits)."""
    return "T-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(8))


class Ticket(db.Model):
    __tablename__ = "tickets"
    # The console's "waiting on us" view, the customer waiting longest first, read in order.
    __table_args__ = (Index("ix_tickets_status_waiting_since", "status", "waiting_since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True, default=new_reference)
    # A visitor's ticket has no user until they verify the email from an account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    requester_name: Mapped[str] = mapped_column(String(80))
    requester_email: Mapped[str] = mapped_column(String(254), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    subject: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(32), default="other")
    status: Mapped[str] = mapped_column(String(16), default=OPEN, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # What the customer chose to share: [{"key", "label", "values": [{"text", "note"}]}].
    context: Mapped[list] = mapped_column(JSON, default=list)
    last_speaker: Mapped[str] = mapped_column(String(16), default=CUSTOMER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Public activity only: internal notes leave it alone, so customers learn nothing from it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    first_response_at: Mapped[datetime | None]
    solved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    link_offered_at: Mapped[datetime | None]
    # When the requester proved the email (an account, or opening a mailed link).
    email_verified_at: Mapped[datetime | None]
    # Raising it revokes every signed link mailed so far.
    link_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the customer's latest public message came, until an agent answers publicly
    # (services.add_message keeps it). The ticket waits on us while it is also open.
    waiting_since: Mapped[datetime | None]

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket", order_by="TicketMessage.id", cascade="all, delete-orphan"
    )

    @property
    def public_messages(self) -> list[TicketMessage]:
        """The conversation as the customer sees it: no internal notes."""
        return [message for message in self.messages if not message.internal]

    @property
    def waiting_on_us_since(self) -> datetime | None:
        """When the customer last wrote, while the ticket waits on us; None otherwise."""
        return self.waiting_since if self.status == OPEN else None

    @property
    def requester_label(self) -> str:
        """The requester's name for agents; "Deleted user" once their account is deleted."""
        return person_label(
            self.requester_name, self.requester_email, deleted=is_erased_email(self.requester_email)
        )

    @property
    def requester_contact(self) -> str:
        """ "Name <address>" for agents; "Deleted user" alone once the account is deleted."""
        return person_label(
            self.requester_name,
            self.requester_email,
            deleted=is_erased_email(self.requester_email),
            with_email=True,
        )

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def agent_status_label(self) -> str:
        return str(AGENT_STATUS_LABELS.get(self.status, self.status))

    @property
    def topic_label(self) -> str:
        return str(TOPICS.get(self.topic, self.topic))

    def __repr__(self) -> str:
        return f"<Ticket {self.ref} {self.status}>"


class TicketMessage(db.Model):
    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_kind: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()

    @property
    def from_agent(self) -> bool:
        return self.author_kind == AGENT


class CannedReply(db.Model):
    """A saved answer agents insert into a reply; {{placeholders}} are filled per ticket."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CannedReply {self.id} {self.title!r}>"
