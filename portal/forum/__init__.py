"""Community forum: customers ask, answer, vote and flag; staff moderate."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core.registry import (
    register_account_eraser,
    register_context_label,
    register_home_section,
    register_page_describer,
    register_sitemap_source,
    register_staff_tool,
)
from portal.demo import register_step
from portal.extensions import db
from portal.forum import (  # noqa: F401  (routes on bp, tables)
    handoff,
    home,
    models,
    moderation_views,
    notifications,
    search,
    staff_views,
)
from portal.forum.demo import load_demo_forum
from portal.forum.views import bp
from portal.search.sources import register_source


def _describe_threads(pages: list[tuple[dict, Any]]) -> list[dict | None]:
    """Thread pages as the threads' titles, in one query."""
    ids = [view_args.get("thread_id") for view_args, _args in pages]
    rows = db.session.execute(
        select(models.Thread.id, models.Thread.title).where(models.Thread.id.in_(set(ids)))
    )
    titles = dict(rows.all())
    return [{"title": titles[i]} if i in titles else None for i in ids]


def init_app(app: Flask) -> None:
    """Register the forum pages, demo content, search source, home section and sitemap URLs."""
    app.register_blueprint(bp)
    register_account_eraser(app, notifications.erase_subscriber)
    register_step(app, "forum", load_demo_forum)
    register_source(
        app,
        "thread",
        documents_for=search.documents_for,
        all_documents=search.all_documents,
        watch=search.WATCH,
    )
    register_home_section(app, 30, home.home_section)
    register_sitemap_source(app, home.sitemap_entries)
    register_context_label(app, "thread", handoff.THREAD_LABEL)
    register_page_describer(app, "forum.thread", _describe_threads)
    register_staff_tool(app, 50, "forum.moderation_queue", _l("Moderation"), ("agent",))
