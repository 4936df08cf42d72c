"""Service figures: tickets opened and solved, response and resolution times, satisfaction."""

from __future__ import annotations

from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db
from portal.insights import chats, histograms, rollup, ticketdays
from portal.insights.periods import Period

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
    """First response (tickets opened in the period) and resolution (solved in it), seconds.

    From the daily histograms: within a bucket's width (4.4%) of the exact percentile.
    """
    first, resolution = (histograms.percentiles(h) for h in ticketdays.response_histograms(period))
    return {
        "first_median": first[0.5],
        "first_p90": first[0.9],
        "resolution_median": resolution[0.5],
        "resolution_p90": resolution[0.9],
    }


def reopen_rate(period: Period) -> float | None:
    """Of the tickets opened in the period and solved at least once, the share reopened."""
    reopened = sum(ticketdays.by_day_opened(period, ticketdays.REOPENED).values())
    solved = sum(ticketdays.by_day_opened(period, ticketdays.SOLVED_ONCE).values())
    return ratio(reopened, solved)


def csat_by_agent(period: Period) -> list[dict]:
    """CSAT answers about tickets in the period, by the agent the ticket was assigned to."""
    answers = ticketdays.by_key(period, ticketdays.AGENT_ANSWERS)
    good = ticketdays.by_key(period, ticketdays.AGENT_GOOD)
    ids = [int(key) for key in answers if key != ticketdays.NO_AGENT]
    names = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    )
    rows = [
        {
            "agent": names.get(int(key)),
            "answers": n,
            "csat": ratio(good.get(key, 0), n),
        }
        for key, n in answers.items()
        if n
    ]
    rows.sort(key=lambda r: (-r["answers"], r["agent"] is None, r["agent"] or ""))
    return rows


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
