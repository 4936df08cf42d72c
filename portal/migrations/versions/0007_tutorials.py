"""Tutorials: guides, their steps with checkpoints, and learners' progress.

Revision ID: 0007
Revises: 0002
Create Date: 2026-11-23 18:13:59.512741

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tutorials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=160), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("intro_md", sa.Text(), nullable=False),
        sa.Column("intro_html", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("difficulty", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("content_changed_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("source_path", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_tutorials_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["tutorials.id"],
            name=op.f("fk_tutorials_translation_id_tutorials"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tutorials")),
        sa.UniqueConstraint("slug", name=op.f("uq_tutorials_slug")),
    )
    op.create_table(
        "tutorial_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tutorial_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tutorial_id"],
            ["tutorials.id"],
            name=op.f("fk_tutorial_progress_tutorial_id_tutorials"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_tutorial_progress_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tutorial_progress")),
        sa.UniqueConstraint("user_id", "tutorial_id", name=op.f("uq_tutorial_progress_user_id")),
    )
    with op.batch_alter_table("tutorial_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tutorial_progress_user_id"), ["user_id"], unique=False)

    op.create_table(
        "tutorial_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tutorial_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("checkpoint", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tutorial_id"],
            ["tutorials.id"],
            name=op.f("fk_tutorial_steps_tutorial_id_tutorials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tutorial_steps")),
        sa.UniqueConstraint("tutorial_id", "position", name=op.f("uq_tutorial_steps_tutorial_id")),
    )


def downgrade():
    op.drop_table("tutorial_steps")
    with op.batch_alter_table("tutorial_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tutorial_progress_user_id"))

    op.drop_table("tutorial_progress")
    op.drop_table("tutorials")
