"""Search: sentence embeddings of documents and their sections, per model.

Revision ID: search_0001
Revises: 0011
Create Date: 2026-12-01 12:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "search_0001"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_embeddings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("anchor", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_embeddings")),
        sa.UniqueConstraint("model", "key", "anchor", name="uq_search_embeddings_model_key_anchor"),
    )
    op.create_index("ix_search_embeddings_key", "search_embeddings", ["key"], unique=False)


def downgrade():
    op.drop_index("ix_search_embeddings_key", table_name="search_embeddings")
    op.drop_table("search_embeddings")
