"""Escalation: the expected response time, searches in the context, deflections."""

from __future__ import annotations

from datetime import timedelta

from portal.auth.models import User
from portal.escalation.models import Deflection
from portal.extensions import db
from portal.tickets.console import median_first_response

MEASURE_DAYS = 30


def expected_response_time(configured: str, min_tickets: int) -> dict | None:
    """What to promise: the measured median first reply when there is enough data.

    Otherwise the configured text ("one working day"), or None when neither exists.
    """
    measured: timedelta | None = median_first_response(MEASURE_DAYS, min_tickets)
    if measured is not None:
        return {"measured": max(measured, timedelta(minutes=1)), "days": MEASURE_DAYS}
    if configured:
        return {"configured": configured}
    return None


def record_deflection(query: str, target_url: str, user: User | None) -> Deflection:
    """Note that an answer shown on /contact solved the visitor's problem."""
    deflection = Deflection(
        query=query.strip()[:200], target_url=target_url[:500], user_id=user.id if user else None
    )
    db.session.add(deflection)
    db.session.commit()
    return deflection
