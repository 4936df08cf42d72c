"""Knowledge base: categories and Markdown articles, their pages, feed and files."""

from __future__ import annotations

from flask import Flask

from portal.content import demo_step, register_kind
from portal.content.translations import linked_ids
from portal.core.registry import (
    register_home_section,
    register_no_results_source,
    register_page_describer,
    register_sitemap_source,
)
from portal.demo import register_step
from portal.feedback.pages import register_page_kind
from portal.kb import content, context, pages, queries, search, seo
from portal.kb.models import Article
from portal.kb.services import article_content_changed
from portal.kb.views import bp, public_bp
from portal.search.sources import register_source


def init_app(app: Flask) -> None:
    """Register the KB pages, files, demo, home, sitemap, search, no-results offers and votes."""
    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    register_kind(app, content.ArticleFiles)
    register_step(app, "articles", demo_step(content.ArticleFiles))
    register_home_section(app, 10, seo.home_section)
    register_sitemap_source(app, seo.sitemap_entries)
    register_no_results_source(app, queries.popular_articles)
    register_page_describer(app, "kb.article", context.describe_articles)
    register_page_describer(app, "kb.category", context.describe_categories)
    register_source(
        app,
        "article",
        documents_for=search.documents_for,
        all_documents=search.all_documents,
        watch=Article,
        partners=linked_ids,
    )
    register_page_kind(app, "article", pages.article_page, pages.sample_articles)
    # Once, however many apps are made: the signal is module-level.
    article_content_changed.connect(pages.on_article_changed, weak=False)
