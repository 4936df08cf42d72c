"""Insights: daily roll-ups, visitors of the day, ticket reopens, time indexes for periods.

Revision ID: insights_0001
Revises: chat_0001
Create Date: 2026-12-01 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "insights_0001"
down_revision = "chat_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "insight_visits",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("visitor", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind", "visitor", name=op.f("pk_insight_visits")),
    )
    op.create_table(
        "insight_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "metric", "key", name=op.f("pk_insight_days")),
    )
    op.create_table(
        "insight_rollups",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rolled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_insight_rollups")),
    )
    op.create_table(
        "ticket_reopens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_reopens_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_reopens")),
    )
    op.create_index(op.f("ix_ticket_reopens_ticket_id"), "ticket_reopens", ["ticket_id"])
    op.create_index(op.f("ix_ticket_reopens_created_at"), "ticket_reopens", ["created_at"])
    op.create_index("ix_tickets_created_at", "tickets", ["created_at"])
    op.create_index("ix_tickets_solved_at", "tickets", ["solved_at"])
    op.create_index("ix_chats_created_at", "chats", ["created_at"])
    op.create_index("ix_chats_queued_at", "chats", ["queued_at"])
    op.create_index("ix_chat_messages_created_at", "chat_messages", ["created_at"])


def downgrade():
    op.drop_index("ix_chat_messages_created_at", table_name="chat_messages")
    op.drop_index("ix_chats_queued_at", table_name="chats")
    op.drop_index("ix_chats_created_at", table_name="chats")
    op.drop_index("ix_tickets_solved_at", table_name="tickets")
    op.drop_index("ix_tickets_created_at", table_name="tickets")
    op.drop_index(op.f("ix_ticket_reopens_created_at"), table_name="ticket_reopens")
    op.drop_index(op.f("ix_ticket_reopens_ticket_id"), table_name="ticket_reopens")
    op.drop_table("ticket_reopens")
    op.drop_table("insight_rollups")
    op.drop_table("insight_days")
    op.drop_table("insight_visits")
