"""How kb pages read in a ticket's context: an article's title and category, not its path."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale

from portal.kb import queries
from portal.kb.models import Category


def _root(category: Category | None) -> str | None:
    while category is not None and category.parent is not None:
        category = category.parent
    return category.slug if category is not None else None


def describe_article(view_args: dict[str, Any], args: Any) -> dict[str, Any] | None:
    """A published article as its title and its top category's slug."""
    article = queries.find_article(str(view_args.get("slug", "")))
    if article is None:
        return None
    return {"title": article.title, "category": _root(article.category)}


def describe_category(view_args: dict[str, Any], args: Any) -> dict[str, Any] | None:
    """A category as its name in the reader's language, and its top category's slug."""
    category = queries.get_category(str(view_args.get("slug", "")))
    if category is None:
        return None
    return {"title": category.label(str(get_locale() or "en")), "category": _root(category)}
