"""Daily roll-ups: each local day's figures computed once from the raw tables, then read.

A day is rolled up again while it may still change (today, and a day rolled before it
ended); once rolled after its end plus PORTAL_INSIGHTS_REFRESH_SECONDS it is final.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    DateTime,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    text,
)

from portal.clock import utcnow
from portal.escalation.models import Deflection
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.insights import chats, ticketdays
from portal.insights.models import InsightDay, InsightRollup
from portal.insights.periods import Period, day_start_utc
from portal.insights.tracking import upsert
from portal.search.models import SearchClick, SearchLog
from portal.tickets.models import Ticket

TOP_PER_DAY = 100
# Figures written by the visitor counter, not by the roll-up.
COUNTED_LIVE = "visitors_%"


def backlog_at(moment: datetime) -> int:
    """Tickets open at a moment: opened before it, not yet solved or closed then."""
    return db.session.scalar(
        select(func.count()).where(
            Ticket.created_at < moment,
            or_(Ticket.solved_at.is_(None), Ticket.solved_at >= moment),
            or_(Ticket.closed_at.is_(None), Ticket.closed_at >= moment),
        )
    )


def _clicked(since: datetime, before: datetime):
    """EXISTS a click on the search, with the day's search ids as a range.

    The range lets the database read only that day's clicks through the search_id index,
    instead of hashing every click ever made.
    """
    # "+ 0" keeps the database from walking the primary key for min() and max().
    low, high = db.session.execute(
        select(func.min(SearchLog.id + 0), func.max(SearchLog.id + 0)).where(
            SearchLog.created_at >= since, SearchLog.created_at < before
        )
    ).one()
    return exists().where(
        SearchClick.search_id == SearchLog.id,
        SearchClick.search_id >= (low or 0),
        SearchClick.search_id <= (high or 0),
    )


def _counts(since: datetime, before: datetime) -> dict[str, int]:
    in_day = and_(SearchLog.created_at >= since, SearchLog.created_at < before)
    clicked = _clicked(since, before)
    searches = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((SearchLog.result_count == 0, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((and_(SearchLog.result_count > 0, ~clicked), 1), else_=0)), 0
            ),
        ).where(in_day)
    ).one()
    tickets_in_day = and_(Ticket.created_at >= since, Ticket.created_at < before)
    opened, contacts = db.session.execute(
        select(func.count(), func.count(func.distinct(Ticket.requester_email))).where(
            tickets_in_day
        )
    ).one()
    # Once per ticket, on its first solve: a reopened ticket solved again is not solved twice.
    solved = db.session.scalar(
        select(func.count()).select_from(ticketdays.first_solves(since, before))
    )
    deflections = db.session.scalar(
        select(func.count()).where(Deflection.created_at >= since, Deflection.created_at < before)
    )
    score = SurveyResponse.score
    survey = db.session.execute(
        select(
            SurveyResponse.kind,
            func.count(),
            func.sum(score),
            func.sum(case((score >= 4, 1), else_=0)),
            func.sum(case((score >= 9, 1), else_=0)),
            func.sum(case((score <= 6, 1), else_=0)),
        )
        .where(SurveyResponse.created_at >= since, SurveyResponse.created_at < before)
        .group_by(SurveyResponse.kind)
    ).all()
    found = {
        "searches": searches[0],
        "searches_zero": searches[1],
        "searches_noclick": searches[2],
        "tickets_opened": opened,
        "contacts": contacts,
        "tickets_solved": solved,
        "deflections": deflections,
        # At the end of the day, or now for today: read for the last day of a period.
        "backlog": backlog_at(min(before, utcnow())),
    }
    for kind, count, total, good, promoters, detractors in survey:
        found[f"{kind}_n"] = count
        if kind == "csat":
            found["csat_good"] = good
        elif kind == "ces":
            found["ces_sum"] = total
        elif kind == "nps":
            found["nps_promoters"] = promoters
            found["nps_detractors"] = detractors
    found.update(chat_counts(since, before))
    return {metric: int(value or 0) for metric, value in found.items()}


def chat_counts(since: datetime, before: datetime) -> dict[str, int]:
    """Chat figures of a day, once the chat package is installed."""
    return chats.day_counts(since, before) if chats.available() else {}


def _top_queries(since: datetime, before: datetime, no_click: bool) -> list[tuple[str, int]]:
    condition = (
        and_(
            SearchLog.result_count > 0,
            ~_clicked(since, before),
        )
        if no_click
        else SearchLog.result_count == 0
    )
    n = func.count().label("n")
    return db.session.execute(
        select(SearchLog.query, n)
        .where(SearchLog.created_at >= since, SearchLog.created_at < before, condition)
        .group_by(SearchLog.query)
        .order_by(n.desc(), SearchLog.query)
        .limit(TOP_PER_DAY)
    ).all()


# What customers tried before asking, from the context stored with each ticket.
_FIRST_VALUE_SQL = {
    "postgresql": """
        SELECT (item->'values'->0)->>'text' AS k, count(DISTINCT t.id) AS n
        FROM tickets t, json_array_elements(
            CASE WHEN json_typeof(t.context) = 'array' THEN t.context ELSE '[]'::json END) item
        WHERE t.created_at >= :since AND t.created_at < :before AND item->>'key' = :key
          AND (item->'values'->0)->>'text' IS NOT NULL
        GROUP BY k ORDER BY n DESC, k LIMIT :limit""",
    "sqlite": """
        SELECT json_extract(item.value, '$.values[0].text') AS k, count(DISTINCT t.id) AS n
        FROM tickets t, json_each(t.context) item
        WHERE t.created_at >= :since AND t.created_at < :before
          AND json_extract(item.value, '$.key') = :key AND k IS NOT NULL
        GROUP BY k ORDER BY n DESC, k LIMIT :limit""",
}
_ARTICLE_SQL = {
    "postgresql": """
        SELECT v->>'text' AS k, count(DISTINCT t.id) AS n
        FROM tickets t, json_array_elements(
            CASE WHEN json_typeof(t.context) = 'array' THEN t.context ELSE '[]'::json END) item,
          json_array_elements(CASE WHEN json_typeof(item->'values') = 'array'
            THEN item->'values' ELSE '[]'::json END) v
        WHERE t.created_at >= :since AND t.created_at < :before
          AND item->>'key' IN ('from', 'pages') AND v->>'text' LIKE '/kb/%'
        GROUP BY k ORDER BY n DESC, k LIMIT :limit""",
    "sqlite": """
        SELECT json_extract(v.value, '$.text') AS k, count(DISTINCT t.id) AS n
        FROM tickets t, json_each(t.context) item, json_each(item.value, '$.values') v
        WHERE t.created_at >= :since AND t.created_at < :before
          AND json_extract(item.value, '$.key') IN ('from', 'pages') AND k LIKE '/kb/%'
        GROUP BY k ORDER BY n DESC, k LIMIT :limit""",
}


def _context_sql(sql: str, since: datetime, before: datetime, **params) -> list[tuple[str, int]]:
    statement = text(sql).bindparams(
        bindparam("since", type_=DateTime()), bindparam("before", type_=DateTime())
    )
    rows = db.session.execute(
        statement, {"since": since, "before": before, "limit": TOP_PER_DAY, **params}
    )
    return [(str(k)[:300], int(n)) for k, n in rows]


def _keyed(since: datetime, before: datetime) -> dict[str, list[tuple[str, int]]]:
    dialect = db.session.get_bind().dialect.name
    first = _FIRST_VALUE_SQL[dialect]
    return {
        "zero_query": _top_queries(since, before, no_click=False),
        "noclick_query": _top_queries(since, before, no_click=True),
        "asked_from": _context_sql(first, since, before, key="from"),
        "asked_search": _context_sql(first, since, before, key="searches"),
        "asked_tutorial": _context_sql(first, since, before, key="tutorial"),
        "asked_article": _context_sql(_ARTICLE_SQL[dialect], since, before),
    }


def rollup_day(day: date, tz: ZoneInfo) -> None:
    """Compute and store one local day's figures, replacing what was stored."""
    since, before = day_start_utc(day, tz), day_start_utc(day + timedelta(days=1), tz)
    rows = [
        {"day": day, "metric": metric, "key": "", "value": value}
        for metric, value in _counts(since, before).items()
        if value
    ]
    for metric, pairs in _keyed(since, before).items():
        rows.extend({"day": day, "metric": metric, "key": k, "value": n} for k, n in pairs)
    rows.extend(ticketdays.day_rows(day, tz))
    db.session.execute(
        delete(InsightDay).where(InsightDay.day == day, ~InsightDay.metric.like(COUNTED_LIVE))
    )
    if rows:
        # Two workers may roll the same day at once: the later one's figures win.
        statement = upsert(InsightDay)
        statement = statement.on_conflict_do_update(
            index_elements=["day", "metric", "key"], set_={"value": statement.excluded.value}
        )
        db.session.execute(statement, rows)
    stamp = upsert(InsightRollup).values(day=day, rolled_at=utcnow())
    db.session.execute(
        stamp.on_conflict_do_update(index_elements=["day"], set_={"rolled_at": utcnow()})
    )


