"""Feedback: helpful votes, page watches, the feedback box, survey answers and NPS offers.

Revision ID: 0008
Revises: 0002
Create Date: 2026-11-23 18:15:45.539956

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("page", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("tags", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_feedback_items_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_items")),
    )
    with op.batch_alter_table("feedback_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_items_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index("ix_feedback_items_status_kind", ["status", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_items_user_id"), ["user_id"], unique=False)

    op.create_table(
        "helpful_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_kind", sa.String(length=20), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_helpful_votes_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_helpful_votes")),
        sa.UniqueConstraint("page_kind", "page_id", "voter_key", name="uq_helpful_votes_voter"),
    )
    with op.batch_alter_table("helpful_votes", schema=None) as batch_op:
        batch_op.create_index("ix_helpful_votes_page", ["page_kind", "page_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_helpful_votes_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "nps_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("offered_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_nps_offers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nps_offers")),
    )
    with op.batch_alter_table("nps_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nps_offers_user_id"), ["user_id"], unique=False)

    op.create_table(
        "page_watches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_kind", sa.String(length=20), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_page_watches_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_watches")),
        sa.UniqueConstraint("page_kind", "page_id", "user_id", name="uq_page_watches_user"),
    )
    with op.batch_alter_table("page_watches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_page_watches_user_id"), ["user_id"], unique=False)

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("subject_ref", sa.String(length=64), nullable=False),
        sa.Column("respondent_key", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_survey_responses_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint(
            "kind", "subject_kind", "subject_ref", "respondent_key", name="uq_survey_responses_one"
        ),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_responses_kind_created", ["kind", "created_at"], unique=False
        )

    op.create_table(
        "feedback_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_feedback_replies_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_replies_item_id_feedback_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_replies")),
    )
    with op.batch_alter_table("feedback_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_replies_item_id"), ["item_id"], unique=False)


def downgrade():
    with op.batch_alter_table("feedback_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_replies_item_id"))
    op.drop_table("feedback_replies")
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_responses_kind_created")
    op.drop_table("survey_responses")
    with op.batch_alter_table("page_watches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_page_watches_user_id"))
    op.drop_table("page_watches")
    with op.batch_alter_table("nps_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nps_offers_user_id"))
    op.drop_table("nps_offers")
    with op.batch_alter_table("helpful_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helpful_votes_updated_at"))
        batch_op.drop_index("ix_helpful_votes_page")
    op.drop_table("helpful_votes")
    with op.batch_alter_table("feedback_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_items_user_id"))
        batch_op.drop_index("ix_feedback_items_status_kind")
        batch_op.drop_index(batch_op.f("ix_feedback_items_created_at"))
    op.drop_table("feedback_items")
