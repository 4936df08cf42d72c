"""Search analytics: logged searches and clicks on their results.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:11:52.874463

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("visitor", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_logs")),
    )
    with op.batch_alter_table("search_logs", schema=None) as batch_op:
        batch_op.create_index("ix_search_logs_created_query", ["created_at", "query"], unique=False)

    op.create_table(
        "search_clicks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["search_id"],
            ["search_logs.id"],
            name=op.f("fk_search_clicks_search_id_search_logs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_clicks")),
    )
    with op.batch_alter_table("search_clicks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_clicks_search_id"), ["search_id"], unique=False)


def downgrade():
    with op.batch_alter_table("search_clicks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_clicks_search_id"))
    op.drop_table("search_clicks")
    with op.batch_alter_table("search_logs", schema=None) as batch_op:
        batch_op.drop_index("ix_search_logs_created_query")
    op.drop_table("search_logs")
