"""Helpful votes by voter: find a reader's recent votes for a ticket's context.

Revision ID: 0009
Revises: 0004
Create Date: 2026-11-23 19:30:00.000000

"""

from alembic import op

revision = "0009"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("helpful_votes", schema=None) as batch_op:
        batch_op.create_index("ix_helpful_votes_voter_updated", ["voter_key", "updated_at"])


def downgrade():
    with op.batch_alter_table("helpful_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_helpful_votes_voter_updated")
