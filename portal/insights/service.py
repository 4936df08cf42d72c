"""Service figures: tickets opened and solved, response and resolution times, satisfaction."""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, or_, select

from portal.auth.models import User
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.insights import chats, rollup
from portal.insights.models import TicketReopen
from portal.insights.periods import Period
from portal.insights.sqlstats import percentiles, seconds_between
from portal.tickets.models import Ticket

SURVEY_METRICS = [
    "csat_n", "csat_good", "ces_n", "ces_sum", "nps_n", "nps_promoters", "nps_detractors"
]  # fmt: skip


def ratio(part: float, whole: float, scale: float = 100.0, digits: int = 1) -> float | None:
    """part / whole * scale, rounded; None when there is nothing to divide by."""
    return round(part * scale / whole, digits) if whole else None


def survey_scores(sums: dict[str, int]) -> dict[str, float | None]:
    """CSAT (% of 4-5), CES (mean) and NPS from summed roll-up counts."""
    return {
        "csat": ratio(sums.get("csat_good", 0), sums.get("csat_n", 0)),
        "ces": ratio(sums.get("ces_sum", 0), sums.get("ces_n", 0), scale=1, digits=2),
        "nps": ratio(
            sums.get("nps_promoters", 0) - sums.get("nps_detractors", 0),
            sums.get("nps_n", 0),
            digits=0,
        ),
    }


def response_times(period: Period) -> dict[str, float | None]:
    """First response (tickets opened in the period) and resolution (solved in it), seconds."""
    first = percentiles(
        seconds_between(Ticket.first_response_at, Ticket.created_at),
        Ticket.created_at >= period.since,
        Ticket.created_at < period.before,
        Ticket.first_response_at.is_not(None),
    )
    resolution = percentiles(
        seconds_between(Ticket.solved_at, Ticket.created_at),
        Ticket.solved_at >= period.since,
        Ticket.solved_at < period.before,
    )
    return {
        "first_median": first[0.5],
        "first_p90": first[0.9],
        "resolution_median": resolution[0.5],
        "resolution_p90": resolution[0.9],
    }


def reopen_rate(period: Period) -> float | None:
    """Of the tickets opened in the period and solved at least once, the share reopened."""
    reopened = exists().where(TicketReopen.ticket_id == Ticket.id)
    row = db.session.execute(
        select(
            func.count().filter(reopened),
            func.count().filter(or_(Ticket.solved_at.is_not(None), reopened)),
        ).where(Ticket.created_at >= period.since, Ticket.created_at < period.before)
    ).one()
    return ratio(row[0], row[1])


def csat_by_agent(period: Period) -> list[dict]:
    """CSAT answers about tickets in the period, by the agent the ticket was assigned to."""
    good = func.sum(case((SurveyResponse.score >= 4, 1), else_=0))
    n = func.count(SurveyResponse.id)
    rows = db.session.execute(
        select(User.display_name, n, good)
        .select_from(SurveyResponse)
        .join(
            Ticket,
            and_(SurveyResponse.subject_kind == "ticket", SurveyResponse.subject_ref == Ticket.ref),
        )
        .outerjoin(User, User.id == Ticket.assignee_id)
        .where(
            SurveyResponse.kind == "csat",
            SurveyResponse.created_at >= period.since,
            SurveyResponse.created_at < period.before,
        )
        .group_by(User.id, User.display_name)
        .order_by(n.desc(), User.display_name)
    ).all()
    return [
        {"agent": name, "answers": int(count), "csat": ratio(int(ok or 0), int(count))}
        for name, count, ok in rows
    ]


def service_summary(period: Period, sums: dict[str, int]) -> dict:
    """The period's service figures that are compared with the period before."""
    figures = {
        "tickets_opened": sums["tickets_opened"],
        "tickets_solved": sums["tickets_solved"],
        "backlog": rollup.value_on(period.end, "backlog"),
        "reopen_rate": reopen_rate(period),
        **response_times(period),
        **survey_scores(sums),
        "survey_answers": {k: sums[f"{k}_n"] for k in ("csat", "ces", "nps")},
    }
    if chats.available():
        waits = chats.wait_times(period.since, period.before)
        figures.update(
            chat_wait_median=waits[0.5],
            chat_wait_p90=waits[0.9],
            chats_abandoned=sums["chats_abandoned"],
            chats_queued=sums["chats_queued"],
        )
    return figures


def buckets(period: Period) -> list[tuple[str, list]]:
    """Days of the period grouped for a trend: by day up to a month, by week beyond."""
    dates = period.dates()
    size = 1 if len(dates) <= 31 else 7
    return [(dates[i].isoformat(), dates[i : i + size]) for i in range(0, len(dates), size)]


def trends(period: Period) -> list[dict]:
    """Per day (or week): tickets opened and solved, CSAT, CES and NPS."""
    series = rollup.daily(period, ["tickets_opened", "tickets_solved", *SURVEY_METRICS])
    rows = []
    for label, days in buckets(period):
        sums = {metric: sum(series[metric].get(day, 0) for day in days) for metric in series}
        rows.append(
            {
                "start": days[0],
                "label": label,
                "opened": sums["tickets_opened"],
                "solved": sums["tickets_solved"],
                **survey_scores(sums),
            }
        )
    return rows
