"""Knowledge base: categories and Markdown articles, their pages, feed and files."""

from __future__ import annotations

from flask import Flask

from portal.core.registry import register_home_section, register_sitemap_source
from portal.demo import register_step
from portal.kb import cli, demo, search, seo, sync
from portal.kb.models import Article
from portal.kb.views import bp, public_bp
from portal.search.sources import register_source


def init_app(app: Flask) -> None:
    """Register the KB pages, content CLI, demo articles, home section, sitemap, search."""
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.cli.add_command(cli.content)
    cli.register_importer(app, "articles", sync.article_files, sync.sync_content)
    register_step(app, "articles", demo.load_demo_articles)
    register_home_section(app, 10, seo.home_section)
    register_sitemap_source(app, seo.sitemap_entries)
    register_source(
        app,
        "article",
        documents_for=search.documents_for,
        all_documents=search.all_documents,
        watch=Article,
    )
