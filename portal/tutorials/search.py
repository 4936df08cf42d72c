"""Tutorials in search: one document per step, so a result opens the step that matches."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.content.translations import with_published_translation
from portal.extensions import db
from portal.kb.models import Article
from portal.kb.search import articles_near
from portal.markdown import plain_text
from portal.search.documents import SearchDocument, Section, document_key
from portal.tutorials.content import MAX_STEPS
from portal.tutorials.models import Tutorial, TutorialStep


def step_documents(
    tutorial: Tutorial, translation: tuple[int, str, int] | None = None
) -> list[SearchDocument]:
    """A published tutorial's steps as search documents; translation is the id, language and
    number of steps of its published translation, if it has one (step n translates step n)."""
    other, other_language, other_steps = translation or (None, "", 0)
    docs = []
    for step in tutorial.steps:
        checkpoint = step.checkpoint or {}
        text = plain_text(step.body_html) + " " + checkpoint.get("question", "")
        translated = other is not None and step.position <= other_steps
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
                translation=(
                    document_key("tutorial", f"{other}-{step.position}") if translated else ""
                ),
                translation_language=other_language if translated else "",
            )
        )
    return docs


def _published(query) -> Iterable[SearchDocument]:
    """Step documents of the published tutorials query selects, with their translations'."""
    # How many steps the translation has: its step n translates step n.
    steps = (
        select(func.max(TutorialStep.position))
        .where(TutorialStep.tutorial_id == Tutorial.translation_id)
        .scalar_subquery()
    )
    query = (
        with_published_translation(query, Tutorial)
        .add_columns(steps)
        .where(Tutorial.status == "published")
        .options(selectinload(Tutorial.steps))
    )
    for tutorial, other, other_language, other_steps in db.session.execute(query):
        translation = (other, other_language, other_steps or 0) if other is not None else None
        yield from step_documents(tutorial, translation)


def documents_for(ids: list) -> list[SearchDocument]:
    """Step documents of those tutorials that are published."""
    return list(_published(select(Tutorial).where(Tutorial.id.in_(ids))))


def all_documents() -> Iterable[SearchDocument]:
    """Every step of every published tutorial."""
    yield from _published(select(Tutorial).order_by(Tutorial.id))


def keys_for(ids: list) -> set[str]:
    """Every key a tutorial may own: one per step, up to the most steps a tutorial may have."""
    return {document_key("tutorial", f"{i}-{n}") for i in ids for n in range(1, MAX_STEPS + 1)}


WATCH = {Tutorial: None, TutorialStep: lambda step: [step.tutorial_id]}


def similar_articles(tutorial: Tutorial, limit: int) -> list[Article]:
    """Published articles closest in meaning to the tutorial, in its language."""
    key = document_key("tutorial", f"{tutorial.id}-1")
    return articles_near(key, tutorial.language, limit)
