"""Knowledge base: categories and Markdown articles, their pages, feed and files."""

from __future__ import annotations

from flask import Flask

from portal.core.registry import register_home_section, register_sitemap_source
from portal.demo import register_step
from portal.kb import cli, demo, seo, sync
from portal.kb.views import bp, public_bp


def init_app(app: Flask) -> None:
    """Register the KB pages, the content CLI, demo articles, home section and sitemap."""
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.cli.add_command(cli.content)
    cli.register_importer(app, "articles", sync.article_files, sync.sync_content)
    register_step(app, "articles", demo.load_demo_articles)
    register_home_section(app, 10, seo.home_section)
    register_sitemap_source(app, seo.sitemap_entries)
