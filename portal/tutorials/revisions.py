"""A tutorial's revisions: each saved version of its title and text, numbered from 1."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.tutorials.models import Tutorial, TutorialRevision


def add_revision(
    tutorial: Tutorial, body: str, author: User | None, note: str = ""
) -> TutorialRevision:
    """Record the tutorial's title and body text as its newest revision (the caller commits)."""
    last = db.session.scalar(
        select(func.max(TutorialRevision.number)).where(TutorialRevision.tutorial_id == tutorial.id)
    )
    revision = TutorialRevision(
        tutorial_id=tutorial.id,
        number=(last or 0) + 1,
        title=tutorial.title,
        body_md=body,
        author_id=author.id if author else None,
        note=note,
    )
    db.session.add(revision)
    return revision
