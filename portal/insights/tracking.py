"""Events the portal did not record before: who used the help centre, ticket solves and reopens.

A page view costs no database write: visitors are counted in memory per worker and written
every PORTAL_INSIGHTS_FLUSH_SECONDS (as article view counts are), one row per visitor and day.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, request, session
from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import object_session

from portal.core import viewcounts
from portal.extensions import db, htmx
from portal.insights.models import (
    CONTACT,
    HELP,
    InsightDay,
    InsightVisit,
    TicketReopen,
    TicketSolve,
)
from portal.insights.periods import local_today
from portal.tickets.models import CLOSED, OPEN, SOLVED, WAITING, Ticket

VISITOR_KEY = "insights_visitor"
HELP_BLUEPRINTS = {"kb", "kb_public", "tutorials", "forum"}
HELP_ENDPOINTS = {"core.home", "search.results"}
CONTACT_ENDPOINTS = {"escalation.contact"}
# Visitor rows only serve to count a person once a day; older ones are dropped.
KEEP_VISIT_DAYS = 2


def portal_timezone() -> ZoneInfo:
    """The time zone that decides what a day is (PORTAL_TIMEZONE)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _visit_kind() -> str | None:
    if request.method != "GET" or htmx or request.endpoint is None:
        return None
    if request.endpoint in CONTACT_ENDPOINTS:
        return CONTACT
    if request.endpoint in HELP_ENDPOINTS or request.blueprint in HELP_BLUEPRINTS:
        return HELP
    return None


def track_visit(response: Response) -> Response:
    """after_request: count the visitor of a help-centre or contact page once a day."""
    if response.status_code != 200 or response.mimetype != "text/html":
        return response
    kind = _visit_kind()
    if kind is None:
        return response
    visitor = session.get(VISITOR_KEY)
    if not visitor:
        visitor = session[VISITOR_KEY] = secrets.token_hex(8)
    day = local_today(portal_timezone())
    viewcounts.record_view(
        "insights-visits",
        (day.isoformat(), kind, visitor),
        write_visits,
        "PORTAL_INSIGHTS_FLUSH_SECONDS",
    )
    return response


def upsert(model):
    """An INSERT that can say what to do on a duplicate key, on either database."""
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def write_visits(pending: Counter) -> None:
    """Store the pending visitors, then recount the visitors of each day they touch."""
    rows = [
        {"day": date.fromisoformat(day), "kind": kind, "visitor": visitor}
        for day, kind, visitor in pending
    ]
    db.session.execute(upsert(InsightVisit).values(rows).on_conflict_do_nothing())
    touched = {(row["day"], row["kind"]) for row in rows}
    for day, kind in sorted(touched):
        count = db.session.scalar(
            select(func.count()).where(InsightVisit.day == day, InsightVisit.kind == kind)
        )
        row = {"day": day, "metric": f"visitors_{kind}", "key": "", "value": count}
        statement = upsert(InsightDay).values(**row)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["day", "metric", "key"], set_={"value": count}
            )
        )
    oldest = min(day for day, _kind in touched) - timedelta(days=KEEP_VISIT_DAYS)
    db.session.execute(delete(InsightVisit).where(InsightVisit.day < oldest))


def _note_reopen(target: Ticket, value: str, oldvalue: str, _initiator) -> None:
    """A ticket leaving solved or closed for open or waiting is a reopen."""
    if oldvalue in (SOLVED, CLOSED) and value in (OPEN, WAITING) and target.id is not None:
        session_ = object_session(target)
        if session_ is not None:
            session_.add(TicketReopen(ticket_id=target.id))


def _note_solves(session, _flush_context, _instances) -> None:
    """before_flush: each new time in a ticket's solved_at is a solve, kept as an event.

    Read at the flush, not when the status changes: the time is then set (services set it
    just after the status; the demo and imports set it to when the ticket was solved), and
    a ticket built already solved is counted too.
    """
    for ticket in (*session.new, *session.dirty):
        if not isinstance(ticket, Ticket):
            continue
        added, _unchanged, deleted = inspect(ticket).attrs.solved_at.history
        if added and added[0] is not None and added[0] not in deleted:
            session.add(TicketSolve(ticket=ticket, created_at=added[0]))


def init_app(app: Flask) -> None:
    """Start counting visitors, solves and reopens."""
    app.after_request(track_visit)
    if not event.contains(Ticket.status, "set", _note_reopen):
        event.listen(Ticket.status, "set", _note_reopen, active_history=True)
    if not event.contains(db.session, "before_flush", _note_solves):
        event.listen(db.session, "before_flush", _note_solves)
