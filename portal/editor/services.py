"""Editor operations on articles: the list, and saving with a status and a translation."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace

from flask import abort
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.kb import services as kb
from portal.kb.models import LANGUAGES, STATUSES, Article, ArticleFlag, Category

PER_PAGE = 25
SLUG_LENGTH = 160
# What each editor button does to the status; "save" keeps it (new articles start as drafts).
ACTION_STATUS = {"save": None, "publish": "published", "unpublish": "draft", "archive": "archived"}


class TranslationInvalid(kb.KbError):
    """The chosen translation is not an article in the other language."""


class NoSlug(kb.KbError):
    """No slug was given and none can be made from the title."""


@dataclass
class ArticleFilters:
    status: str = ""
    category_id: int | None = None
    language: str = ""
    text: str = ""

    def as_args(self) -> dict:
        """The filters as query-string arguments, empty ones left out."""
        values = {
            "status": self.status,
            "category": self.category_id,
            "language": self.language,
            "q": self.text,
        }
        return {key: value for key, value in values.items() if value}


@dataclass
class ArticleRow:
    article: Article
    open_flags: int


@dataclass
class ArticlePage:
    rows: list[ArticleRow]
    page: int
    pages: int
    total: int


def list_articles(filters: ArticleFilters, page: int = 1, per_page: int = PER_PAGE) -> ArticlePage:
    """One page of articles matching the filters, newest change first, with open flag counts."""
    conditions = common_conditions(Article, filters.status, filters.language, filters.text)
    if filters.category_id:
        conditions.append(Article.category_id == filters.category_id)
    total, page, pages = count_pages(Article, conditions, page, per_page)
    open_flags = (
        select(func.count(ArticleFlag.id))
        .where(ArticleFlag.article_id == Article.id, ArticleFlag.resolved_at.is_(None))
        .correlate(Article)
        .scalar_subquery()
    )
    # The translation is joined in: the stale marker reads it for every row.
    query = (
        select(Article, open_flags)
        .where(*conditions)
        .options(joinedload(Article.translation))
        .order_by(Article.updated_at.desc(), Article.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [ArticleRow(article, count) for article, count in db.session.execute(query).all()]
    return ArticlePage(rows=rows, page=page, pages=pages, total=total)


def common_conditions(model, status: str, language: str, text: str) -> list:
    """Filters every editable kind shares: status, language, and a text in title or slug."""
    conditions = []
    if status in STATUSES:
        conditions.append(model.status == status)
    if language in LANGUAGES:
        conditions.append(model.language == language)
    text = text.strip()
    if text:
        conditions.append(
            model.title.icontains(text, autoescape=True)
            | model.slug.icontains(text, autoescape=True)
        )
    return conditions


def count_pages(model, conditions: list, page: int, per_page: int) -> tuple[int, int, int]:
    """(matching rows, the page asked for kept in range, number of pages)."""
    total = db.session.scalar(select(func.count(model.id)).where(*conditions)) or 0
    pages = max(1, math.ceil(total / per_page))
    return total, min(max(1, page), pages), pages


def category_choices() -> list[tuple[int, str]]:
    """Every category as (id, label), each section listed under its parent."""
    categories = db.session.scalars(select(Category).order_by(Category.position, Category.name))
    by_parent: dict[int | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    choices: list[tuple[int, str]] = []

    def walk(parent_id: int | None, prefix: str, seen: set[int]) -> None:
        for category in by_parent.get(parent_id, []):
            if category.id in seen:
                continue
            seen.add(category.id)
            label = f"{prefix}{category.name}"
            choices.append((category.id, label))
            walk(category.id, f"{label} / ", seen)

    walk(None, "", set())
    return choices


def translation_choices(item, model=Article) -> list[tuple[int, str]]:
    """Items of a kind that could be this one's translation: every other one, by title."""
    query = select(model.id, model.title, model.language).order_by(model.language, model.title)
    if item is not None:
        query = query.where(model.id != item.id)
    return [(id_, f"{title} ({language})") for id_, title, language in db.session.execute(query)]


def open_flag_count() -> int:
    """How many flags wait in the review queue."""
    return db.session.scalar(
        select(func.count(ArticleFlag.id)).where(ArticleFlag.resolved_at.is_(None))
    )


def slugify(text: str, limit: int = SLUG_LENGTH) -> str:
    """Plain letters and digits of text joined by hyphens; NoSlug if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if not slug:
        raise NoSlug(text)
    return slug


def suggest_slug(title: str, article_id: int | None = None, model=Article) -> str:
    """A URL slug made from a title that no other item of the kind uses."""
    base = slugify(title, SLUG_LENGTH - 4)
    slug, n = base, 1
    while True:
        owner = db.session.scalar(select(model.id).where(model.slug == slug))
        if owner is None or owner == article_id:
            return slug
        n += 1
        slug = f"{base}-{n}"


def get_article(article_id: int) -> Article:
    """The article with that id, or 404."""
    return db.session.get(Article, article_id) or abort(404)


def find_translation(item, language: str, translation_id: int | None, model=Article):
    """The chosen translation of an item, None for none; TranslationInvalid if it cannot be."""
    if not translation_id:
        return None
    other = db.session.get(model, translation_id)
    if other is None or (item is not None and other.id == item.id):
        raise TranslationInvalid(translation_id)
    if other.language == language:
        raise TranslationInvalid(translation_id)
    return other


def save_article(
    article: Article | None,
    fields: kb.ArticleFields,
    author: User,
    *,
    action: str = "save",
    expected_version: int | None = None,
    translation_id: int | None = None,
    note: str = "",
) -> Article:
    """Create or update an article from the editor, set its status and link its translation.

    Raises StaleEdit, SlugTaken, NoSlug or TranslationInvalid before anything is written.
    """
    if not fields.slug:
        fields = replace(fields, slug=suggest_slug(fields.title, article.id if article else None))
    other = find_translation(article, fields.language, translation_id)
    status = ACTION_STATUS.get(action)
    if article is None:
        article = kb.create_article(fields, author, status=status or "draft")
    else:
        kb.update_article(
            article, fields, author, expected_version=expected_version, status=status, note=note
        )
    if article.translation is not other:
        kb.link_translations(article, other)
    return article


def move_articles(article_ids: list[int], category_id: int) -> int:
    """Move articles to a category; returns how many moved.

    Each moved article's version goes up, so an editor with it open is told on saving.
    """
    if not article_ids or db.session.get(Category, category_id) is None:
        return 0
    result = db.session.execute(
        update(Article)
        .where(Article.id.in_(article_ids), Article.category_id != category_id)
        .values(category_id=category_id, updated_at=utcnow(), version=Article.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount
