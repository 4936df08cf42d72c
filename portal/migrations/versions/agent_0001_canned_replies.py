"""Canned replies: saved answers agents insert into a reply.

Revision ID: agent_0001
Revises: fil_0002
Create Date: 2026-12-01 18:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "agent_0001"
down_revision = "fil_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_replies")),
    )


def downgrade():
    op.drop_table("canned_replies")
