"""Knowledge-base reading for visitors: categories, lists, one article and its page."""

from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from portal.content.translations import visible_in
from portal.core import viewcounts
from portal.extensions import db
from portal.kb.models import Article, Category, SlugRedirect, article_tags
from portal.markdown import plain_text


def categories_with_counts(locale: str) -> list[tuple[Category, int]]:
    """Top-level categories in order, each with the count of its articles and its sections'."""
    categories = db.session.scalars(
        select(Category).options(selectinload(Category.children)).order_by(Category.position)
    ).all()
    counts = dict(
        db.session.execute(
            select(Article.category_id, func.count(Article.id))
            .where(visible_in(Article, locale))
            .group_by(Article.category_id)
        ).all()
    )
    return [
        (c, counts.get(c.id, 0) + sum(counts.get(s.id, 0) for s in c.children))
        for c in categories
        if c.parent_id is None
    ]


def _own_language_first(locale: str):
    """An ORDER BY term: articles written in the reader's language before the others."""
    return case((Article.language == locale, 0), else_=1)


def popular_articles(locale: str, limit: int = 6) -> list[Article]:
    """The most read published articles, those in the reader's language first."""
    return list(
        db.session.scalars(
            select(Article)
            .where(visible_in(Article, locale))
            .order_by(_own_language_first(locale), Article.view_count.desc(), Article.title)
            .limit(limit)
        )
    )


def recent_articles(locale: str, limit: int = 6, own_language_first: bool = True) -> list[Article]:
    """The most recently updated published articles, those in the reader's language first.

    The feed passes own_language_first=False: a feed reader wants plain date order.
    """
    first = [_own_language_first(locale)] if own_language_first else []
    return list(
        db.session.scalars(
            select(Article)
            .where(visible_in(Article, locale))
            .order_by(*first, Article.updated_at.desc(), Article.id.desc())
            .limit(limit)
        )
    )


def get_category(slug: str) -> Category | None:
    """The category with that slug, or None."""
    return db.session.scalar(
        select(Category).where(Category.slug == slug).options(selectinload(Category.children))
    )


def articles_in(category_ids: list[int], locale: str) -> list[Article]:
    """Published articles of some categories, by title."""
    return list(
        db.session.scalars(
            select(Article)
            .where(Article.category_id.in_(category_ids), visible_in(Article, locale))
            .order_by(Article.title)
        )
    )


def category_contents(
    category: Category, locale: str
) -> tuple[list[Article], list[tuple[Category, list[Article]]]]:
    """A category's own articles and each section's, read in one statement."""
    sections = list(category.children)
    by_category: dict[int, list[Article]] = {c.id: [] for c in (category, *sections)}
    for article in articles_in(list(by_category), locale):
        by_category[article.category_id].append(article)
    return by_category[category.id], [(s, by_category[s.id]) for s in sections]


def find_article(slug: str, include_unpublished: bool = False) -> Article | None:
    """The article with that slug (published only, unless asked otherwise)."""
    query = (
        select(Article)
        .where(Article.slug == slug)
        .options(
            # One joined query for the single-valued relations the page shows.
            joinedload(Article.translation),
            joinedload(Article.category).joinedload(Category.parent),
            selectinload(Article.tags),
        )
    )
    article = db.session.scalar(query)
    if article is None or (not include_unpublished and not article.is_published):
        return None
    return article


def published_articles(slugs: list[str]) -> list[Article]:
    """The published articles with these slugs, with their category and its parent."""
    if not slugs:
        return []
    return list(
        db.session.scalars(
            select(Article)
            .where(Article.slug.in_(set(slugs)), Article.status == "published")
            .options(joinedload(Article.category).joinedload(Category.parent))
        )
    )


def categories_by_slug(slugs: list[str]) -> list[Category]:
    """The categories with these slugs, each with its parent."""
    if not slugs:
        return []
    return list(
        db.session.scalars(
            select(Category)
            .where(Category.slug.in_(set(slugs)))
            .options(joinedload(Category.parent))
        )
    )


def redirect_for(slug: str) -> Article | None:
    """The article that used to live at slug, if it is published."""
    redirect = db.session.scalar(select(SlugRedirect).where(SlugRedirect.old_slug == slug))
    if redirect and redirect.article.is_published:
        return redirect.article
    return None


def _write_article_views(pending: Counter) -> None:
    for slug, count in pending.items():
        db.session.execute(
            update(Article)
            .where(Article.slug == slug, Article.status == "published")
            .values(view_count=Article.view_count + count)
        )


def record_view(slug: str) -> None:
    """Count a read of a published article (written every PORTAL_VIEW_FLUSH_SECONDS)."""
    viewcounts.record_view("articles", slug, _write_article_views)


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Published articles in the same language sharing tags, then the same category."""
    tag_ids = [tag.id for tag in article.tags] or [-1]
    shared = (
        select(func.count())
        .select_from(article_tags)
        .where(article_tags.c.article_id == Article.id, article_tags.c.tag_id.in_(tag_ids))
        .scalar_subquery()
    )
    same_category = (Article.category_id == article.category_id).cast(db.Integer)
    return list(
        db.session.scalars(
            select(Article)
            .where(
                Article.status == "published",
                Article.id != article.id,
                Article.language == article.language,
                or_(shared > 0, Article.category_id == article.category_id),
            )
            .order_by(shared.desc(), same_category.desc(), Article.view_count.desc())
            .limit(limit)
        )
    )


def neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """The previous and next published article in its category and language, by title."""
    base = select(Article).where(
        Article.category_id == article.category_id,
        Article.status == "published",
        Article.language == article.language,
    )
    previous = db.session.scalar(
        base.where(Article.title < article.title).order_by(Article.title.desc()).limit(1)
    )
    following = db.session.scalar(
        base.where(Article.title > article.title).order_by(Article.title).limit(1)
    )
    return previous, following


def faq_items(article: Article) -> list[dict]:
    """Question and answer pairs of an FAQ article: its `##` headings and what follows each."""
    if not article.faq:
        return []
    items = []
    # Split the stored HTML at each h2; no Markdown is rendered again.
    for chunk in re.split(r"(?=<h2[ >])", article.body_html)[1:]:
        question, _, answer = chunk.partition("</h2>")
        items.append({"question": plain_text(question), "answer": plain_text(answer)})
    return items


def article_page(article: Article, locale: str) -> dict:
    """Everything the article page shows besides the article itself."""
    translation = (
        article.translation if article.translation and article.translation.is_published else None
    )
    previous, following = neighbours(article)
    return {
        "translation": translation,
        "stale": bool(translation and article.translation_is_stale),
        "untranslated": article.language != locale and translation is None,
        "related": related_articles(article),
        "previous": previous,
        "following": following,
        "toc": [h for h in article.headings if h["level"] == 2]
        if len(article.headings) >= 4
        else [],
        "faq": faq_items(article),
        "trail": category_trail(article.category),
    }


def category_trail(category: Category | None) -> list[Category]:
    """The category and its parents, outermost first."""
    trail: list[Category] = []
    while category is not None and category not in trail:
        trail.insert(0, category)
        category = category.parent
    return trail
