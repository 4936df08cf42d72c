"""Tickets: when the requester's email was proven, and a version that revokes mailed links.

Revision ID: harden_0002
Revises: harden_0001
Create Date: 2026-12-01 12:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "harden_0002"
down_revision = "insights_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("link_version", sa.Integer(), nullable=False, server_default="0")
        )
    # Tickets of accounts were proven by the account; visitors' stay unproven until a link
    # mailed from now on is opened.
    op.execute("UPDATE tickets SET email_verified_at = created_at WHERE user_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("link_version")
        batch_op.drop_column("email_verified_at")
