"""Knowledge-base writing, for editors and sync: create, update, publish, link, flag."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

from blinker import Namespace
from sqlalchemy import func, select, update

from portal.auth.models import User
from portal.clock import utcnow
from portal.content.translations import pair
from portal.content.versions import claim_version
from portal.extensions import db
from portal.kb.models import (
    LANGUAGES,
    STATUSES,
    Article,
    ArticleFlag,
    ArticleRevision,
    SlugRedirect,
    Tag,
)
from portal.markdown import render

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
    """Another article has this slug."""


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

    @classmethod
    def of(cls, article: Article, **changes) -> ArticleFields:
        """The fields an article has now, with some changed."""
        fields = cls(
            title=article.title,
            slug=article.slug,
            category_id=article.category_id,
            body_md=article.body_md,
            summary=article.summary,
            language=article.language,
            tags=tuple(article.tag_names),
            faq=article.faq,
        )
        return replace(fields, **changes)

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
    # The boxes' titles ("Note") are rendered in the article's language.
    language_changed = article.language != fields.language
    if article.slug and article.slug != fields.slug:
        _rename(article, fields.slug)
    article.slug = fields.slug
    article.title = fields.title
    article.summary = fields.summary
    article.category_id = fields.category_id
    article.language = fields.language if fields.language in LANGUAGES else "en"
    article.faq = fields.faq
    article.tags = _tags(fields.tags)
    if content_changed or language_changed or not article.body_html:
        rendered = render(fields.body_md, language=article.language)
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
        raise StaleEdit(db.session.get(Article, article.id) or article)
    if changed:
        _add_revision(article, author, note=note)
        _resolve_flags(article)
    db.session.commit()
    if changed and article.is_published:
        article_content_changed.send(article)
    return article


def set_status(article: Article, status: str) -> Article:
    """Publish, unpublish (back to draft) or archive."""
    _set_status(article, status)
    article.updated_at = utcnow()
    db.session.commit()
    return article


def link_translations(article: Article, other: Article | None) -> None:
    """Make two articles each other's translation (or unlink with None)."""
    pair(article, other)
    db.session.commit()


def flag_article(article: Article, user: User | None, reason: str) -> ArticleFlag:
    """Report an article as outdated; it joins the editors' review queue."""
    flag = ArticleFlag(article_id=article.id, user_id=user.id if user else None, reason=reason)
    db.session.add(flag)
    db.session.commit()
    return flag
