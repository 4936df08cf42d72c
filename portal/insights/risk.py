"""Customers at risk: a low CSAT or NPS, or repeated tickets on one topic, in the period."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.insights import ticketdays
from portal.insights.periods import Period
from portal.insights.ticketdays import REPEATED_TICKETS, REPEATS
from portal.tickets.models import Ticket

LIMIT = 50


def _names(column, name, emails: list[str]) -> dict[str, str]:
    """The name that goes with each address (addresses are stored in lower case)."""
    if not emails:
        return {}
    rows = db.session.execute(
        select(column, func.max(name)).where(column.in_(emails)).group_by(column)
    ).all()
    return {address.lower(): who for address, who in rows}


def _low_scores(period: Period, metric: str, column, name) -> list[tuple[str, str, int]]:
    """Each customer's lowest score of a kind, when low, answered in the period."""
    # The lowest scores first, so a cut at LIMIT keeps the unhappiest customers.
    scores = ticketdays.by_key(period, metric)
    lowest = sorted(scores.items(), key=lambda item: (item[1], item[0]))[:LIMIT]
    names = _names(column, name, [email for email, _score in lowest])
    return [(email, names.get(email, ""), score) for email, score in lowest]


def _low_csat(period: Period) -> list[tuple[str, str, int]]:
    return _low_scores(period, ticketdays.LOW_CSAT, Ticket.requester_email, Ticket.requester_name)


def _low_nps(period: Period) -> list[tuple[str, str, int]]:
    return _low_scores(period, ticketdays.LOW_NPS, User.email, User.display_name)


def _repeated(period: Period) -> list[tuple[str, str, str, int]]:
    """Customers with repeated tickets on one topic: only those the roll-ups marked.

    Counted from the (address, topic, opened) index alone; the names are read after, for
    the rows shown.
    """
    emails = sorted({key.split("\t", 1)[-1] for key in ticketdays.keys_in(period, REPEATS)})
    email = func.lower(Ticket.requester_email)
    n = ticketdays.tickets_between(period.since, period.before)
    found = []
    for start in range(0, len(emails), 500):
        found.extend(
            db.session.execute(
                select(email, Ticket.topic, n)
                .where(Ticket.requester_email.in_(emails[start : start + 500]))
                .group_by(email, Ticket.topic)
                .having(n >= REPEATED_TICKETS)
            ).all()
        )
    found.sort(key=lambda row: (-row[2], row[0], row[1]))
    shown = found[:LIMIT]
    names = _names(Ticket.requester_email, Ticket.requester_name, [row[0] for row in shown])
    return [(address, names.get(address, ""), topic, int(count)) for address, topic, count in shown]


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
