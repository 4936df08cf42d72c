"""Forum categories: a Filipino name and description, as knowledge-base categories have.

Revision ID: fil_0001
Revises: insights_0002
Create Date: 2026-12-01 19:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "fil_0001"
down_revision = "insights_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_categories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_fil", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("description_fil", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("forum_categories", schema=None) as batch_op:
        batch_op.drop_column("description_fil")
        batch_op.drop_column("name_fil")
