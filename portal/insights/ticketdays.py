"""Ticket figures kept per day, so the page never reads a period's tickets row by row.

Each figure is counted on the local day its event happened (a first response, a first
solve, a first reopen, a survey answer, a ticket opened), so a day that is over never
changes: a ticket solved, reopened and solved again counts once, on its first solve, however
late its days are rolled up.
Figures about the tickets opened in a period (first response, reopens) carry the day the
ticket was opened in their key: a response made today to a ticket of last week counts
for last week. The page reads these roll-ups for the days before today, and today's
events from the raw tables (today is still going on).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import g
from sqlalchemy import and_, case, func, select

from portal.auth.models import User
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.insights import histograms
from portal.insights.models import InsightDay, TicketReopen, TicketSolve
from portal.insights.periods import MAX_DAYS, Period, day_start_utc, local_today
from portal.tickets.models import Ticket

FIRST = "first_response"  # key "<day opened> <bucket>": tickets answered for the first time
RESOLUTION = "resolution"  # key "<bucket>": tickets solved for the first time
REOPENED = "reopened"  # key "<day opened>": on the day of a ticket's first reopen
SOLVED_ONCE = "solved_once"  # key "<day opened>": on the day of a ticket's first solve
AGENT_ANSWERS = "agent_csat_n"  # key: the assignee's id, "0" for none
AGENT_GOOD = "agent_csat_good"
LOW_CSAT = "risk_csat"  # key: the requester's address; value: their lowest score that day
LOW_NPS = "risk_nps"
# key "<topic>\t<requester's address>": a customer who opened a ticket that day and has
# REPEATED_TICKETS or more on one topic in the MAX_DAYS up to its end. Any customer with
# that many in a period is marked on a day of it; the page counts only theirs.
REPEATS = "repeat_topic"
REPEATED_TICKETS = 3
LOWEST = (LOW_CSAT, LOW_NPS)  # combined over days by their minimum, the rest by their sum
METRICS = (
    FIRST, RESOLUTION, REOPENED, SOLVED_ONCE, AGENT_ANSWERS, AGENT_GOOD, LOW_CSAT, LOW_NPS,
    REPEATS,
)  # fmt: skip
LOW_CSAT_SCORE = 2  # 1 or 2 out of 5
LOW_NPS_SCORE = 6  # a detractor
NO_AGENT = "0"

Counts = dict[str, dict[str, int]]


def _day(moment: datetime, tz: ZoneInfo) -> str:
    return local_today(tz, moment).isoformat()


def _add(found: Counts, metric: str, key: str, value: int = 1) -> None:
    keyed = found[metric]
    if metric in LOWEST:
        keyed[key] = min(keyed.get(key, value), value)
    else:
        keyed[key] = keyed.get(key, 0) + value


def _seconds(later: datetime, earlier: datetime) -> float:
    return float(round((later - earlier).total_seconds()))


def _times(found: Counts, since: datetime, before: datetime, tz: ZoneInfo) -> None:
    for opened, answered in db.session.execute(
        select(Ticket.created_at, Ticket.first_response_at).where(
            Ticket.first_response_at >= since, Ticket.first_response_at < before
        )
    ):
        bucket = histograms.bucket_of(_seconds(answered, opened))
        _add(found, FIRST, f"{_day(opened, tz)} {bucket:03d}")


def _first(event: type[TicketSolve] | type[TicketReopen], since: datetime, before: datetime):
    """The tickets whose first event of a kind falls in the time, and when, as a subquery.

    Only the tickets with an event in the time are grouped, through the event's time index.
    """
    happened = select(event.ticket_id).where(event.created_at >= since, event.created_at < before)
    first = (
        select(event.ticket_id, func.min(event.created_at).label("at"))
        .where(event.ticket_id.in_(happened))
        .group_by(event.ticket_id)
        .subquery()
    )
    return select(first).where(first.c.at >= since, first.c.at < before).subquery()


def first_solves(since: datetime, before: datetime):
    """The tickets solved for the first time from `since` to `before`: (ticket_id, at) rows."""
    return _first(TicketSolve, since, before)


def _solves(found: Counts, since: datetime, before: datetime, tz: ZoneInfo) -> None:
    solved = first_solves(since, before)
    for opened, at in db.session.execute(
        select(Ticket.created_at, solved.c.at).join(solved, solved.c.ticket_id == Ticket.id)
    ):
        _add(found, RESOLUTION, f"{histograms.bucket_of(_seconds(at, opened)):03d}")
        _add(found, SOLVED_ONCE, _day(opened, tz))


def _reopens(found: Counts, since: datetime, before: datetime, tz: ZoneInfo) -> None:
    reopened = _first(TicketReopen, since, before)
    for (opened,) in db.session.execute(
        select(Ticket.created_at).join(reopened, reopened.c.ticket_id == Ticket.id)
    ):
        _add(found, REOPENED, _day(opened, tz))


def _surveys(found: Counts, since: datetime, before: datetime) -> None:
    in_window = and_(SurveyResponse.created_at >= since, SurveyResponse.created_at < before)
    about_ticket = and_(
        SurveyResponse.subject_kind == "ticket", SurveyResponse.subject_ref == Ticket.ref
    )
    for agent, email, score in db.session.execute(
        select(Ticket.assignee_id, Ticket.requester_email, SurveyResponse.score)
        .join(Ticket, about_ticket)
        .where(SurveyResponse.kind == "csat", in_window)
    ):
        key = str(agent or NO_AGENT)
        _add(found, AGENT_ANSWERS, key)
        _add(found, AGENT_GOOD, key, int(score >= 4))
        if score <= LOW_CSAT_SCORE:
            _add(found, LOW_CSAT, email.lower()[:300], score)
    for email, score in db.session.execute(
        select(User.email, SurveyResponse.score)
        .join(User, User.id == SurveyResponse.user_id)
        .where(SurveyResponse.kind == "nps", SurveyResponse.score <= LOW_NPS_SCORE, in_window)
    ):
        _add(found, LOW_NPS, email.lower()[:300], score)


def _repeats(found: Counts, since: datetime, before: datetime) -> None:
    emails = db.session.scalars(
        select(Ticket.requester_email)
        .where(Ticket.created_at >= since, Ticket.created_at < before)
        .distinct()
    ).all()
    email = func.lower(Ticket.requester_email)
    n = tickets_between(before - timedelta(days=MAX_DAYS), before)
    for start in range(0, len(emails), 500):
        for address, topic, count in db.session.execute(
            select(email, Ticket.topic, n)
            .where(Ticket.requester_email.in_(emails[start : start + 500]))
            .group_by(email, Ticket.topic)
            .having(n >= REPEATED_TICKETS)
        ):
            _add(found, REPEATS, f"{topic}\t{address}"[:300], int(count))


def tickets_between(since: datetime, before: datetime):
    """Count the tickets opened in a time, as a SQL aggregate.

    Counted in the aggregate rather than filtered in WHERE: with the time there, PostgreSQL's
    plan for a prepared statement walked the time index and compared each row with every
    address of the list (2 s a day at 100,000 tickets); with the addresses alone it reads
    their tickets through the address index.
    """
    return func.sum(
        case((and_(Ticket.created_at >= since, Ticket.created_at < before), 1), else_=0)
    )


def window(since: datetime, before: datetime, tz: ZoneInfo) -> Counts:
    """Every ticket figure of the events from `since` to `before`, by metric and key."""
    found: Counts = defaultdict(dict)
    _times(found, since, before, tz)
    _solves(found, since, before, tz)
    _reopens(found, since, before, tz)
    _surveys(found, since, before)
    _repeats(found, since, before)
    return found


def day_rows(day: date, tz: ZoneInfo) -> list[dict]:
    """One local day's ticket figures as roll-up rows."""
    since, before = day_start_utc(day, tz), day_start_utc(day + timedelta(days=1), tz)
    return [
        {"day": day, "metric": metric, "key": key, "value": value}
        for metric, keyed in window(since, before, tz).items()
        for key, value in keyed.items()
    ]


