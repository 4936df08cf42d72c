"""The staff report: scores for a period, their weekly trend, weak pages, feedback counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.feedback import scores
from portal.feedback.models import (
    FEEDBACK_KINDS,
    FEEDBACK_STATUSES,
    SURVEY_KINDS,
    FeedbackItem,
    HelpfulVote,
    SurveyResponse,
)
from portal.feedback.pages import resolve_page

DEFAULT_WEEKS = 12
COMMENTS_PER_PAGE = 5


@dataclass
class Period:
    """A range of whole days, both ends included."""

    start: date
    end: date

    @classmethod
    def default(cls, today: date) -> Period:
        """The last twelve weeks, Monday to today."""
        monday = today - timedelta(days=today.weekday())
        return cls(monday - timedelta(weeks=DEFAULT_WEEKS - 1), today)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time())

    @property
    def before(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time())

    def weeks(self) -> list[date]:
        """The Mondays of the weeks the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        found = []
        while monday <= self.end:
            found.append(monday)
            monday += timedelta(weeks=1)
        return found


@dataclass
class PageStats:
    """Helpful votes of one page in the period."""

    kind: str
    page_id: int
    title: str
    url: str | None
    yes: int
    no: int
    comments: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def helpful_share(self) -> float | None:
        return round(self.yes * 100 / self.total, 1) if self.total else None


def survey_answers(period: Period) -> dict[str, list[tuple[datetime, int]]]:
    """Every survey score in the period by kind, with when it was given."""
    rows = db.session.execute(
        select(SurveyResponse.kind, SurveyResponse.created_at, SurveyResponse.score).where(
            SurveyResponse.created_at >= period.since, SurveyResponse.created_at < period.before
        )
    )
    found: dict[str, list[tuple[datetime, int]]] = {kind: [] for kind in SURVEY_KINDS}
    for kind, created_at, score in rows:
        found.setdefault(kind, []).append((created_at, score))
    return found


def score_summary(answers: dict[str, list[tuple[datetime, int]]]) -> dict[str, dict]:
    """Each survey's score and number of answers for the whole period."""
    return {
        kind: {
            "score": scores.SCORERS[kind]([s for _when, s in answers[kind]]),
            "count": len(answers[kind]),
        }
        for kind in SURVEY_KINDS
    }


def weekly_trend(period: Period, answers: dict[str, list[tuple[datetime, int]]]) -> list[dict]:
    """One row per week: its Monday, and each survey's score and answer count."""
    buckets: dict[str, dict[date, list[int]]] = {kind: defaultdict(list) for kind in SURVEY_KINDS}
    for kind, rows in answers.items():
        for when, score in rows:
            monday = when.date() - timedelta(days=when.weekday())
            buckets[kind][monday].append(score)
    trend = []
    for monday in period.weeks():
        row: dict = {"week": monday}
        for kind in SURVEY_KINDS:
            week_scores = buckets[kind].get(monday, [])
            row[kind] = scores.SCORERS[kind](week_scores)
            row[kind + "_count"] = len(week_scores)
        trend.append(row)
    return trend


def least_helpful(period: Period, limit: int = 20) -> list[PageStats]:
    """Pages with "No" votes in the period, the largest share of "No" first."""
    no_votes = func.sum(case((HelpfulVote.helpful.is_(False), 1), else_=0))
    yes_votes = func.sum(case((HelpfulVote.helpful.is_(True), 1), else_=0))
    rows = db.session.execute(
        select(HelpfulVote.page_kind, HelpfulVote.page_id, yes_votes, no_votes)
        .where(HelpfulVote.updated_at >= period.since, HelpfulVote.updated_at < period.before)
        .group_by(HelpfulVote.page_kind, HelpfulVote.page_id)
        .having(no_votes > 0)
    ).all()
    rows.sort(key=lambda r: (-(r[3] / (r[2] + r[3])), -r[3], r[0], r[1]))
    stats = []
    for kind, page_id, yes, no in rows[:limit]:
        page = resolve_page(kind, page_id)
        comments = db.session.scalars(
            select(HelpfulVote.comment)
            .where(
                HelpfulVote.page_kind == kind,
                HelpfulVote.page_id == page_id,
                HelpfulVote.helpful.is_(False),
                HelpfulVote.comment != "",
                HelpfulVote.updated_at >= period.since,
                HelpfulVote.updated_at < period.before,
            )
            .order_by(HelpfulVote.updated_at.desc())
            .limit(COMMENTS_PER_PAGE)
        ).all()
        stats.append(
            PageStats(
                kind=kind,
                page_id=page_id,
                title=page.title if page else f"{kind} #{page_id}",
                url=page.url if page else None,
                yes=int(yes),
                no=int(no),
                comments=list(comments),
            )
        )
    return stats


def feedback_counts(period: Period) -> dict[str, dict[str, int]]:
    """Feedback items sent in the period, counted by kind, then status."""
    counts = {kind: dict.fromkeys(FEEDBACK_STATUSES, 0) for kind in FEEDBACK_KINDS}
    rows = db.session.execute(
        select(FeedbackItem.kind, FeedbackItem.status, func.count(FeedbackItem.id))
        .where(FeedbackItem.created_at >= period.since, FeedbackItem.created_at < period.before)
        .group_by(FeedbackItem.kind, FeedbackItem.status)
    )
    for kind, status, count in rows:
        if kind in counts and status in counts[kind]:
            counts[kind][status] = count
    return counts


def build_report(period: Period) -> dict:
    """Everything the report page shows."""
    answers = survey_answers(period)
    return {
        "period": period,
        "summary": score_summary(answers),
        "trend": weekly_trend(period, answers),
        "pages": least_helpful(period),
        "counts": feedback_counts(period),
    }


# CSV -----------------------------------------------------------------------------------


def csv_tables(report: dict) -> dict[str, tuple[list[str], list[list]]]:
    """Each report table as (header, rows), by the name its CSV file carries."""
    trend_rows = [
        [
            row["week"].isoformat(),
            row["csat"], row["csat_count"],
            row["ces"], row["ces_count"],
            row["nps"], row["nps_count"],
        ]
        for row in report["trend"]
    ]  # fmt: skip
    page_rows = [
        [p.kind, p.title, p.url or "", p.yes, p.no, p.helpful_share, " | ".join(p.comments)]
        for p in report["pages"]
    ]
    count_rows = [
        [kind, *statuses.values(), sum(statuses.values())]
        for kind, statuses in report["counts"].items()
    ]
    return {
        "scores": (
            [
                "week",
                "csat_percent",
                "csat_answers",
                "ces_mean",
                "ces_answers",
                "nps",
                "nps_answers",
            ],
            trend_rows,
        ),
        "pages": (
            [
                "kind",
                "title",
                "url",
                "helpful",
                "not_helpful",
                "helpful_percent",
                "what_was_missing",
            ],
            page_rows,
        ),
        "feedback": (["kind", *FEEDBACK_STATUSES, "total"], count_rows),
    }
