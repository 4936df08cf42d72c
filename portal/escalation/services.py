"""Escalation: the expected response time, searches in the context, deflections."""

from __future__ import annotations

from datetime import timedelta

from portal.auth.models import User
from portal.escalation.context import remember_search
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


# TODO(#19): portal.search.views calls this; core.registry.search_made reaches the same
# listener without search importing escalation. Remove once search calls that.
def record_search(query: str, result_count: int) -> None:
    """Tell the escalation context how many results a search found.

    The search feature calls this from its /search view (inside the request): the
    query is remembered in the visitor's session, and one with no results is marked
    "no results" when the visitor later opens a ticket. Queries of GET /search are
    remembered without a count even when nobody calls this.
    """
    remember_search(query, result_count)


def record_deflection(query: str, target_url: str, user: User | None) -> Deflection:
    """Note that an answer shown on /contact solved the visitor's problem."""
    deflection = Deflection(
        query=query.strip()[:200], target_url=target_url[:500], user_id=user.id if user else None
    )
    db.session.add(deflection)
    db.session.commit()
    return deflection
