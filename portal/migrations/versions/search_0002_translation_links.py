"""Search on PostgreSQL: each document names its published translation.

Revision ID: search_0002
Revises: insights_0004
Create Date: 2026-12-01 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "search_0002"
down_revision = "insights_0004"
branch_labels = None
depends_on = None

# The links as the articles and tutorials stored them when this ran; `flask search reindex`
# writes the same from the documents' sources.
ARTICLES = """
UPDATE search_documents AS d
SET translation = 'article:' || p.id, translation_language = p.language
FROM articles AS a JOIN articles AS p ON p.id = a.translation_id
WHERE d.key = 'article:' || a.id AND p.status = 'published'
"""
# A tutorial's step n has a translation when the translated tutorial has a step n.
TUTORIAL_STEPS = """
UPDATE search_documents AS d
SET translation = 'tutorial:' || p.id || '-' || s.position, translation_language = p.language
FROM tutorials AS t
JOIN tutorials AS p ON p.id = t.translation_id
JOIN tutorial_steps AS s ON s.tutorial_id = p.id
WHERE d.key = 'tutorial:' || t.id || '-' || s.position AND p.status = 'published'
"""


def upgrade():
    op.add_column(
        "search_documents",
        sa.Column("translation", sa.String(120), nullable=False, server_default=""),
    )
    op.add_column(
        "search_documents",
        sa.Column("translation_language", sa.String(8), nullable=False, server_default=""),
    )
    if op.get_bind().dialect.name == "postgresql":
        # The index lives in these rows only on PostgreSQL (elsewhere they stay empty).
        op.execute(ARTICLES)
        op.execute(TUTORIAL_STEPS)


def downgrade():
    with op.batch_alter_table("search_documents") as batch:
        batch.drop_column("translation_language")
        batch.drop_column("translation")
