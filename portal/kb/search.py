"""Knowledge-base articles as search documents: one per published article, by section."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.content.translations import with_published_translation
from portal.extensions import db
from portal.kb.models import Article
from portal.markdown import plain_text
from portal.search import api
from portal.search.documents import SearchDocument, Section, document_key

# Sections start at h2 and h3 headings, whose ids are the anchors the article page has.
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


def sections_of(body_html: str) -> list[Section]:
    """The article's intro and each h2/h3 section as plain text with its anchor."""
    sections = []
    position = 0
    anchor, title = "", ""
    for match in _HEADING.finditer(body_html):
        text = plain_text(body_html[position : match.start()])
        if text or anchor:
            sections.append(Section(anchor, title, text))
        anchor, title = match.group(2), plain_text(match.group(3))
        position = match.end()
    text = plain_text(body_html[position:])
    if text or anchor:
        sections.append(Section(anchor, title, text))
    return sections


def article_document(
    article: Article, translation: tuple[int, str] | None = None
) -> SearchDocument:
    """The search document of a published article; translation is the id and language of
    its published translation, if it has one."""
    category = article.category
    labels = {"en": category.name}
    if category.name_fil:
        labels["fil"] = category.name_fil
    other, other_language = translation or (None, "")
    return SearchDocument(
        kind="article",
        id=article.id,
        title=article.title,
        url=f"/kb/{article.slug}",
        sections=sections_of(article.body_html),
        summary=article.summary,
        language=article.language,
        category=category.slug,
        category_labels=labels,
        tags=article.tag_names,
        updated=article.updated_at,
        translation=document_key("article", other) if other is not None else "",
        translation_language=other_language if other is not None else "",
    )


def _published(query) -> Iterable[SearchDocument]:
    """Documents of the published articles query selects, each with its translation's link."""
    query = with_published_translation(query, Article).where(Article.status == "published")
    rows = db.session.execute(
        query.options(selectinload(Article.tags), selectinload(Article.category))
    )
    for article, other, other_language in rows:
        yield article_document(article, (other, other_language) if other is not None else None)


def documents_for(ids: list) -> list[SearchDocument]:
    """Documents for those articles that are published; the rest leave the index."""
    return list(_published(select(Article).where(Article.id.in_(ids))))


def all_documents() -> Iterable[SearchDocument]:
    """Every published article."""
    yield from _published(select(Article).order_by(Article.id))


def similar_articles(article: Article, limit: int) -> list[Article]:
    """Published articles closest in meaning, in the article's language; [] without vectors."""
    return articles_near(f"article:{article.id}", article.language, limit)


def articles_near(key: str, language: str, limit: int) -> list[Article]:
    """Published articles in language closest in meaning to the document key, best first."""
    keys = api.similar_keys(key, limit * 3, kind="article")
    ids = [int(k.partition(":")[2]) for k in keys]
    if not ids:
        return []
    found = {
        a.id: a
        for a in db.session.scalars(
            select(Article).where(
                Article.id.in_(ids),
                Article.status == "published",
                Article.language == language,
            )
        )
    }
    return [found[i] for i in ids if i in found][:limit]
