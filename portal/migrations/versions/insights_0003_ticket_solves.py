"""Insights: every ticket solve kept as an event, so a reopened ticket is counted once.

A ticket's solved_at holds only its latest solve (a reopen clears it), so the solves made
before this revision are filled in from what is known:

- a ticket never reopened: one solve, at its solved_at (exact);
- a reopened ticket: when it was first solved is not kept anywhere, only that it was
  before its first reopen. The first solve is placed at the first reopen: the latest it
  can have been, so its resolution time reads too long by the time it stayed solved, and
  it counts as solved on the day of its first reopen (the day the roll-ups counted it in
  the reopen rate's base until now). Its solved_at, when it is solved now, is a later solve.

The figures are counted on a ticket's first solve from now on, so every day is computed
again when it is next read, or at once with `flask insights rollup --all --days 366`.

Revision ID: insights_0003
Revises: account_0001
Create Date: 2026-12-01 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "insights_0003"
down_revision = "account_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ticket_solves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_solves_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_solves")),
    )
    op.create_index(op.f("ix_ticket_solves_ticket_id"), "ticket_solves", ["ticket_id"])
    op.create_index(op.f("ix_ticket_solves_created_at"), "ticket_solves", ["created_at"])

    tickets = sa.table("tickets", sa.column("id"), sa.column("solved_at", sa.DateTime()))
    reopens = sa.table(
        "ticket_reopens", sa.column("ticket_id"), sa.column("created_at", sa.DateTime())
    )
    solves = sa.table("ticket_solves", sa.column("ticket_id"), sa.column("created_at"))
    first_reopens = sa.select(reopens.c.ticket_id, sa.func.min(reopens.c.created_at)).group_by(
        reopens.c.ticket_id
    )
    op.execute(solves.insert().from_select(["ticket_id", "created_at"], first_reopens))
    solved_now = sa.select(tickets.c.id, tickets.c.solved_at).where(
        tickets.c.solved_at.is_not(None)
    )
    op.execute(solves.insert().from_select(["ticket_id", "created_at"], solved_now))
    op.execute(sa.text("DELETE FROM insight_rollups"))


def downgrade():
    op.drop_index(op.f("ix_ticket_solves_created_at"), table_name="ticket_solves")
    op.drop_index(op.f("ix_ticket_solves_ticket_id"), table_name="ticket_solves")
    op.drop_table("ticket_solves")
    op.execute(sa.text("DELETE FROM insight_rollups"))
