"""Content in two languages: which version a reader sees, and pairing translations."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import aliased


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
