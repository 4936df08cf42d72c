"""Content in two languages: which version a reader sees, and pairing translations."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, inspect, or_, select
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


def with_published_translation(query: Select[Any], model: Any) -> Select[Any]:
    """query (of model rows) with two more columns: the id and language of each row's
    published translation, None for a row without one."""
    other = _other(model)
    return query.add_columns(other.id, other.language).outerjoin(
        other, and_(other.id == model.translation_id, other.status == "published")
    )


# What a translation's search document says of a row: that it is published, its language,
# which row it is, and (tutorials) which of its steps exist.
LINK_FIELDS = ("status", "language", "translation_id", "translation", "steps")


def linked_ids(row: Any) -> set[int]:
    """Ids of the rows that row is, or was before the change being flushed, a translation of,
    when the change concerns them (a link, a publication, a deletion; not an edit of the text).

    Their search documents name row's as their translation. Reads only what is loaded.
    """
    state = inspect(row)
    attrs = state.attrs
    deleted = state.session is not None and row in state.session.deleted
    if not deleted and not any(
        attrs[name].history.has_changes() for name in LINK_FIELDS if name in attrs
    ):
        return set()
    ids = {value for value in attrs.translation_id.history.sum() if value is not None}
    for other in attrs.translation.history.sum():
        if other is not None and other.id is not None:
            ids.add(other.id)
    ids.discard(row.id)
    return ids
