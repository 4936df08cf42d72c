"""Knowledge-base operations: reading for visitors, writing for editors and sync."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass

from blinker import Namespace
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import aliased, joinedload, selectinload

from portal.auth.models import User
from portal.clock import utcnow
from portal.core import viewcounts
from portal.extensions import db
from portal.kb.models import (
    LANGUAGES,
    STATUSES,
    Article,
    ArticleFlag,
    ArticleRevision,
    Category,
    SlugRedirect,
    Tag,
    article_tags,
)
from portal.markdown import plain_text, render

# Sent with the article after an edit to the title or body of a published article is saved.
article_content_changed = Namespace().signal("article-content-changed")


class KbError(Exception):
    """A problem with a knowledge-base change that the editor can fix."""


class StaleEdit(KbError):
    """The article changed since the editor opened it."""

    def __init__(self, current: Article):
        super().__init__("The article changed since you opened it.")
        self.current = current


class SlugTaken(KbError):
    pass


@dataclass
class ArticleFields:
    """What an editor or a content file says about an article."""

    title: str
    slug: str
    category_id: int
    body_md: str
    summary: str = ""
    language: str = "en"
    tags: tuple[str, ...] = ()
    faq: bool = False

    def digest(self, status: str, translation_slug: str | None) -> str:
        """A stable fingerprint of the fields, to tell whether anything changed."""
        payload = json.dumps(
            [
                self.title, self.slug, self.category_id, self.body_md, self.summary,
                self.language, sorted(self.tags), self.faq, status, translation_slug,
            ],
            ensure_ascii=False,
        )  # fmt: skip
        return hashlib.sha256(payload.encode()).hexdigest()


# Reading -------------------------------------------------------------------------------


# Built once: a new alias per query costs SQLAlchemy milliseconds of column bookkeeping.
_translation = aliased(Article, name="translation")


def visible_in(locale: str):
    """Published articles a reader of locale should see: theirs, or ones not translated to it."""
    has_translation_in_locale = (
        select(_translation.id)
        .where(
            _translation.id == Article.translation_id,
            _translation.language == locale,
            _translation.status == "published",
        )
        .exists()
    )
    return and_(
        Article.status == "published",
        or_(Article.language == locale, ~has_translation_in_locale),
    )


def categories_with_counts(locale: str) -> list[tuple[Category, int]]:
    """Top-level categories in order, each with the count of its articles and its sections'."""
    categories = db.session.scalars(
        select(Category).options(selectinload(Category.children)).order_by(Category.position)
    ).all()
    counts = dict(
        db.session.execute(
            select(Article.category_id, func.count(Article.id))
            .where(visible_in(locale))
            .group_by(Article.category_id)
        ).all()
    )
    return [
        (c, counts.get(c.id, 0) + sum(counts.get(s.id, 0) for s in c.children))
        for c in categories
        if c.parent_id is None
    ]


def popular_articles(locale: str, limit: int = 6) -> list[Article]:
    """The most read published articles."""
    return list(
        db.session.scalars(
            select(Article)
            .where(visible_in(locale))
            .order_by(Article.view_count.desc(), Article.title)
            .limit(limit)
        )
    )


def recent_articles(locale: str, limit: int = 6) -> list[Article]:
    """The most recently updated published articles."""
    return list(
        db.session.scalars(
            select(Article)
            .where(visible_in(locale))
            .order_by(Article.updated_at.desc(), Article.id.desc())
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
            .where(Article.category_id.in_(category_ids), visible_in(locale))
            .order_by(Article.title)
        )
    )


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


def category_trail(category: Category) -> list[Category]:
    """The category and its parents, outermost first."""
    trail = []
    while category is not None and category not in trail:
        trail.insert(0, category)
        category = category.parent
    return trail


# Writing -------------------------------------------------------------------------------


def _tags(names: tuple[str, ...] | list[str]) -> list[Tag]:
    wanted = sorted({n.strip().lower()[:60] for n in names if n and n.strip()})
    if not wanted:
        return []
    existing = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(wanted)))}
    for name in wanted:
        if name not in existing:
            existing[name] = Tag(name=name)
            db.session.add(existing[name])
    return [existing[name] for name in wanted]


