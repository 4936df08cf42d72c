"""The parts of an article page that every reader sees alike, rendered once and shared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from portal.core.fragmentcache import render_shared, shared_fragment
from portal.kb import queries, search, seo
from portal.kb.models import Article


@dataclass(frozen=True)
class ArticleParts:
    """What the article page shows besides this reader's own widgets; no ORM objects, so
    it can be kept between requests and threads."""

    id: int
    slug: str
    title: str
    is_published: bool
    head: Markup  # description, canonical and alternate links, Open Graph, JSON-LD
    main: Markup  # trail, the article with its notices and contents, previous and next
    related: Markup


def article_parts(article: Article, locale: str) -> ArticleParts:
    """Read what the page needs and render its shared parts (no reader involved)."""
    page = queries.article_page(article, locale)
    # Closest in meaning when embeddings exist; the tag-and-category list otherwise.
    page["related"] = search.similar_articles(article, 5) or page["related"]
    json_ld = seo.article_json_ld(article, page["trail"], page["faq"], locale)
    context: dict[str, Any] = {"article": article, "json_ld": json_ld, **page}
    return ArticleParts(
        id=article.id,
        slug=article.slug,
        title=article.title,
        is_published=article.is_published,
        head=render_shared("kb/_article_head.html", **context),
        main=render_shared("kb/_article_main.html", **context),
        related=render_shared("kb/_article_related.html", **context),
    )


def published_article_parts(slug: str, locale: str) -> ArticleParts | None:
    """The shared parts of the published article at slug, kept for every reader; None when
    there is no such article (a draft, a moved slug: the caller looks further)."""

    def build() -> ArticleParts | None:
        article = queries.find_article(slug)
        return article_parts(article, locale) if article is not None else None

    return shared_fragment("kb.article", (slug,), build)


def home_content(locale: str) -> Markup:
    """The knowledge-base home's content (categories with counts, popular and recent
    articles), rendered once for every reader."""
    return shared_fragment(
        "kb.home",
        (),
        lambda: render_shared(
            "kb/_home.html",
            categories=queries.categories_with_counts(locale),
            popular=queries.popular_articles(locale),
            recent=queries.recent_articles(locale),
        ),
    )


@dataclass(frozen=True)
class CategoryParts:
    """A category page as every reader sees it."""

    title: str
    head: Markup
    content: Markup


def category_parts(slug: str, locale: str) -> CategoryParts | None:
    """The category page's title, head and content, kept for every reader; None when there
    is no such category."""

    def build() -> CategoryParts | None:
        category = queries.get_category(slug)
        if category is None:
            return None
        articles, sections = queries.category_contents(category, locale)
        context: dict[str, Any] = {"category": category, "articles": articles, "sections": sections}
        return CategoryParts(
            title=category.label(locale),
            head=render_shared("kb/_category_head.html", **context),
            content=render_shared("kb/_category.html", **context),
        )

    return shared_fragment("kb.category", (slug,), build)
