"""Tutorial operations: listing, the player, checkpoints and progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.content.translations import visible_in
from portal.extensions import db
from portal.kb.models import Article, Tag, article_tags
from portal.tutorials.models import Tutorial, TutorialStep


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


def published_tutorials(slugs: list[str]) -> list[Tutorial]:
    """The published tutorials with these slugs and their steps, in one query."""
    if not slugs:
        return []
    return list(
        db.session.scalars(
            select(Tutorial)
            .where(Tutorial.slug.in_(set(slugs)), Tutorial.status == "published")
            .options(joinedload(Tutorial.steps))
        ).unique()
    )


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
