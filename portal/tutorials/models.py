"""Tutorials: step-by-step guides with checkpoints, and each learner's progress."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db

DIFFICULTIES = ("beginner", "intermediate", "advanced")


class Tutorial(db.Model):
    __tablename__ = "tutorials"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    intro_md: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(default=5)
    difficulty: Mapped[str] = mapped_column(String(20), default="beginner")
    language: Mapped[str] = mapped_column(String(8), default="en")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    translation_id: Mapped[int | None] = mapped_column(
        ForeignKey("tutorials.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="draft")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    content_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    source_digest: Mapped[str | None] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(String(500))

    steps: Mapped[list[TutorialStep]] = relationship(
        back_populates="tutorial",
        order_by="TutorialStep.position",
        cascade="all, delete-orphan",
    )
    translation: Mapped[Tutorial | None] = relationship(remote_side=[id], post_update=True)

    @property
    def is_published(self) -> bool:
        return self.status == "published"


class TutorialStep(db.Model):
    __tablename__ = "tutorial_steps"
    __table_args__ = (UniqueConstraint("tutorial_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tutorial_id: Mapped[int] = mapped_column(ForeignKey("tutorials.id", ondelete="CASCADE"))
    position: Mapped[int]  # 1-based, as in the URL
    title: Mapped[str] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # {"type": "choice", "question", "options": [...], "answer": n (1-based), "explanation"}
    # or {"type": "confirm", "question", "explanation"}; None when the step has no check.
    checkpoint: Mapped[dict | None] = mapped_column(JSON)

    tutorial: Mapped[Tutorial] = relationship(back_populates="steps")


class TutorialProgress(db.Model):
    """How far a logged-in learner got; visitors keep theirs in the session."""

    __tablename__ = "tutorial_progress"
    __table_args__ = (UniqueConstraint("user_id", "tutorial_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tutorial_id: Mapped[int] = mapped_column(ForeignKey("tutorials.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(default=1)
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TutorialRevision(db.Model):
    """One saved version of a tutorial: its title and its text in the file format."""

    __tablename__ = "tutorial_revisions"
    __table_args__ = (UniqueConstraint("tutorial_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tutorial_id: Mapped[int] = mapped_column(
        ForeignKey("tutorials.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    author: Mapped[User | None] = relationship()
