"""Accounts made through the registration form wait for their email to be confirmed.

Revision ID: harden2_0001
Revises: harden_0003
Create Date: 2026-12-01 14:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "harden2_0001"
down_revision = "harden_0003"
branch_labels = None
depends_on = None


def upgrade():
    """Every existing account counts as confirmed."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("email_confirmed", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade():
    """Drop the flag."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_confirmed")
