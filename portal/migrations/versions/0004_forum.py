"""Forum: categories, threads, posts, votes, flags, subscriptions, moderation.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-23 18:04:23.512618

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forum_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("thread_count", sa.Integer(), nullable=False),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_categories")),
        sa.UniqueConstraint("slug", name=op.f("uq_forum_categories_slug")),
    )
    op.create_table(
        "forum_suspensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_forum_suspensions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_forum_suspensions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_suspensions")),
        sa.UniqueConstraint("user_id", name=op.f("uq_forum_suspensions_user_id")),
    )
    op.create_table(
        "forum_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("last_poster_id", sa.Integer(), nullable=True),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("reply_count", sa.Integer(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("is_locked", sa.Boolean(), nullable=False),
        sa.Column("is_pinned", sa.Boolean(), nullable=False),
        sa.Column("accepted_post_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_forum_threads_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["forum_categories.id"],
            name=op.f("fk_forum_threads_category_id_forum_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["last_poster_id"], ["users.id"], name=op.f("fk_forum_threads_last_poster_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_threads")),
    )
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forum_threads_category_activity", ["category_id", "last_activity_at"], unique=False
        )
        batch_op.create_index(
            "ix_forum_threads_category_created", ["category_id", "created_at"], unique=False
        )

    op.create_table(
        "forum_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("submit_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_forum_posts_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["forum_threads.id"],
            name=op.f("fk_forum_posts_thread_id_forum_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_posts")),
        sa.UniqueConstraint("author_id", "submit_key", name="uq_forum_posts_author_submit_key"),
    )
    with op.batch_alter_table("forum_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_posts_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_forum_posts_thread_id_id", ["thread_id", "id"], unique=False)

    # Threads and posts refer to each other; this key can only follow both tables.
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_forum_threads_accepted_post_id_forum_posts"),
            "forum_posts",
            ["accepted_post_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "forum_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["forum_threads.id"],
            name=op.f("fk_forum_subscriptions_thread_id_forum_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_forum_subscriptions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_subscriptions")),
        sa.UniqueConstraint("thread_id", "user_id", name="uq_forum_subscriptions_thread_user"),
    )
    with op.batch_alter_table("forum_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_subscriptions_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "forum_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_flags_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["users.id"], name=op.f("fk_forum_flags_resolved_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_forum_flags_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_flags")),
        sa.UniqueConstraint("post_id", "user_id", name="uq_forum_flags_post_user"),
    )
    with op.batch_alter_table("forum_flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_flags_resolved_at"), ["resolved_at"], unique=False
        )

    op.create_table(
        "forum_moderation_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_forum_moderation_log_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_moderation_log_post_id_forum_posts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_user_id"],
            ["users.id"],
            name=op.f("fk_forum_moderation_log_target_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["forum_threads.id"],
            name=op.f("fk_forum_moderation_log_thread_id_forum_threads"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_moderation_log")),
    )
    with op.batch_alter_table("forum_moderation_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_moderation_log_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "forum_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["forum_posts.id"],
            name=op.f("fk_forum_votes_post_id_forum_posts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_forum_votes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_votes")),
        sa.UniqueConstraint("post_id", "user_id", name="uq_forum_votes_post_user"),
    )
    with op.batch_alter_table("forum_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_votes_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("forum_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_votes_user_id"))

    op.drop_table("forum_votes")
    with op.batch_alter_table("forum_moderation_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_moderation_log_created_at"))

    op.drop_table("forum_moderation_log")
    with op.batch_alter_table("forum_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_flags_resolved_at"))

    op.drop_table("forum_flags")
    with op.batch_alter_table("forum_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_subscriptions_user_id"))

    op.drop_table("forum_subscriptions")
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_forum_threads_accepted_post_id_forum_posts"), type_="foreignkey"
        )

    with op.batch_alter_table("forum_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_posts_thread_id_id")
        batch_op.drop_index(batch_op.f("ix_forum_posts_author_id"))

    op.drop_table("forum_posts")
    with op.batch_alter_table("forum_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_forum_threads_category_created")
        batch_op.drop_index("ix_forum_threads_category_activity")

    op.drop_table("forum_threads")
    op.drop_table("forum_suspensions")
    op.drop_table("forum_categories")
