"""Forum: an index for a category's threads in their default order (pinned, latest activity).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 21:40:00.000000

"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_threads_category_pinned_activity",
            ["category_id", "is_pinned", "last_activity_at", "id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_threads_category_pinned_activity")
