"""Mail as it arrived, and the files that came with customers' mails."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, backref, deferred, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.tickets.models import Ticket, TicketMessage

# What became of a mail.
NEW = "new"  # stored, not handled yet
ADDED = "added"  # added to its ticket
OPENED = "opened"  # opened a new ticket
IGNORED = "ignored"  # recorded on purpose only: auto-reply, bounce, list mail, loop
LIMITED = "limited"  # the sender wrote too often
REFUSED = "refused"  # too large or not mail
FAILED = "failed"  # handling raised; `flask mail retry` handles it again
OUTCOME_LABELS = {
    NEW: _l("Not handled yet"),
    ADDED: _l("Added to its ticket"),
    OPENED: _l("Opened a ticket"),
    IGNORED: _l("Recorded, not answered"),
    LIMITED: _l("Sender wrote too often"),
    REFUSED: _l("Refused"),
    FAILED: _l("Failed; can be retried"),
}


class InboundMail(db.Model):
    __tablename__ = "inbound_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(16))  # pipe or imap
    size: Mapped[int] = mapped_column(default=0)
    # Dropped after PORTAL_INBOUND_KEEP_DAYS; the row stays as the record of what happened.
    raw: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    message_id: Mapped[str] = mapped_column(String(255), default="", index=True)
    sender: Mapped[str] = mapped_column(String(254), default="", index=True)
    subject: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=NEW, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    ticket_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_messages.id", ondelete="SET NULL"), index=True
    )

    ticket: Mapped[Ticket | None] = relationship()
    # message.inbound_mail: the mail a customer's message came from, for agents.
    ticket_message: Mapped[TicketMessage | None] = relationship(
        backref=backref("inbound_mail", uselist=False, passive_deletes=True)
    )

    def __repr__(self) -> str:
        return f"<InboundMail {self.id} {self.status} {self.sender}>"


class TicketAttachment(db.Model):
    __tablename__ = "ticket_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(default=0)
    # Refused files keep only their name and why, so the ticket can say so.
    refused: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    message: Mapped[TicketMessage] = relationship(
        backref=backref(
            "attachments",
            order_by="TicketAttachment.id",
            cascade="all, delete-orphan",
            passive_deletes=True,
        )
    )

    @property
    def is_image(self) -> bool:
        """Shown inline; anything else is offered as a download."""
        return self.content_type.startswith("image/")
