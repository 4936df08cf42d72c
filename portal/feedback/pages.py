"""Kinds of page that carry "Was this helpful?": each feature registers how to find its pages.

The knowledge base's articles are registered here; tutorials register "tutorial" with
`register_page_kind(app, "tutorial", resolver)` where resolver(page_id) returns a PageInfo
or None for a page that does not exist (or is not public).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from flask import Flask, current_app, url_for

from portal.extensions import db


@dataclass
class PageInfo:
    """What the feedback widgets and the report need to know about a page."""

    title: str
    url: str
    # (title, url) pairs, found only when shown (after a "No"), not on every page view.
    find_related: Callable[[], list[tuple[str, str]]] = field(default=list, repr=False)
    flag_url: str | None = None  # where a reader reports the page as outdated

    @cached_property
    def related(self) -> list[tuple[str, str]]:
        return self.find_related()


PageResolver = Callable[[int], PageInfo | None]


def register_page_kind(app: Flask, kind: str, resolver: PageResolver) -> None:
    """Let pages of kind take helpful votes; resolver finds a public page by id."""
    app.extensions.setdefault("portal_feedback_pages", {})[kind] = resolver


def page_kinds() -> list[str]:
    """The registered kinds, e.g. ["article", "tutorial"]."""
    return list(current_app.extensions.get("portal_feedback_pages", {}))


def resolve_page(kind: str, page_id: int) -> PageInfo | None:
    """The public page of that kind and id, or None."""
    resolver = current_app.extensions.get("portal_feedback_pages", {}).get(kind)
    return resolver(page_id) if resolver else None


def article_page(page_id: int) -> PageInfo | None:
    """A published knowledge-base article as a page that takes votes."""
    from portal.kb import queries as kb
    from portal.kb.models import Article

    article = db.session.get(Article, page_id)
    if article is None or not article.is_published:
        return None
    url = url_for("kb.article", slug=article.slug)
    return PageInfo(
        title=article.title,
        url=url,
        find_related=lambda: [
            (a.title, url_for("kb.article", slug=a.slug)) for a in kb.related_articles(article, 3)
        ],
        flag_url=url + "#flag-outdated",
    )
