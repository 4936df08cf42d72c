"""Submissions: claimed form posts, so the same form sent twice creates one thing.

Revision ID: harden_0003
Revises: harden_0002
Create Date: 2026-12-01 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "harden_0003"
down_revision = "harden_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submissions",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(length=2000), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_submissions")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_created_at"))
    op.drop_table("submissions")
