"""Content gaps: what people searched for and did not find, and pages that did not help."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, func, select

from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import HelpfulVote
from portal.insights import rollup
from portal.insights.periods import Period
from portal.kb.models import Article

KB_PREFIX = "/kb/"


def searches(period: Period, limit: int = 20) -> dict[str, list[tuple[str, int]]]:
    """The most frequent searches that found nothing, and those whose results nobody opened."""
    return {
        "zero": rollup.top_keys(period, "zero_query", limit),
        "no_click": rollup.top_keys(period, "noclick_query", limit),
    }


def unhelpful_articles(period: Period, limit: int = 10) -> list[dict]:
    """Articles with the most "No" votes in the period."""
    no = func.sum(case((HelpfulVote.helpful.is_(False), 1), else_=0)).label("no")
    yes = func.sum(case((HelpfulVote.helpful.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(Article.title, Article.slug, no, yes)
        .join(Article, Article.id == HelpfulVote.page_id)
        .where(
            HelpfulVote.page_kind == "article",
            HelpfulVote.updated_at >= period.since,
            HelpfulVote.updated_at < period.before,
        )
        .group_by(Article.id, Article.title, Article.slug)
        .having(no > 0)
        .order_by(no.desc(), Article.title)
        .limit(limit)
    ).all()
    return [
        {"title": title, "url": KB_PREFIX + slug, "no": int(n), "yes": int(y or 0)}
        for title, slug, n, y in rows
    ]


def _slug(path: str) -> str:
    return path[len(KB_PREFIX) :].split("?")[0].split("#")[0].strip("/")


def tickets_after_articles(period: Period, limit: int = 10) -> list[dict]:
    """Articles most often read just before a ticket was opened (from tickets' context)."""
    counts: dict[str, int] = {}
    for path, n in rollup.top_keys(period, "asked_article", limit * 3):
        slug = _slug(path)
        if slug:
            counts[slug] = counts.get(slug, 0) + n
    titles = dict(
        db.session.execute(
            select(Article.slug, Article.title).where(Article.slug.in_(list(counts)))
        ).all()
    )
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [
        {"title": titles.get(slug, slug), "url": KB_PREFIX + slug, "tickets": n}
        for slug, n in ranked
    ]


def stale_articles(stale_days: int, limit: int = 10) -> list[dict]:
    """Published articles not updated for stale_days or more, the oldest first."""
    cutoff = utcnow() - timedelta(days=stale_days)
    rows = db.session.execute(
        select(Article.title, Article.slug, Article.updated_at, Article.view_count)
        .where(Article.status == "published", Article.updated_at < cutoff)
        .order_by(Article.updated_at, Article.id)
        .limit(limit)
    ).all()
    now = utcnow()
    return [
        {
            "title": title,
            "url": KB_PREFIX + slug,
            "updated": updated.date(),
            "days": (now - updated).days,
            "views": views,
        }
        for title, slug, updated, views in rows
    ]
