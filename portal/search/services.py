"""Searching for visitors, suggestions while typing, and the search log."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from portal.clock import utcnow
from portal.extensions import db
from portal.search import backends, retrieval
from portal.search.documents import (
    PUBLIC,
    RankedDocument,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from portal.search.models import SearchClick, SearchLog

log = logging.getLogger(__name__)

MAX_QUERY = 200
# Fewer exact results than this and the search tries again, forgiving typos.
FEW_RESULTS = 3


@dataclass
class SearchOutcome:
    """What the results page shows."""

    query: str
    results: SearchResults = field(default_factory=SearchResults)
    corrected: str | None = None
    fuzzy: bool = False
    unavailable: bool = False


def normalise(text: str | None) -> str:
    """The query as logged and searched: NFC, no control characters, single spaces, cut."""
    text = unicodedata.normalize("NFC", (text or "")[: MAX_QUERY * 4])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY]


def audiences_for(user) -> tuple[str, ...]:
    """Which documents a user may find: staff also find staff-only ones."""
    if getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False):
        return (PUBLIC, "staff")
    return (PUBLIC,)


def _run(query: SearchQuery) -> SearchResults:
    try:
        return retrieval.retrieve(query)
    except Exception as exc:
        backends.recover(exc)
        return retrieval.retrieve(query)


def search(query: SearchQuery) -> SearchOutcome:
    """Search, then forgive: a fuzzy retry when little is found, and a spelling suggestion."""
    outcome = SearchOutcome(query=query.text)
    if not query.text:
        return outcome
    try:
        outcome.results = _run(query)
        if outcome.results.total < FEW_RESULTS:
            fuzzy = _run(_with(query, fuzzy=True))
            if fuzzy.total > outcome.results.total:
                outcome.results, outcome.fuzzy = fuzzy, True
        if outcome.results.total < FEW_RESULTS or outcome.fuzzy:
            corrected = backends.ready_backend().correct(query.text)
            if corrected and corrected != query.text.lower():
                outcome.corrected = corrected
    except Exception:
        log.exception("search failed for a query of %d characters", len(query.text))
        outcome.results, outcome.unavailable = SearchResults(page=query.page), True
    return outcome


def _with(query: SearchQuery, **changes) -> SearchQuery:
    values = dict(query.__dict__)
    values.update(changes)
    return SearchQuery(**values)


def suggest(text: str, locale: str, user, limit: int = 6) -> list[Suggestion]:
    """Search-as-you-type: answers for a whole question, else titles; empty on any trouble."""
    text = normalise(text)[:100]
    if len(text) < 2:
        return []
    try:
        found: list[Suggestion] = []
        if is_question(text):
            found = [
                Suggestion(title=a["title"], url=a["url"], kind=a["kind"])
                for a in answers_for(text, locale, user, limit)
            ]
        if len(found) < limit:
            urls = {s.url for s in found}
            more = backends.ready_backend().suggest(text, locale, audiences_for(user), limit)
            found += [s for s in more if s.url not in urls][: limit - len(found)]
        return found
    except Exception:
        log.exception("suggestions failed")
        return []


def is_question(text: str) -> bool:
    """Whether typed text is a whole question (three words or more) rather than a title start."""
    return len(text.split()) >= 3 or text.rstrip().endswith("?")


def log_search(query: str, result_count: int, language: str, visitor: str) -> SearchLog:
    """Record a search for the editors' insights."""
    entry = SearchLog(
        query=normalise(query).lower(),
        result_count=result_count,
        language=language[:8],
        visitor=visitor[:32],
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def record_click(search_id: int | None, visitor: str, url: str, position: int) -> bool:
    """Record that a result was opened, if the search was this visitor's own."""
    if not search_id:
        return False
    entry = db.session.get(SearchLog, search_id)
    if entry is None or not visitor or entry.visitor != visitor:
        return False
    db.session.add(
        SearchClick(search_id=entry.id, url=url[:500], position=max(0, min(position, 10_000)))
    )
    db.session.commit()
    return True


@dataclass
class QueryStat:
    query: str
    searches: int
    visitors: int
    results: int


def insights(days: int, limit: int = 25) -> dict[str, list[QueryStat]]:
    """Top queries, queries that found nothing, and queries whose results nobody opened."""
    since = utcnow() - timedelta(days=days)
    clicks = (
        select(SearchClick.search_id, func.count(SearchClick.id).label("n"))
        .group_by(SearchClick.search_id)
        .subquery()
    )
    base = (
        select(
            SearchLog.query,
            func.count(SearchLog.id).label("searches"),
            func.count(func.distinct(SearchLog.visitor)).label("visitors"),
            func.max(SearchLog.result_count).label("results"),
        )
        .where(SearchLog.created_at >= since, SearchLog.query != "")
        .group_by(SearchLog.query)
        .order_by(func.count(SearchLog.id).desc(), SearchLog.query)
        .limit(limit)
    )
    unclicked = (
        base.outerjoin(clicks, clicks.c.search_id == SearchLog.id)
        .where(SearchLog.result_count > 0)
        .having(func.coalesce(func.sum(clicks.c.n), 0) == 0)
    )

    def rows(query) -> list[QueryStat]:
        return [QueryStat(*row) for row in db.session.execute(query).all()]

    return {
        "top": rows(base),
        "zero": rows(base.where(SearchLog.result_count == 0)),
        "unclicked": rows(unclicked),
    }


def answers_for(text: str, locale: str, user, limit: int = 5) -> list[dict]:
    """The best matching answers (articles, tutorial steps, solved threads) for a question
    someone is typing elsewhere: on the contact page or above a new forum thread."""
    text = normalise(text)[:200]
    if len(text) < 3:
        return []
    query = SearchQuery(text=text, per_page=limit, locale=locale, audiences=audiences_for(user))
    try:
        outcome = search(query)
    except Exception:
        log.exception("answers could not be searched")
        return []
    return [
        {"title": hit.title, "url": hit.url, "kind": hit.kind, "key": hit.key}
        for hit in outcome.results.hits[:limit]
    ]


def ranked(query: SearchQuery, mode: str) -> list[RankedDocument]:
    """query's public documents in rank order (the benches' entry point)."""
    if not query.text:
        return []
    ranked = retrieval.ranking(query, mode)[: query.per_page]
    return [
        RankedDocument(hit.key, hit.url, hit.title, hit.kind, hit.language, hit.score)
        for hit in retrieval.hits_for(query, ranked)
    ]
