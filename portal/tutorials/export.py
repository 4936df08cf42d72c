"""Write tutorials back out as files in the format `flask content sync` reads."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.tutorials.content import body_text, current_digest
from portal.tutorials.models import Tutorial


def file_text(tutorial: Tutorial) -> str:
    """A tutorial as a Markdown file: front matter, then its introduction and steps."""
    meta = {
        "title": tutorial.title,
        "slug": tutorial.slug,
        "summary": tutorial.summary,
        "minutes": tutorial.minutes,
        "difficulty": tutorial.difficulty,
        "language": tutorial.language,
        "translation": tutorial.translation.slug if tutorial.translation else None,
        "tags": sorted(tutorial.tags or []),
        "status": tutorial.status,
    }
    meta = {key: value for key, value in meta.items() if value not in (None, "", [])}
    front = yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return f"---\n{front}---\n\n{body_text(tutorial)}"


def export_tutorials(directory: Path) -> int:
    """Write every tutorial to directory/tutorials/<slug>.md; sync then finds them unchanged."""
    tutorials = db.session.scalars(
        select(Tutorial).options(selectinload(Tutorial.steps)).order_by(Tutorial.slug)
    ).all()
    (directory / "tutorials").mkdir(parents=True, exist_ok=True)
    for tutorial in tutorials:
        relative = Path("tutorials") / f"{tutorial.slug}.md"
        (directory / relative).write_text(file_text(tutorial), encoding="utf-8")
        tutorial.source_digest, tutorial.source_path = current_digest(tutorial), str(relative)
    db.session.commit()
    return len(tutorials)
