"""Tickets: since when the customer waits on us, stored for the console's order.

Filled in for existing tickets as the console computed it: for a ticket whose customer
spoke last, the time of the customer's latest public message; none for the others.

Revision ID: agent_0002
Revises: insights_0003
Create Date: 2026-12-01 22:05:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "agent_0002"
down_revision = "insights_0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("waiting_since", sa.DateTime(), nullable=True))
    tickets = sa.table(
        "tickets",
        sa.column("id"),
        sa.column("last_speaker"),
        sa.column("waiting_since", sa.DateTime()),
    )
    messages = sa.table(
        "ticket_messages",
        sa.column("ticket_id"),
        sa.column("author_kind"),
        sa.column("internal", sa.Boolean()),
        sa.column("created_at", sa.DateTime()),
    )
    latest = (
        sa.select(sa.func.max(messages.c.created_at))
        .where(
            messages.c.ticket_id == tickets.c.id,
            messages.c.author_kind == "customer",
            messages.c.internal == sa.false(),
        )
        .scalar_subquery()
    )
    op.execute(
        tickets.update().where(tickets.c.last_speaker == "customer").values(waiting_since=latest)
    )
    op.create_index("ix_tickets_status_waiting_since", "tickets", ["status", "waiting_since"])


def downgrade():
    op.drop_index("ix_tickets_status_waiting_since", table_name="tickets")
    # Not in a batch: on SQLite that copies the table, and dropping the old one would take
    # every ticket's messages with it (foreign keys cascade).
    op.drop_column("tickets", "waiting_since")
