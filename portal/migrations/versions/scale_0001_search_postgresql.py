"""Search on PostgreSQL: documents, sections and words with full-text and trigram indexes.

Revision ID: scale_0001
Revises: harden_0001
Create Date: 2026-12-01 12:30:00.000000

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "scale_0001"
down_revision = "mailin_0001"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    on_postgres = bind.dialect.name == "postgresql"
    tsvector = postgresql.TSVECTOR() if on_postgres else sa.Text()
    if on_postgres:
        # Both are trusted extensions: the database's owner may create them.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute(
            """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_fil') THEN
                CREATE TEXT SEARCH CONFIGURATION portal_fil (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION portal_fil
                  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
              END IF;
            END $$
            """
        )
    op.create_table(
        "search_documents",
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("config", sa.String(20), nullable=False),
        sa.Column("category", sa.String(120), nullable=False),
        sa.Column("category_labels", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("boost", sa.Float(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=True),
        sa.Column("tsv", tsvector, nullable=False),
        sa.Column("title_tsv", tsvector, nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_search_documents")),
    )
    op.create_table(
        "search_sections",
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tsv", tsvector, nullable=False),
        sa.ForeignKeyConstraint(
            ["key"],
            ["search_documents.key"],
            name=op.f("fk_search_sections_key_search_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "position", name=op.f("pk_search_sections")),
    )
    op.create_table(
        "search_words",
        sa.Column("word", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_words")),
    )
    if on_postgres:
        op.execute("CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)")
        op.execute(
            "CREATE INDEX ix_search_documents_title_tsv ON search_documents USING gin (title_tsv)"
        )
        op.execute("CREATE INDEX ix_search_sections_tsv ON search_sections USING gin (tsv)")
        op.execute(
            "CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops)"
        )


def downgrade():
    op.drop_table("search_sections")
    op.drop_table("search_documents")
    op.drop_table("search_words")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_fil")
