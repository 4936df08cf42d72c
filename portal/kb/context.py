"""How kb pages read in a ticket's context: an article's title and category, not its path."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale

from portal.kb import queries
from portal.kb.models import Category

Pages = list[tuple[dict[str, Any], Any]]


def _root(category: Category | None) -> str | None:
    while category is not None and category.parent is not None:
        category = category.parent
    return category.slug if category is not None else None


def _slugs(pages: Pages) -> list[str]:
    return [str(view_args.get("slug", "")) for view_args, _args in pages]


def describe_articles(pages: Pages) -> list[dict[str, Any] | None]:
    """Published articles as their titles and their top categories' slugs, in one query."""
    slugs = _slugs(pages)
    found = {article.slug: article for article in queries.published_articles(slugs)}
    return [
        {"title": article.title, "category": _root(article.category)}
        if (article := found.get(slug))
        else None
        for slug in slugs
    ]


def describe_categories(pages: Pages) -> list[dict[str, Any] | None]:
    """Categories as their names in the reader's language and their top categories' slugs."""
    slugs, locale = _slugs(pages), str(get_locale() or "en")
    found = {category.slug: category for category in queries.categories_by_slug(slugs)}
    return [
        {"title": category.label(locale), "category": _root(category)}
        if (category := found.get(slug))
        else None
        for slug in slugs
    ]