def ensure_rolled(dates: list[date], tz: ZoneInfo, refresh_seconds: float) -> int:
    """Roll up the days that are missing or may have changed; commits; returns how many."""
    if not dates:
        return 0
    stamps = dict(
        db.session.execute(
            select(InsightRollup.day, InsightRollup.rolled_at).where(
                InsightRollup.day >= min(dates), InsightRollup.day <= max(dates)
            )
        ).all()
    )
    now = utcnow()
    refresh = timedelta(seconds=refresh_seconds)
    stale = []
    for day in dates:
        rolled_at = stamps.get(day)
        if rolled_at is None:
            stale.append(day)
            continue
        final = rolled_at >= day_start_utc(day + timedelta(days=1), tz) + refresh
        if not final and now - rolled_at >= refresh:
            stale.append(day)
    for day in stale:
        rollup_day(day, tz)
    db.session.commit()
    return len(stale)


# Reading -------------------------------------------------------------------------------


def totals(period: Period, metrics: list[str]) -> dict[str, int]:
    """Each metric summed over the period (0 when nothing was recorded)."""
    rows = db.session.execute(
        select(InsightDay.metric, func.sum(InsightDay.value))
        .where(
            InsightDay.day >= period.start,
            InsightDay.day <= period.end,
            InsightDay.key == "",
            InsightDay.metric.in_(metrics),
        )
        .group_by(InsightDay.metric)
    ).all()
    found = dict.fromkeys(metrics, 0)
    found.update({metric: int(value or 0) for metric, value in rows})
    return found


