"""Insights: ticket figures rolled up by day, indexes for reading them and first responses.

The roll-ups gained figures (response and resolution histograms, reopens, CSAT by agent,
customers at risk): every day is computed again when it is next read, or at once with
`flask insights rollup --all --days 366`.

Revision ID: insights_0002
Revises: harden2_0001
Create Date: 2026-12-01 19:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "insights_0002"
down_revision = "harden2_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_tickets_first_response_at", "tickets", ["first_response_at"])
    op.create_index("ix_insight_days_metric_day", "insight_days", ["metric", "day", "key", "value"])
    op.execute(sa.text("DELETE FROM insight_rollups"))


def downgrade():
    op.drop_index("ix_insight_days_metric_day", table_name="insight_days")
    op.drop_index("ix_tickets_first_response_at", table_name="tickets")
