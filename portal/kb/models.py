"""Knowledge-base categories, articles, their revisions, tags, old slugs and flags."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db

STATUSES = ("draft", "published", "archived")
LANGUAGES = ("en", "fil")
# Edits closer together than this count as one moment when judging translations stale.
STALE_GRACE = timedelta(minutes=1)

article_tags = Table(
    "article_tags",
    db.metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_fil: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    description_fil: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    def label(self, locale: str) -> str:
        """The name in the reader's language when there is one."""
        return (self.name_fil if locale == "fil" else None) or self.name

    def blurb(self, locale: str) -> str:
        """The description in the reader's language when there is one."""
        return (self.description_fil if locale == "fil" else None) or self.description


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_status_category", "status", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    headings: Mapped[list] = mapped_column(JSON, default=list)
    word_count: Mapped[int] = mapped_column(default=0)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    language: Mapped[str] = mapped_column(String(8), default="en")
    translation_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="draft")
    faq: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the title or body last changed: what translation staleness compares.
    content_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    view_count: Mapped[int] = mapped_column(default=0)
    # Optimistic locking: an edit names the version it started from.
    version: Mapped[int] = mapped_column(default=1)
    # Digest of the fields as last imported from a file; differs once edited in the browser.
    source_digest: Mapped[str | None] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(String(500))

    category: Mapped[Category] = relationship()
    author: Mapped[User | None] = relationship()
    translation: Mapped[Article | None] = relationship(remote_side=[id], post_update=True)
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, order_by="Tag.name")

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / 200))

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags]

    @property
    def translation_is_stale(self) -> bool:
        """True when the other language's version changed after this one."""
        other = self.translation
        return bool(other and other.content_changed_at > self.content_changed_at + STALE_GRACE)


class ArticleRevision(db.Model):
    __tablename__ = "article_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")

    author: Mapped[User | None] = relationship()


class SlugRedirect(db.Model):
    """An article's former slug, answered with a 301 to the current one."""

    __tablename__ = "slug_redirects"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_slug: Mapped[str] = mapped_column(String(160), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))

    article: Mapped[Article] = relationship()


class ArticleFlag(db.Model):
    """A report that an article is outdated, waiting in the editors' review queue."""

    __tablename__ = "article_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(20))  # "updated" or "dismissed"

    article: Mapped[Article] = relationship()
    user: Mapped[User | None] = relationship()
