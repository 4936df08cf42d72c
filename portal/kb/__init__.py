"""Knowledge base: categories and Markdown articles, their pages, feed and files."""

from __future__ import annotations

from flask import Flask

from portal.content import demo_step, register_kind
from portal.core.registry import register_home_section, register_sitemap_source
from portal.demo import register_step
from portal.kb import content, seo
from portal.kb.views import bp, public_bp


def init_app(app: Flask) -> None:
    """Register the KB pages, article files, demo articles, home section and sitemap."""
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    register_kind(app, content.ArticleFiles)
    register_step(app, "articles", demo_step(content.ArticleFiles))
    register_home_section(app, 10, seo.home_section)
    register_sitemap_source(app, seo.sitemap_entries)
