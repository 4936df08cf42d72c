"""Filipino articles and tutorials: box titles saved as "Note" become "Paalala".

The HTML is rendered at save time and now names a box in the text's own language; this
brings the already saved Filipino texts in line without re-rendering them. The titles are
copied here, not imported, so this revision stays as it was written.

Revision ID: fil_0002
Revises: fil_0001
Create Date: 2026-12-01 19:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "fil_0002"
down_revision = "fil_0001"
branch_labels = None
depends_on = None

TITLES = {
    "note": ("Note", "Paalala"),
    "warning": ("Warning", "Babala"),
    "danger": ("Danger", "Panganib"),
    "caution": ("Caution", "Mag-ingat"),
    "important": ("Important", "Mahalaga"),
    "info": ("Info", "Impormasyon"),
    "hint": ("Hint", "Pahiwatig"),
}
STATEMENTS = (
    "UPDATE articles SET body_html = replace(body_html, :old, :new) WHERE language = 'fil'",
    "UPDATE tutorials SET intro_html = replace(intro_html, :old, :new) WHERE language = 'fil'",
    "UPDATE tutorial_steps SET body_html = replace(body_html, :old, :new)"
    " WHERE tutorial_id IN (SELECT id FROM tutorials WHERE language = 'fil')",
)


def _box(kind: str, title: str) -> str:
    return f'<div class="admonition {kind}">\n<p class="admonition-title">{title}</p>'


def _replace(forward: bool) -> None:
    for statement in STATEMENTS:
        for kind, (english, filipino) in TITLES.items():
            old, new = (english, filipino) if forward else (filipino, english)
            op.get_bind().execute(
                sa.text(statement), {"old": _box(kind, old), "new": _box(kind, new)}
            )


def upgrade():
    _replace(forward=True)


def downgrade():
    _replace(forward=False)
