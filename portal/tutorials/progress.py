"""A learner's progress through tutorials: in the database for members, in the session
for visitors, merged into the account at log-in."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.tutorials.models import Tutorial, TutorialProgress, TutorialStep

Session = MutableMapping[str, Any]  # Flask's session, or a plain dict in tests
SESSION_KEY = "tutorial_progress"  # {slug: {"step": n, "done": bool}} for visitors
LAST_STEP_KEY = "tutorial_last_step"  # the step anyone viewed last, for escalation context


def record_progress(
    user: User | None,
    session: Session,
    tutorial: Tutorial,
    step: int,
    done: bool = False,
) -> None:
    """Remember the step a learner reached: in the database, or the visitor's session."""
    if user is None:
        progress = dict(session.get(SESSION_KEY) or {})
        previous = progress.get(tutorial.slug) or {}
        progress[tutorial.slug] = {"step": step, "done": bool(done or previous.get("done"))}
        session[SESSION_KEY] = progress
        return
    row = db.session.scalar(
        select(TutorialProgress).where(
            TutorialProgress.user_id == user.id, TutorialProgress.tutorial_id == tutorial.id
        )
    )
    if row is None:
        row = TutorialProgress(user_id=user.id, tutorial_id=tutorial.id)
        db.session.add(row)
    row.step = step
    row.updated_at = utcnow()
    if done and row.completed_at is None:
        row.completed_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:
        # Another request created the row first; this one only loses a duplicate.
        db.session.rollback()


def remember_last_step(session: Session, tutorial: Tutorial, step: TutorialStep) -> None:
    """Keep the step last viewed, so "Talk to a human" can tell the team where they were."""
    session[LAST_STEP_KEY] = {
        "path": f"/tutorials/{tutorial.slug}/{step.position}",
        "text": f"{tutorial.title} › {step.position}. {step.title}"[:300],
    }


def progress_for(
    user: User | None, session: Session, tutorial: Tutorial
) -> tuple[int, bool] | None:
    """(step reached, finished) for this learner, or None if they never started."""
    if user is None:
        entry = (session.get(SESSION_KEY) or {}).get(tutorial.slug)
        return (int(entry["step"]), bool(entry.get("done"))) if entry else None
    row = db.session.scalar(
        select(TutorialProgress).where(
            TutorialProgress.user_id == user.id, TutorialProgress.tutorial_id == tutorial.id
        )
    )
    return (row.step, row.completed_at is not None) if row else None


def merge_visitor_progress(user: User, session: Session) -> int:
    """Move a visitor's session progress into their account at log-in; the further step wins."""
    progress = session.pop(SESSION_KEY, None) or {}
    if not progress:
        return 0
    tutorials = {
        t.slug: t for t in db.session.scalars(select(Tutorial).where(Tutorial.slug.in_(progress)))
    }
    rows = {
        row.tutorial_id: row
        for row in db.session.scalars(
            select(TutorialProgress).where(TutorialProgress.user_id == user.id)
        )
    }
    merged = 0
    for slug, entry in progress.items():
        tutorial = tutorials.get(slug)
        if tutorial is None:
            continue
        row = rows.get(tutorial.id)
        if row is None:
            row = TutorialProgress(user_id=user.id, tutorial_id=tutorial.id, step=0)
            db.session.add(row)
        row.step = max(row.step, int(entry.get("step", 1)))
        if entry.get("done") and row.completed_at is None:
            row.completed_at = utcnow()
        merged += 1
    db.session.commit()
    return merged


def erase_learner(user: User) -> None:
    """An account is being deleted: forget how far it got in each tutorial."""
    db.session.execute(delete(TutorialProgress).where(TutorialProgress.user_id == user.id))
