"""Tutorials as pages that take "Was this helpful?" votes (the feedback feature's page kind)."""

from __future__ import annotations

from flask import url_for

from portal.extensions import db
from portal.feedback.pages import PageInfo
from portal.tutorials import services
from portal.tutorials.models import Tutorial


def tutorial_page(page_id: int) -> PageInfo | None:
    """A published tutorial; its votes are given on, and lead back to, its finish page."""
    tutorial = db.session.get(Tutorial, page_id)
    if tutorial is None or not tutorial.is_published:
        return None

    def related() -> list[tuple[str, str]]:
        articles, tutorials = services.related_for(tutorial, 3)
        return [(a.title, url_for("kb.article", slug=a.slug)) for a in articles] + [
            (t.title, url_for("tutorials.overview", slug=t.slug)) for t in tutorials
        ]

    return PageInfo(
        title=tutorial.title,
        url=url_for("tutorials.done", slug=tutorial.slug),
        find_related=related,
    )
