"""The tables of the PostgreSQL search backend (created by migration scale_0001).

One row per document with a weighted tsvector (title A, headings and tags B, body C), one
row per section (for the snippet and the section link), and the vocabulary of indexed words
with a trigram index for typo tolerance. On SQLite the tables exist but stay empty.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR

from portal.extensions import db

ENGLISH = "english"
# simple + unaccent: Filipino is folded for case and accents, never stemmed.
FILIPINO = "portal_fil"

_tsvector = TSVECTOR().with_variant(Text(), "sqlite")

documents = Table(
    "search_documents",
    db.metadata,
    Column("key", String(120), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("language", String(8), nullable=False),
    Column("config", String(20), nullable=False),
    Column("category", String(120), nullable=False, default=""),
    Column("category_labels", JSON, nullable=False, default=dict),
    Column("audience", String(20), nullable=False),
    Column("url", String(500), nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("boost", Float, nullable=False, default=1.0),
    Column("updated", DateTime, nullable=True),
    Column("tsv", _tsvector, nullable=False),
    Column("title_tsv", _tsvector, nullable=False),
    Column("embedding", LargeBinary, nullable=True),
    # The key and language of the published translation ("" without one): migration
    # search_0002.
    Column("translation", String(120), nullable=False, default=""),
    Column("translation_language", String(8), nullable=False, default=""),
)

sections = Table(
    "search_sections",
    db.metadata,
    Column(
        "key",
        String(120),
        ForeignKey("search_documents.key", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("anchor", String(200), nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),
    Column("tsv", _tsvector, nullable=False),
)

words = Table(
    "search_words",
    db.metadata,
    Column("word", String(60), primary_key=True),
)
