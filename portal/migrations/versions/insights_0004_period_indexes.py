"""Insights: indexes for a period's helpful votes and for customers with repeated tickets.

Insights reads the articles with the most "No" votes of a period. With only the
(page_kind, page_id) index, SQLite walked every vote ever cast on an article (a quarter
of a second at 100,000 votes); the first index holds the whole answer for the period's
range. The second lets "customers at risk" count a customer's tickets by topic without
reading the tickets themselves (a third of the time at 4,400 marked customers), and the
third gives the chat wait percentiles both times without reading the chats (half the time).

Revision ID: insights_0004
Revises: agent_0002
Create Date: 2026-12-01 22:15:00.000000

"""

from alembic import op

revision = "insights_0004"
down_revision = "agent_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_helpful_votes_kind_updated",
        "helpful_votes",
        ["page_kind", "updated_at", "page_id", "helpful"],
    )
    op.create_index(
        "ix_tickets_requester_topic_created",
        "tickets",
        ["requester_email", "topic", "created_at"],
    )
    op.create_index("ix_chats_queued_taken", "chats", ["queued_at", "taken_at"])


def downgrade():
    op.drop_index("ix_chats_queued_taken", table_name="chats")
    op.drop_index("ix_tickets_requester_topic_created", table_name="tickets")
    op.drop_index("ix_helpful_votes_kind_updated", table_name="helpful_votes")
