"""What the knowledge base adds to the home page and the sitemap."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.kb import queries
from portal.kb.models import Article, Category


def home_section() -> dict:
    """Categories and popular articles for the front page."""
    locale = str(get_locale() or "en")
    return {
        "template": "kb/_home_section.html",
        "kb_categories": queries.categories_with_counts(locale),
        "kb_popular": queries.popular_articles(locale, limit=8),
    }


def sitemap_entries() -> list[tuple[str, datetime | None]]:
    """The KB home, every category and every published article."""
    entries: list[tuple[str, datetime | None]] = [("/kb/", None)]
    for slug in db.session.scalars(select(Category.slug).order_by(Category.position)):
        entries.append((f"/kb/category/{slug}", None))
    rows = db.session.execute(
        select(Article.slug, Article.updated_at)
        .where(Article.status == "published")
        .order_by(Article.slug)
    )
    entries.extend((f"/kb/{slug}", updated) for slug, updated in rows)
    return entries


def article_json_ld(
    article: Article, trail: list[Category], faq: list[dict], locale: str
) -> list[dict]:
    """schema.org data for an article page: its breadcrumb trail, and FAQPage when marked."""
    crumbs = [(_("Knowledge base"), url_for("kb.home", _external=True))]
    crumbs += [
        (c.label(locale), url_for("kb.category", slug=c.slug, _external=True)) for c in trail
    ]
    crumbs.append((article.title, url_for("kb.article", slug=article.slug, _external=True)))
    data = [
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name, "item": url}
                for n, (name, url) in enumerate(crumbs, start=1)
            ],
        }
    ]
    if faq:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "inLanguage": article.language,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item["question"],
                        "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
                    }
                    for item in faq
                ],
            }
        )
    return data
