"""Tutorials in search: one document per step, so a result opens the step that matches."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.content.translations import published_partners
from portal.extensions import db
from portal.kb.models import Article
from portal.kb.search import articles_near
from portal.markdown import plain_text
from portal.search.documents import SearchDocument, Section, document_key
from portal.tutorials.content import MAX_STEPS
from portal.tutorials.models import Tutorial, TutorialStep


def step_documents(tutorial: Tutorial) -> list[SearchDocument]:
    """A published tutorial's steps as search documents."""
    docs = []
    for step in tutorial.steps:
        checkpoint = step.checkpoint or {}
        text = plain_text(step.body_html) + " " + checkpoint.get("question", "")
        docs.append(
            SearchDocument(
                kind="tutorial",
                id=f"{tutorial.id}-{step.position}",
                title=f"{tutorial.title}: {step.title}",
                url=f"/tutorials/{tutorial.slug}/{step.position}",
                sections=[Section("", "", text)],
                summary=tutorial.summary if step.position == 1 else "",
                language=tutorial.language,
                tags=list(tutorial.tags or []),
                updated=tutorial.updated_at,
            )
        )
    return docs


def documents_for(ids: list) -> list[SearchDocument]:
    """Step documents of those tutorials that are published."""
    tutorials = db.session.scalars(
        select(Tutorial)
        .where(Tutorial.id.in_(ids), Tutorial.status == "published")
        .options(selectinload(Tutorial.steps))
    )
    return [doc for tutorial in tutorials for doc in step_documents(tutorial)]


def all_documents() -> Iterable[SearchDocument]:
    """Every step of every published tutorial."""
    tutorials = db.session.scalars(
        select(Tutorial)
        .where(Tutorial.status == "published")
        .order_by(Tutorial.id)
        .options(selectinload(Tutorial.steps))
    )
    for tutorial in tutorials:
        yield from step_documents(tutorial)


def keys_for(ids: list) -> set[str]:
    """Every key a tutorial may own: one per step, up to the most steps a tutorial may have."""
    return {document_key("tutorial", f"{i}-{n}") for i in ids for n in range(1, MAX_STEPS + 1)}


def translations(keys: list[str]) -> dict[str, tuple[str, str]]:
    """Step keys whose tutorial has a published translation with that step: its key, language."""
    steps: dict[int, list[int]] = {}
    for key in keys:
        tutorial, _, position = key.partition(":")[2].partition("-")
        if tutorial.isdigit() and position.isdigit():
            steps.setdefault(int(tutorial), []).append(int(position))
    partners = published_partners(Tutorial, list(steps))
    if not partners:
        return {}
    lengths: dict[int, int] = dict(
        db.session.execute(
            select(TutorialStep.tutorial_id, func.max(TutorialStep.position))
            .where(TutorialStep.tutorial_id.in_([other for other, _ in partners.values()]))
            .group_by(TutorialStep.tutorial_id)
        ).all()
    )
    return {
        document_key("tutorial", f"{ident}-{n}"): (document_key("tutorial", f"{other}-{n}"), lang)
        for ident, (other, lang) in partners.items()
        for n in steps[ident]
        if n <= lengths.get(other, 0)
    }


WATCH = {Tutorial: None, TutorialStep: lambda step: [step.tutorial_id]}


def similar_articles(tutorial: Tutorial, limit: int) -> list[Article]:
    """Published articles closest in meaning to the tutorial, in its language."""
    key = document_key("tutorial", f"{tutorial.id}-1")
    return articles_near(key, tutorial.language, limit)
