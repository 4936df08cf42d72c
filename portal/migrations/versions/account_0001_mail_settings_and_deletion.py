"""Accounts: which mails a member takes, and when a member deleted the account.

Revision ID: account_0001
Revises: agent_0001
Create Date: 2026-12-01 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "account_0001"
down_revision = "agent_0001"
branch_labels = None
depends_on = None

MAIL_COLUMNS = (
    "mail_ticket_replies",
    "mail_forum_replies",
    "mail_page_updates",
    "mail_feedback",
    "mail_surveys",
)


def upgrade():
    """Every existing member keeps getting every mail, as before."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
        for name in MAIL_COLUMNS:
            batch.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.true())
            )


def downgrade():
    with op.batch_alter_table("users") as batch:
        for name in reversed(MAIL_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("deleted_at")
