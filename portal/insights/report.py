"""The insights page: every section's figures for a period, compared with the one before."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.insights import content, risk, rollup, selfservice, service
from portal.insights.periods import Period, local_today

# kind decides formatting: count, percent, ratio, seconds, score; better: "up" or "down".
FIGURES = {
    "self_service": [
        ("score", _l("Self-service score"), "ratio", "up"),
        ("visitors_help", _l("Help-centre visitors"), "count", "up"),
        ("contacts", _l("People who opened a ticket"), "count", "down"),
        ("contact_deflection", _l("Deflection on the contact page"), "percent", "up"),
        ("deflections", _l("Answers that solved it on the contact page"), "count", "up"),
        ("bot_deflection", _l("Deflection in the chat bot"), "percent", "up"),
        ("handoff_rate", _l("Chats handed to a person"), "percent", "down"),
        ("bot_helpful", _l("Bot answers confirmed helpful"), "count", "up"),
        ("bot_left", _l("Bot answers left without asking further"), "count", "up"),
        ("bot_unhelpful", _l("Bot answers marked unhelpful"), "count", "down"),
    ],
    "service": [
        ("tickets_opened", _l("Tickets opened"), "count", "down"),
        ("tickets_solved", _l("Tickets solved"), "count", "up"),
        ("backlog", _l("Backlog at the end of the period"), "count", "down"),
        ("first_median", _l("First response, median"), "seconds", "down"),
        ("first_p90", _l("First response, 90th percentile"), "seconds", "down"),
        ("resolution_median", _l("Resolution, median"), "seconds", "down"),
        ("resolution_p90", _l("Resolution, 90th percentile"), "seconds", "down"),
        ("reopen_rate", _l("Reopen rate"), "percent", "down"),
        ("csat", _l("CSAT (share of 4 and 5 out of 5)"), "percent", "up"),
        ("ces", _l("CES (mean ease, 1 to 7)"), "score", "up"),
        ("nps", _l("NPS (promoters minus detractors)"), "score", "up"),
        ("chat_wait_median", _l("Chat wait, median"), "seconds", "down"),
        ("chat_wait_p90", _l("Chat wait, 90th percentile"), "seconds", "down"),
        ("chats_abandoned", _l("Chats abandoned while waiting"), "count", "down"),
    ],
}
CHAT_ONLY = {
    "bot_deflection", "handoff_rate", "bot_helpful", "bot_left", "bot_unhelpful",
    "chat_wait_median", "chat_wait_p90", "chats_abandoned",
}  # fmt: skip


@dataclass
class Figure:
    """One headline figure with the same figure for the period before."""

    key: str
    label: str
    kind: str
    better: str
    value: float | int | None
    previous: float | int | None

    @property
    def change(self) -> float | None:
        """This period's value minus the one before, or None if either is missing."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 2)

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same", for the arrow beside the figure."""
        change = self.change
        if not change:
            return "same"
        return "better" if (change > 0) == (self.better == "up") else "worse"


def _figures(section: str, now: dict, before: dict) -> list[Figure]:
    return [
        Figure(key, str(label), kind, better, now.get(key), before.get(key))
        for key, label, kind, better in FIGURES[section]
        if key in now
    ]


def prepare(period: Period, refresh_seconds: float) -> None:
    """Make sure the roll-ups from the period before up to today are current.

    Tickets opened in a period are answered and reopened up to today: the days after a
    period in the past are read too.
    """
    previous = period.previous()
    today = local_today(period.tz)
    through = Period(previous.start, max(period.end, today), period.tz)
    rollup.ensure_rolled(through.dates(), period.tz, refresh_seconds)


def build(period: Period, personal: bool, stale_days: int) -> dict:
    """Everything the insights page shows, for a period whose roll-ups are prepared."""
    previous = period.previous()
    now_sums, before_sums = selfservice.period_totals(period), selfservice.period_totals(previous)
    now_self = selfservice.self_service_summary(now_sums)
    before_self = selfservice.self_service_summary(before_sums)
    now_service = service.service_summary(period, now_sums)
    before_service = service.service_summary(previous, before_sums)
    return {
        "period": period,
        "previous": previous,
        "chat": now_self["chat"],
        "self_service": _figures("self_service", now_self, before_self),
        "service": _figures("service", now_service, before_service),
        "funnel": selfservice.funnel(now_self),
        "asked_after": selfservice.asked_after(period),
        "searches": content.searches(period),
        "unhelpful": content.unhelpful_articles(period),
        "after_articles": content.tickets_after_articles(period),
        "stale": content.stale_articles(stale_days),
        "stale_days": stale_days,
        "trend": service.trends(period),
        "by_agent": service.csat_by_agent(period),
        "at_risk": risk.customers_at_risk(period, personal),
        "personal": personal,
    }


def _figure_rows(figures: list[Figure]) -> list[list]:
    return [[f.key, f.label, f.value, f.previous, f.change] for f in figures]


def csv_tables(data: dict) -> dict[str, tuple[list[str], list[list]]]:
    """Each table of the page as (header, rows), by the name its CSV file carries."""
    figure_header = ["figure", "label", "value", "previous_period", "change"]
    keyed = ["text", "count"]
    risk_rows = [
        [
            r["id"],
            r["name"],
            r["email"],
            r["csat"],
            r["nps"],
            " | ".join(f"{topic}: {n}" for topic, n in r["repeated"]),
        ]
        for r in data["at_risk"]
    ]
    return {
        "self-service": (figure_header, _figure_rows(data["self_service"])),
        "service": (figure_header, _figure_rows(data["service"])),
        "funnel": (["step", "count"], [list(step) for step in data["funnel"]]),
        "asked-after-pages": (keyed, [list(r) for r in data["asked_after"]["pages"]]),
        "asked-after-searches": (keyed, [list(r) for r in data["asked_after"]["searches"]]),
        "asked-after-tutorials": (keyed, [list(r) for r in data["asked_after"]["tutorials"]]),
        "zero-result-searches": (keyed, [list(r) for r in data["searches"]["zero"]]),
        "no-click-searches": (keyed, [list(r) for r in data["searches"]["no_click"]]),
        "unhelpful-articles": (
            ["title", "url", "not_helpful", "helpful"],
            [[a["title"], a["url"], a["no"], a["yes"]] for a in data["unhelpful"]],
        ),
        "tickets-after-articles": (
            ["title", "url", "tickets"],
            [[a["title"], a["url"], a["tickets"]] for a in data["after_articles"]],
        ),
        "stale-articles": (
            ["title", "url", "last_updated", "days", "views"],
            [
                [a["title"], a["url"], a["updated"].isoformat(), a["days"], a["views"]]
                for a in data["stale"]
            ],
        ),
        "trend": (
            ["from", "opened", "solved", "csat_percent", "ces_mean", "nps"],
            [
                [r["label"], r["opened"], r["solved"], r["csat"], r["ces"], r["nps"]]
                for r in data["trend"]
            ],
        ),
        "csat-by-agent": (
            ["agent", "answers", "csat_percent"],
            [[r["agent"] or "", r["answers"], r["csat"]] for r in data["by_agent"]],
        ),
        "customers-at-risk": (
            ["customer", "name", "email", "lowest_csat", "lowest_nps", "repeated_topics"],
            risk_rows,
        ),
    }
