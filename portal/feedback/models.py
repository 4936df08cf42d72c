"""Helpful votes, update watches, the feedback box and survey answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db

FEEDBACK_KINDS = ("idea", "problem", "praise", "question")
FEEDBACK_STATUSES = ("new", "under_review", "planned", "done", "declined")
SURVEY_KINDS = ("csat", "ces", "nps")
SURVEY_RANGES = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}


class HelpfulVote(db.Model):
    """One reader's "Was this helpful?" answer on one page (an article, a tutorial)."""

    __tablename__ = "helpful_votes"
    __table_args__ = (
        UniqueConstraint("page_kind", "page_id", "voter_key", name="uq_helpful_votes_voter"),
        Index("ix_helpful_votes_page", "page_kind", "page_id"),
        Index("ix_helpful_votes_voter_updated", "voter_key", "updated_at"),
        # Insights' "most unhelpful articles" of a period reads only this index.
        Index("ix_helpful_votes_kind_updated", "page_kind", "updated_at", "page_id", "helpful"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_kind: Mapped[str] = mapped_column(String(20))
    page_id: Mapped[int]
    # "u:<user id>" for members, "v:<random id from the session>" for visitors.
    voter_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    helpful: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class PageWatch(db.Model):
    """A member's wish to get one mail when a page is next updated."""

    __tablename__ = "page_watches"
    __table_args__ = (
        UniqueConstraint("page_kind", "page_id", "user_id", name="uq_page_watches_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_kind: Mapped[str] = mapped_column(String(20))
    page_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class FeedbackItem(db.Model):
    """Something a customer sent through the feedback box."""

    __tablename__ = "feedback_items"
    __table_args__ = (Index("ix_feedback_items_status_kind", "status", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    page: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="new")
    # Staff labels, lower case, separated by single spaces.
    tags: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    replies: Mapped[list[FeedbackReply]] = relationship(
        back_populates="item", order_by="FeedbackReply.created_at", cascade="all, delete-orphan"
    )

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split() if self.tags else []


class FeedbackReply(db.Model):
    """A staff answer to a feedback item, shown to its sender."""

    __tablename__ = "feedback_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[FeedbackItem] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()


class SurveyResponse(db.Model):
    """A CSAT, CES or NPS answer about a subject (a ticket, an escalation, a tutorial...)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        # One answer per person per subject: signed links are single-use through this.
        UniqueConstraint(
            "kind", "subject_kind", "subject_ref", "respondent_key", name="uq_survey_responses_one"
        ),
        Index("ix_survey_responses_kind_created", "kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_ref: Mapped[str] = mapped_column(String(64))
    respondent_key: Mapped[str] = mapped_column(String(300))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NpsOffer(db.Model):
    """When a customer was last offered the NPS question, and what they did with it."""

    __tablename__ = "nps_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(12))  # "answered" or "dismissed"
