"""Knowledge-base articles as search documents: one per published article, by section."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.content.translations import published_partners
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


def article_document(article: Article) -> SearchDocument:
    """The search document of a published article."""
    category = article.category
    labels = {"en": category.name}
    if category.name_fil:
        labels["fil"] = category.name_fil
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
    )


def _published(query) -> Iterable[Article]:
    return db.session.scalars(
        query.where(Article.status == "published").options(
            selectinload(Article.tags), selectinload(Article.category)
        )
    )


def documents_for(ids: list) -> list[SearchDocument]:
    """Documents for those articles that are published; the rest leave the index."""
    return [article_document(a) for a in _published(select(Article).where(Article.id.in_(ids)))]


def all_documents() -> Iterable[SearchDocument]:
    """Every published article."""
    for article in _published(select(Article).order_by(Article.id)):
        yield article_document(article)


def translations(keys: list[str]) -> dict[str, tuple[str, str]]:
    """Article keys with a published translation: the translation's key and language."""
    ids = [int(ident) for _kind, _, ident in (k.partition(":") for k in keys) if ident.isdigit()]
    return {
        document_key("article", ident): (document_key("article", other), language)
        for ident, (other, language) in published_partners(Article, ids).items()
    }


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
