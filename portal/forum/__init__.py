"""Community forum: customers ask, answer, vote and flag; staff moderate."""

from __future__ import annotations

from flask import Flask

from portal.core.registry import register_home_section, register_sitemap_source
from portal.forum import home, models, moderation_views, staff_views  # noqa: F401  (routes, tables)
from portal.forum.demo import load_demo_forum
from portal.forum.views import bp


def init_app(app: Flask) -> None:
    """Register the forum blueprint, its demo content, home section and sitemap URLs."""
    from portal.demo import register_step
    from portal.forum import search
    from portal.search.sources import register_source

    app.register_blueprint(bp)
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
