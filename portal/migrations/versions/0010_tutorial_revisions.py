"""Tutorial revisions: each saved version of a tutorial's title and text.

Revision ID: 0010
Revises: 0004
Create Date: 2026-11-23 19:15:29.220082

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tutorial_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tutorial_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_tutorial_revisions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tutorial_id"],
            ["tutorials.id"],
            name=op.f("fk_tutorial_revisions_tutorial_id_tutorials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tutorial_revisions")),
        sa.UniqueConstraint(
            "tutorial_id", "number", name=op.f("uq_tutorial_revisions_tutorial_id")
        ),
    )
    with op.batch_alter_table("tutorial_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tutorial_revisions_tutorial_id"), ["tutorial_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("tutorial_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tutorial_revisions_tutorial_id"))

    op.drop_table("tutorial_revisions")
