"""Mail readers who asked to hear when a page changes, once an editor publishes a change."""

from __future__ import annotations

from portal.feedback import services
from portal.feedback.surveys import external_url
from portal.kb.services import article_content_changed


def on_article_changed(article, **_extra) -> None:
    """Tell the article's watchers that its published content changed."""
    if not article.is_published:
        return
    link = external_url("kb.article", slug=article.slug)
    services.notify_watchers("article", article.id, article.title, link)


def connect() -> None:
    """Listen to the knowledge base's change signal (once, however many apps are made)."""
    article_content_changed.connect(on_article_changed, weak=False)
