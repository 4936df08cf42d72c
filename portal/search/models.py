"""Search analytics: what visitors searched for and which results they opened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db


class SearchLog(db.Model):
    """One search as typed into /search (normalised), with how many results it found."""

    __tablename__ = "search_logs"
    __table_args__ = (Index("ix_search_logs_created_query", "created_at", "query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(200))
    result_count: Mapped[int] = mapped_column(default=0)
    language: Mapped[str] = mapped_column(String(8), default="en")
    # A random id kept in the visitor's session: counts people, never identifies them.
    visitor: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SearchClick(db.Model):
    """A visitor opened a result of a search."""

    __tablename__ = "search_clicks"

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(
        ForeignKey("search_logs.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SearchEmbedding(db.Model):
    """A document's (or one section's) sentence embedding under one model.

    Stored so that a restart or a new worker reads vectors instead of computing them;
    digest is of the embedded text, so an edit that leaves the text alone costs nothing.
    """

    __tablename__ = "search_embeddings"
    __table_args__ = (
        UniqueConstraint("model", "key", "anchor", name="uq_search_embeddings_model_key_anchor"),
        Index("ix_search_embeddings_key", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(120))
    key: Mapped[str] = mapped_column(String(120))
    # "" for the whole document, else the section's anchor in its page.
    anchor: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8), default="en")
    category: Mapped[str] = mapped_column(String(120), default="")
    audience: Mapped[str] = mapped_column(String(16), default="public")
    digest: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
