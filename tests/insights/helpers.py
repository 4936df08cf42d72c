"""Reading the insights page's CSV files, and placing events on local days."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from portal.insights.periods import day_start_utc


def read_csv(client, name: str, **query) -> list[list[str]]:
    """The rows of one CSV table (header first)."""
    response = client.get(f"/insights/{name}.csv", query_string=query)
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.text)))


def figures(client, name: str, **query) -> dict[str, tuple[str, str]]:
    """A figure table as {figure: (this period, period before)}."""
    rows = read_csv(client, name, **query)
    return {row[0]: (row[2], row[3]) for row in rows[1:]}


def at(day: date, hour: float, tz: str = "Asia/Manila") -> datetime:
    """The naive UTC time of `hour` o'clock on a local day."""
    return day_start_utc(day, ZoneInfo(tz)) + timedelta(hours=hour)


def one_day(day: date) -> dict:
    """The query string of a period of one day."""
    return {"since": day.isoformat(), "until": day.isoformat()}


def answer_about_ticket(ticket, kind: str, score: int, when: datetime | None = None):
    """A CSAT (or other) answer about a ticket, as the ticket's survey link stores it."""
    from portal.clock import utcnow
    from portal.extensions import db
    from portal.feedback.models import SurveyResponse

    answer = SurveyResponse(
        kind=kind,
        score=score,
        subject_kind="ticket",
        subject_ref=ticket.ref,
        respondent_key=f"email:{ticket.requester_email}",
        user_id=ticket.user_id,
        created_at=when or utcnow(),
    )
    db.session.add(answer)
    db.session.commit()
    return answer
