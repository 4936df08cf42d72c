"""Tutorial operations: listing, the player, checkpoints and progress."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.clock import utcnow
from portal.content.translations import visible_in
from portal.extensions import db
from portal.kb.models import Article, Tag, article_tags
from portal.tutorials.models import Tutorial, TutorialProgress, TutorialStep

Session = MutableMapping[str, Any]  # Flask's session, or a plain dict in tests
SESSION_KEY = "tutorial_progress"  # {slug: {"step": n, "done": bool}} for visitors
LAST_STEP_KEY = "tutorial_last_step"  # the step anyone viewed last, for escalation context


class InvalidAnswer(Exception):
    """An answer that names no option of the checkpoint (a forged form)."""


@dataclass
class CheckResult:
    correct: bool
    explanation: str
    chosen: int | None = None


def list_tutorials(
    locale: str, difficulty: str | None = None, language: str | None = None
) -> list[Tutorial]:
    """Published tutorials with their steps, filtered."""
    query = select(Tutorial).options(selectinload(Tutorial.steps)).order_by(Tutorial.title)
    if language:
        query = query.where(Tutorial.status == "published", Tutorial.language == language)
    else:
        query = query.where(visible_in(Tutorial, locale))
    if difficulty:
        query = query.where(Tutorial.difficulty == difficulty)
    return list(db.session.scalars(query))


def find_tutorial(slug: str, include_unpublished: bool = False) -> Tutorial | None:
    """The tutorial with that slug and its steps (published only unless asked)."""
    tutorial = db.session.scalar(
        select(Tutorial)
        .where(Tutorial.slug == slug)
        .options(selectinload(Tutorial.steps), selectinload(Tutorial.translation))
    )
    if tutorial is None or (not include_unpublished and not tutorial.is_published):
        return None
    return tutorial


def step_of(tutorial: Tutorial, number: int) -> TutorialStep | None:
    """Step number (1-based), or None when out of range."""
    if 1 <= number <= len(tutorial.steps):
        return tutorial.steps[number - 1]
    return None


def check_answer(step: TutorialStep, answer: str | None) -> CheckResult:
    """Check a checkpoint answer on the server; InvalidAnswer for anything not offered."""
    checkpoint = step.checkpoint
    if not checkpoint:
        raise InvalidAnswer("this step has no checkpoint")
    if checkpoint["type"] == "confirm":
        if answer not in ("yes", "no"):
            raise InvalidAnswer("answer yes or no")
        return CheckResult(correct=answer == "yes", explanation=checkpoint.get("explanation", ""))
    try:
        chosen = int(answer or "")
    except ValueError as exc:
        raise InvalidAnswer("not an option") from exc
    if not 1 <= chosen <= len(checkpoint["options"]):
        raise InvalidAnswer("not an option")
    return CheckResult(
        correct=chosen == checkpoint["answer"],
        explanation=checkpoint.get("explanation", ""),
        chosen=chosen,
    )


# Progress ------------------------------------------------------------------------------


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


def related_for(tutorial: Tutorial, limit: int = 4) -> tuple[list[Article], list[Tutorial]]:
    """Articles and other tutorials sharing the tutorial's tags, in its language."""
    tags = set(tutorial.tags or [])
    tutorials = [
        other
        for other in db.session.scalars(
            select(Tutorial).where(
                Tutorial.status == "published",
                Tutorial.id != tutorial.id,
                Tutorial.language == tutorial.language,
            )
        )
        if tags & set(other.tags or [])
    ][:limit]
    articles: list[Article] = []
    if tags:
        articles = list(
            db.session.scalars(
                select(Article)
                .join(article_tags, article_tags.c.article_id == Article.id)
                .join(Tag, Tag.id == article_tags.c.tag_id)
                .where(
                    Article.status == "published",
                    Article.language == tutorial.language,
                    Tag.name.in_(tags),
                )
                .group_by(Article.id)
                .order_by(func.count(Tag.id).desc(), Article.view_count.desc())
                .limit(limit)
            )
        )
    return articles, tutorials
