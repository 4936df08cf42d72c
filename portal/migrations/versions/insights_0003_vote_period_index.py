"""Helpful votes: an index for a period's votes on one kind of page.

Insights reads the articles with the most "No" votes of a period. With only the
(page_kind, page_id) index, SQLite walked every vote ever cast on an article (a quarter
of a second at 100,000 votes); this index holds the whole answer for the period's range.

Revision ID: insights_0003
Revises: account_0001
Create Date: 2026-12-01 22:15:00.000000

"""

from alembic import op

revision = "insights_0003"
down_revision = "account_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_helpful_votes_kind_updated",
        "helpful_votes",
        ["page_kind", "updated_at", "page_id", "helpful"],
    )


def downgrade():
    op.drop_index("ix_helpful_votes_kind_updated", table_name="helpful_votes")
