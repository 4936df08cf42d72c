"""Articles as pages that take "Was this helpful?" votes (the feedback feature's page kind)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.extensions import db
from portal.feedback.pages import PageInfo
from portal.feedback.services import notify_watchers
from portal.feedback.surveys import external_url
from portal.kb import queries
from portal.kb.models import Article


def article_page(page_id: int) -> PageInfo | None:
    """A published knowledge-base article as a page that takes votes."""
    article = db.session.get(Article, page_id)
    if article is None or not article.is_published:
        return None
    url = url_for("kb.article", slug=article.slug)
    return PageInfo(
        title=article.title,
        url=url,
        find_related=lambda: [
            (a.title, url_for("kb.article", slug=a.slug))
            for a in queries.related_articles(article, 3)
        ],
        flag_url=url + "#flag-outdated",
    )


def sample_articles(limit: int) -> list[int]:
    """The ids of the first published articles."""
    query = select(Article.id).where(Article.status == "published").order_by(Article.id)
    return list(db.session.scalars(query.limit(limit)))


def on_article_changed(article: Article, **_extra) -> None:
    """Mail the readers who asked to hear when the article's published content changes."""
    if not article.is_published:
        return
    link = external_url("kb.article", slug=article.slug)
    notify_watchers("article", article.id, article.title, link)
