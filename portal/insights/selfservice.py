"""Self-service: who helped themselves, and where customers turned to a person."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.insights import chats, rollup
from portal.insights.periods import Period
from portal.insights.service import SURVEY_METRICS, ratio

FUNNEL_LABELS = {
    "help": _l("Used the help centre"),
    "contact": _l("Opened the contact page"),
    "chat": _l("Started a chat"),
    "person": _l("Asked for a person in chat"),
    "ticket": _l("Opened a ticket"),
}
JOURNEY_METRICS = [
    "visitors_help",
    "visitors_contact",
    "tickets_opened",
    "tickets_solved",
    "contacts",
    "deflections",
    "searches",
]


def period_totals(period: Period) -> dict[str, int]:
    """Every roll-up figure the summaries need, summed over the period in one query."""
    metrics = JOURNEY_METRICS + SURVEY_METRICS
    if chats.available():
        metrics += list(chats.DAY_METRICS)
    return rollup.totals(period, metrics)


def self_service_summary(sums: dict[str, int]) -> dict:
    """Score, deflection and handoff figures from a period's roll-up totals."""
    people_asking = sums["contacts"] + sums.get("chat_contacts", 0)
    figures = {
        **sums,
        # Help-centre visitors for each person who asked the team; both counted once a day.
        "score": ratio(sums["visitors_help"], people_asking, scale=1, digits=1),
        "contact_deflection": ratio(sums["deflections"], sums["visitors_contact"]),
        "chat": chats.available(),
    }
    if chats.available():
        figures.update(
            bot_deflection=ratio(sums["bot_deflected"], sums["chats_started"]),
            handoff_rate=ratio(sums["chats_queued"], sums["chats_started"]),
        )
    return figures


def funnel(summary: dict) -> list[tuple[str, int]]:
    """The steps from the help centre to a ticket, each with its count."""
    steps = [
        ("help", summary["visitors_help"]),
        ("contact", summary["visitors_contact"]),
    ]
    if summary.get("chat"):
        steps += [("chat", summary["chats_started"]), ("person", summary["chats_queued"])]
    steps.append(("ticket", summary["tickets_opened"]))
    return steps


def asked_after(period: Period, limit: int = 10) -> dict[str, list[tuple[str, int]]]:
    """Pages, searches and tutorial steps after which customers most often asked a person."""
    return {
        "pages": rollup.top_keys(period, "asked_from", limit),
        "searches": rollup.top_keys(period, "asked_search", limit),
        "tutorials": rollup.top_keys(period, "asked_tutorial", limit),
    }
