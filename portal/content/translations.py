"""Content in two languages: which version a reader sees, and pairing translations."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import aliased

from portal.extensions import db


@cache
def _other(model: Any) -> Any:
    # Built once per model: a new alias per query costs SQLAlchemy milliseconds of bookkeeping.
    return aliased(model, name="translation")


def visible_in(model: Any, locale: str) -> ColumnElement[bool]:
    """Published rows of model (Article, Tutorial) a reader of locale should see.

    Those in the reader's language, and those without a published translation into it.
    """
    other = _other(model)
    has_translation_in_locale = (
        select(other.id)
        .where(
            other.id == model.translation_id,
            other.language == locale,
            other.status == "published",
        )
        .exists()
    )
    return and_(
        model.status == "published",
        or_(model.language == locale, ~has_translation_in_locale),
    )


def pair(item: Any, other: Any) -> None:
    """Make two rows each other's translation, or unlink item with None (the caller commits).

    A row that was paired with a third one loses that link, so pairs stay pairs.
    """
    if item.translation is not None and item.translation is not other:
        item.translation.translation = None
    item.translation = other
    if other is not None:
        if other.translation is not None and other.translation is not item:
            other.translation.translation = None
        other.translation = item


def published_partners(model: Any, ids: list[int]) -> dict[int, tuple[int, str]]:
    """For those ids of model that have a published translation: its id and language."""
    if not ids:
        return {}
    other = _other(model)
    rows = db.session.execute(
        select(model.id, other.id, other.language)
        .join(other, other.id == model.translation_id)
        .where(model.id.in_(ids), other.status == "published")
    )
    return {row[0]: (row[1], row[2]) for row in rows}
