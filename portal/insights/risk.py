"""Customers at risk: a low CSAT or NPS, or repeated tickets on one topic, in the period."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import and_, func, select

from portal.auth.models import User
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.insights.periods import Period
from portal.tickets.models import Ticket

LOW_CSAT = 2  # 1 or 2 out of 5
LOW_NPS = 6  # a detractor
REPEATED_TICKETS = 3
LIMIT = 50


def _low_scores(period: Period, kind: str, ceiling: int, email, name, target, on):
    """Each customer's lowest survey score of kind, at most ceiling, answered in the period."""
    rows = db.session.execute(
        select(func.lower(email), func.max(name), func.min(SurveyResponse.score))
        .join(target, on)
        .where(
            SurveyResponse.kind == kind,
            SurveyResponse.score <= ceiling,
            SurveyResponse.created_at >= period.since,
            SurveyResponse.created_at < period.before,
        )
        .group_by(func.lower(email))
        .limit(LIMIT)
    ).all()
    return [(address, who, int(score)) for address, who, score in rows]


def _low_csat(period: Period) -> list[tuple[str, str, int]]:
    on = and_(SurveyResponse.subject_kind == "ticket", SurveyResponse.subject_ref == Ticket.ref)
    return _low_scores(
        period, "csat", LOW_CSAT, Ticket.requester_email, Ticket.requester_name, Ticket, on
    )


def _low_nps(period: Period) -> list[tuple[str, str, int]]:
    on = User.id == SurveyResponse.user_id
    return _low_scores(period, "nps", LOW_NPS, User.email, User.display_name, User, on)


def _repeated(period: Period) -> list[tuple[str, str, str, int]]:
    n = func.count(Ticket.id)
    rows = db.session.execute(
        select(func.lower(Ticket.requester_email), func.max(Ticket.requester_name), Ticket.topic, n)
        .where(Ticket.created_at >= period.since, Ticket.created_at < period.before)
        .group_by(func.lower(Ticket.requester_email), Ticket.topic)
        .having(n >= REPEATED_TICKETS)
        .order_by(n.desc())
        .limit(LIMIT)
    ).all()
    return [(email, name, topic, int(count)) for email, name, topic, count in rows]


def pseudonym(email: str) -> str:
    """A stable label for a customer that does not reveal who they are."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, email.lower().encode(), hashlib.sha256).hexdigest()
    return digest[:8].upper()


def customers_at_risk(period: Period, personal: bool) -> list[dict]:
    """One row per customer with their signals; name and email only when personal is True."""
    found: dict[str, dict] = {}

    def row(email: str, name: str) -> dict:
        return found.setdefault(
            email, {"email": email, "name": name, "csat": None, "nps": None, "repeated": []}
        )

    for email, name, score in _low_csat(period):
        row(email, name)["csat"] = score
    for email, name, score in _low_nps(period):
        row(email, name)["nps"] = score
    for email, name, topic, count in _repeated(period):
        row(email, name)["repeated"].append((topic, count))
    rows = sorted(
        found.values(),
        key=lambda r: (
            -sum([r["csat"] is not None, r["nps"] is not None, bool(r["repeated"])]),
            r["email"],
        ),
    )
    for r in rows:
        r["id"] = pseudonym(r["email"])
        if not personal:
            r["email"] = r["name"] = ""
    return rows[:LIMIT]
