"""What insights records itself: daily roll-ups, visitors of the day, ticket solves and reopens."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.chat.models import Chat, ChatMessage
from portal.clock import utcnow
from portal.extensions import db
from portal.tickets.models import Ticket

# Kinds of visit counted once per visitor and day.
HELP = "help"  # a help-centre page: knowledge base, tutorials, search, community
CONTACT = "contact"  # the "Talk to a human" page
VISIT_KINDS = (HELP, CONTACT)


class InsightVisit(db.Model):
    """One visitor seen on one day, kept only a couple of days to count each person once."""

    __tablename__ = "insight_visits"

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    visitor: Mapped[str] = mapped_column(String(40), primary_key=True)


class InsightDay(db.Model):
    """One figure of one day (in PORTAL_TIMEZONE), optionally per key such as a query."""

    __tablename__ = "insight_days"
    # A figure over a period reads its own rows only, without visiting the table.
    __table_args__ = (Index("ix_insight_days_metric_day", "metric", "day", "key", "value"),)

    day: Mapped[date] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True, default="")
    value: Mapped[int] = mapped_column(default=0)


class InsightRollup(db.Model):
    """When a day's figures were last computed from the raw tables."""

    __tablename__ = "insight_rollups"

    day: Mapped[date] = mapped_column(primary_key=True)
    rolled_at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketReopen(db.Model):
    """A solved or closed ticket that went back to the team."""

    __tablename__ = "ticket_reopens"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class TicketSolve(db.Model):
    """A ticket solved (or closed) at a moment; one reopened and solved again has several.

    Ticket.solved_at keeps only the latest: a reopen clears it and the next solve replaces it.
    """

    __tablename__ = "ticket_solves"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    ticket: Mapped[Ticket] = relationship()


def _time_indexes() -> None:
    # Period queries read tickets and chats by when they were opened, queued and solved.
    Index("ix_tickets_created_at", Ticket.created_at)
    Index("ix_tickets_solved_at", Ticket.solved_at)
    Index("ix_tickets_first_response_at", Ticket.first_response_at)
    Index("ix_chats_created_at", Chat.created_at)
    Index("ix_chats_queued_at", Chat.queued_at)
    Index("ix_chat_messages_created_at", ChatMessage.created_at)
    # Chat wait percentiles read both times from this index alone.
    Index("ix_chats_queued_taken", Chat.queued_at, Chat.taken_at)
    # Customers at risk count each marked customer's tickets by topic from this index alone.
    Index(
        "ix_tickets_requester_topic_created",
        Ticket.requester_email,
        Ticket.topic,
        Ticket.created_at,
    )


_time_indexes()