def _apply(article: Article, fields: ArticleFields, author: User | None) -> bool:
    """Copy fields onto article, rendering the body; True if the title or body changed."""
    content_changed = article.title != fields.title or article.body_md != fields.body_md
    if article.slug and article.slug != fields.slug:
        _rename(article, fields.slug)
    article.slug = fields.slug
    article.title = fields.title
    article.summary = fields.summary
    article.category_id = fields.category_id
    article.language = fields.language if fields.language in LANGUAGES else "en"
    article.faq = fields.faq
    article.tags = _tags(fields.tags)
    if content_changed or not article.body_html:
        rendered = render(fields.body_md)
        article.body_md = fields.body_md
        article.body_html = rendered.html
        article.headings = rendered.headings
        article.word_count = len(rendered.text.split())
    now = utcnow()
    article.updated_at = now
    if content_changed:
        article.content_changed_at = now
    if author is not None and article.author_id is None:
        article.author_id = author.id
    return content_changed


def _rename(article: Article, new_slug: str) -> None:
    """Keep the old slug answering, and free the new one if it was an old slug."""
    db.session.execute(SlugRedirect.__table__.delete().where(SlugRedirect.old_slug == new_slug))
    if not db.session.scalar(select(SlugRedirect).where(SlugRedirect.old_slug == article.slug)):
        db.session.add(SlugRedirect(old_slug=article.slug, article_id=article.id))


def _add_revision(article: Article, author: User | None, note: str = "") -> None:
    number = (
        db.session.scalar(
            select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)
        )
        or 0
    ) + 1
    db.session.add(
        ArticleRevision(
            article_id=article.id,
            number=number,
            title=article.title,
            summary=article.summary,
            body_md=article.body_md,
            author_id=author.id if author else None,
            note=note,
        )
    )


def _check_slug(slug: str, article_id: int | None) -> None:
    clash = db.session.scalar(select(Article.id).where(Article.slug == slug))
    if clash is not None and clash != article_id:
        raise SlugTaken(slug)


def _set_status(article: Article, status: str) -> None:
    if status not in STATUSES:
        raise KbError(f"Unknown status {status!r}.")
    if status == "published" and article.published_at is None:
        article.published_at = utcnow()
    article.status = status


def _resolve_flags(article: Article) -> None:
    db.session.execute(
        update(ArticleFlag)
        .where(ArticleFlag.article_id == article.id, ArticleFlag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolution="updated")
    )


def create_article(fields: ArticleFields, author: User | None, status: str = "draft") -> Article:
    """Create an article with its first revision."""
    _check_slug(fields.slug, None)
    article = Article(slug=fields.slug)
    db.session.add(article)
    _apply(article, fields, author)
    _set_status(article, status)
    db.session.flush()
    _add_revision(article, author, note="created")
    db.session.commit()
    return article


def update_article(
    article: Article,
    fields: ArticleFields,
    author: User | None,
    expected_version: int | None = None,
    status: str | None = None,
    note: str = "",
) -> Article:
    """Save an edit; refuses with StaleEdit if someone saved since expected_version."""
    if expected_version is not None and article.version != expected_version:
        raise StaleEdit(article)
    _check_slug(fields.slug, article.id)
    changed = _apply(article, fields, author)
    if status:
        _set_status(article, status)
    if not claim_version(article):
        raise StaleEdit(db.session.get(Article, article.id))
    if changed:
        _add_revision(article, author, note=note)
        _resolve_flags(article)
    db.session.commit()
    if changed and article.is_published:
        article_content_changed.send(article)
    return article


def claim_version(item) -> bool:
    """Raise an edited item's version by one, unless someone saved first (then roll back).

    The bump is in the UPDATE's WHERE clause, so two saves racing cannot both win.
    """
    model = type(item)
    result = db.session.execute(
        update(model)
        .where(model.id == item.id, model.version == item.version)
        .values(version=item.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    item.version += 1
    return True


def set_status(article: Article, status: str) -> Article:
    """Publish, unpublish (back to draft) or archive."""
    _set_status(article, status)
    article.updated_at = utcnow()
    db.session.commit()
    return article


def link_translations(article: Article, other: Article | None) -> None:
    """Make two articles each other's translation (or unlink with None)."""
    if article.translation and article.translation is not other:
        article.translation.translation = None
    article.translation = other
    if other is not None:
        if other.translation and other.translation is not article:
            other.translation.translation = None
        other.translation = article
    db.session.commit()


def flag_article(article: Article, user: User | None, reason: str) -> ArticleFlag:
    """Report an article as outdated; it joins the editors' review queue."""
    flag = ArticleFlag(article_id=article.id, user_id=user.id if user else None, reason=reason)
    db.session.add(flag)
    db.session.commit()
    return flag
