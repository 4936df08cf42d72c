"""The community forum: categories, threads, posts, votes, flags, subscriptions, moderation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db


class ForumCategory(db.Model):
    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_fil: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(300), default="")
    description_fil: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)
    # Kept up to date on every write, so listing pages need no counting queries.
    thread_count: Mapped[int] = mapped_column(default=0)
    post_count: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime | None]

    def label(self, locale: str) -> str:
        """The name in the reader's language when there is one."""
        return (self.name_fil if locale == "fil" else None) or self.name

    def blurb(self, locale: str) -> str:
        """The description in the reader's language when there is one."""
        return (self.description_fil if locale == "fil" else None) or self.description

    def __repr__(self) -> str:
        return f"<ForumCategory {self.slug}>"


class Thread(db.Model):
    __tablename__ = "forum_threads"
    __table_args__ = (
        Index("ix_forum_threads_category_activity", "category_id", "last_activity_at"),
        # The category page's default order (pinned first, then latest activity), read
        # straight from the index: no sort of all of a category's threads per request.
        Index(
            "ix_forum_threads_category_pinned_activity",
            "category_id",
            "is_pinned",
            "last_activity_at",
            "id",
        ),
        Index("ix_forum_threads_category_created", "category_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("forum_categories.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Every post, placeholders included (pages), and the replies a reader can see.
    post_count: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    view_count: Mapped[int] = mapped_column(default=0)
    is_locked: Mapped[bool] = mapped_column(default=False)
    is_pinned: Mapped[bool] = mapped_column(default=False)
    accepted_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_posts.id", use_alter=True, ondelete="SET NULL")
    )

    category: Mapped[ForumCategory] = relationship(lazy="raise")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="raise")
    last_poster: Mapped[User | None] = relationship(foreign_keys=[last_poster_id], lazy="raise")

    @property
    def is_solved(self) -> bool:
        return self.accepted_post_id is not None

    def __repr__(self) -> str:
        return f"<Thread {self.id}>"


class Post(db.Model):
    __tablename__ = "forum_posts"
    __table_args__ = (
        # A resent form carries the same key: the second insert fails instead of duplicating.
        UniqueConstraint("author_id", "submit_key", name="uq_forum_posts_author_submit_key"),
        Index("ix_forum_posts_thread_id_id", "thread_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    submit_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    vote_count: Mapped[int] = mapped_column(default=0)

    author: Mapped[User] = relationship(lazy="raise")

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None

    def __repr__(self) -> str:
        return f"<Post {self.id} in {self.thread_id}>"


class Vote(db.Model):
    __tablename__ = "forum_votes"
    __table_args__ = (UniqueConstraint("post_id", "user_id", name="uq_forum_votes_post_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subscription(db.Model):
    __tablename__ = "forum_subscriptions"
    __table_args__ = (
        UniqueConstraint("thread_id", "user_id", name="uq_forum_subscriptions_thread_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")


class Flag(db.Model):
    __tablename__ = "forum_flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id", name="uq_forum_flags_post_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    post: Mapped[Post] = relationship(lazy="raise")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="raise")


class Suspension(db.Model):
    """A member who may not post until a time."""

    __tablename__ = "forum_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    until: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModerationAction(db.Model):
    """One line of the moderation log: who did what to which thread, post or member."""

    __tablename__ = "forum_moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_threads.id", ondelete="SET NULL")
    )
    post_id: Mapped[int | None] = mapped_column(ForeignKey("forum_posts.id", ondelete="SET NULL"))
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User] = relationship(foreign_keys=[actor_id], lazy="raise")
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id], lazy="raise")