# Reading -------------------------------------------------------------------------------


def today(tz: ZoneInfo) -> tuple[date, Counts]:
    """Today's date and today's figures from the raw tables, once per request."""
    day = local_today(tz)
    cached = g.get("insights_today")
    if cached is None or cached[0] != day:
        since, before = day_start_utc(day, tz), day_start_utc(day + timedelta(days=1), tz)
        cached = g.insights_today = (day, window(since, before, tz))
    return cached


def _merge(found: dict[str, int], metric: str, pairs) -> dict[str, int]:
    for key, value in pairs:
        value = int(value)
        if metric in LOWEST:
            found[key] = min(found.get(key, value), value)
        else:
            found[key] = found.get(key, 0) + value
    return found


def by_key(period: Period, metric: str) -> dict[str, int]:
    """A metric of the events in the period, by key: rolled-up days, then today's events."""
    day, now = today(period.tz)
    last = min(period.end, day - timedelta(days=1))
    combine = func.min if metric in LOWEST else func.sum
    rows = db.session.execute(
        select(InsightDay.key, combine(InsightDay.value))
        .where(InsightDay.day >= period.start, InsightDay.day <= last, InsightDay.metric == metric)
        .group_by(InsightDay.key)
    ).all()
    found = _merge({}, metric, rows)
    if period.start <= day <= period.end:
        _merge(found, metric, now.get(metric, {}).items())
    return found


def by_day_opened(period: Period, metric: str, key_part=None) -> dict[str, int]:
    """A metric keyed by the day a ticket was opened, for the tickets opened in the period.

    Their events run from the period's start to today, and are grouped by `key_part` (a
    SQL expression on the key; the whole key when None).
    """
    day, now = today(period.tz)
    first, after = period.start.isoformat(), (period.end + timedelta(days=1)).isoformat()
    part = InsightDay.key if key_part is None else key_part
    rows = db.session.execute(
        select(part, func.sum(InsightDay.value))
        .where(
            InsightDay.day >= period.start,
            InsightDay.day < day,
            InsightDay.metric == metric,
            InsightDay.key >= first,
            InsightDay.key < after,
        )
        .group_by(part)
    ).all()
    found = _merge({}, metric, ((str(k), v) for k, v in rows))
    for key, value in now.get(metric, {}).items():
        if first <= key[:10] < after:
            _merge(found, metric, [(key if key_part is None else key[11:], value)])
    return found


def response_histograms(period: Period) -> tuple[dict[int, int], dict[int, int]]:
    """First-response times of the tickets opened in the period, resolution times of those
    solved in it, as histograms."""
    first = by_day_opened(period, FIRST, func.substr(InsightDay.key, 12))
    solved = by_key(period, RESOLUTION)
    return (
        {int(bucket): n for bucket, n in first.items()},
        {int(bucket): n for bucket, n in solved.items()},
    )


def keys_in(period: Period, metric: str) -> set[str]:
    """The keys a metric has on any day of the period, today's events included."""
    day, now = today(period.tz)
    last = min(period.end, day - timedelta(days=1))
    found = set(
        db.session.scalars(
            select(InsightDay.key)
            .where(
                InsightDay.metric == metric, InsightDay.day >= period.start, InsightDay.day <= last
            )
            .distinct()
        )
    )
    if period.start <= day <= period.end:
        found.update(now.get(metric, {}))
    return found