def value_on(day: date, metric: str) -> int:
    """One figure of one day (0 when nothing was recorded)."""
    found = db.session.scalar(
        select(InsightDay.value).where(
            InsightDay.day == day, InsightDay.metric == metric, InsightDay.key == ""
        )
    )
    return int(found or 0)


def daily(period: Period, metrics: list[str]) -> dict[str, dict[date, int]]:
    """Each metric by day of the period; days without a row are 0."""
    rows = db.session.execute(
        select(InsightDay.metric, InsightDay.day, InsightDay.value).where(
            InsightDay.day >= period.start,
            InsightDay.day <= period.end,
            InsightDay.key == "",
            InsightDay.metric.in_(metrics),
        )
    ).all()
    found: dict[str, dict[date, int]] = {metric: {} for metric in metrics}
    for metric, day, value in rows:
        found[metric][day] = value
    return found


def top_keys(period: Period, metric: str, limit: int = 10) -> list[tuple[str, int]]:
    """The keys of a metric with the largest totals in the period."""
    total = func.sum(InsightDay.value).label("total")
    rows = db.session.execute(
        select(InsightDay.key, total)
        .where(
            InsightDay.day >= period.start,
            InsightDay.day <= period.end,
            InsightDay.metric == metric,
        )
        .group_by(InsightDay.key)
        .order_by(total.desc(), InsightDay.key)
        .limit(limit)
    ).all()
    return [(key, int(n)) for key, n in rows]
