"""What every survey shares: its errors, checking and storing an answer, absolute links."""

from __future__ import annotations

import re

from flask import current_app, has_request_context, url_for
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.feedback.models import SURVEY_RANGES, SurveyResponse

SUBJECT_KIND = re.compile(r"^[a-z][a-z_]{0,19}\Z")
COMMENT_MAX = 2000


class SurveyError(Exception):
    """A survey answer that cannot be recorded."""


class InvalidSurveyLink(SurveyError):
    """The link is forged, damaged or expired."""


class AlreadyAnswered(SurveyError):
    """This person has answered this survey about this subject already."""


class BadAnswer(SurveyError):
    """A score outside the survey's scale, or a subject that is not well formed."""


class NotOffered(SurveyError):
    """The NPS question is not open for this customer now."""


def external_url(endpoint: str, **values) -> str:
    """An absolute URL, also from a CLI command (with SERVER_NAME or localhost)."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context():
        return url_for(endpoint, _external=True, **values)


def check_answer(kind: str, score: int, subject_kind: str, subject_ref: str) -> None:
    """Raise BadAnswer for a score off the survey's scale or a malformed subject."""
    low, high = SURVEY_RANGES[kind]
    if not isinstance(score, int) or not low <= score <= high:
        raise BadAnswer(f"{kind} scores run from {low} to {high}")
    if not SUBJECT_KIND.match(subject_kind or "") or not 0 < len(subject_ref or "") <= 64:
        raise BadAnswer("subject")


def insert_answer(response: SurveyResponse) -> SurveyResponse:
    """Store an answer; AlreadyAnswered when this person answered about this subject."""
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise AlreadyAnswered() from exc
    return response


# A CSAT of 2 or less out of 5 with a comment: someone on the team answers it.
LOW_CSAT = 2


def follow_up_promised():
    """needs_follow_up as a condition on SurveyResponse rows, for queries."""
    return and_(
        SurveyResponse.kind == "csat",
        SurveyResponse.score <= LOW_CSAT,
        SurveyResponse.comment != "",
    )


def needs_follow_up(response: SurveyResponse) -> bool:
    """A low satisfaction score that came with a comment: the customer is promised an answer."""
    return response.kind == "csat" and response.score <= LOW_CSAT and bool(response.comment)


def ratings_for(subject_kind: str, subject_ref: str) -> list[SurveyResponse]:
    """Every CSAT and CES answer about one subject (a ticket), CSAT first, oldest first."""
    rows = db.session.scalars(
        select(SurveyResponse)
        .where(
            SurveyResponse.kind.in_(("csat", "ces")),
            SurveyResponse.subject_kind == subject_kind,
            SurveyResponse.subject_ref == subject_ref,
        )
        .order_by(SurveyResponse.kind.desc(), SurveyResponse.id)
    )
    return list(rows)


def find_answer(kind: str, subject_kind: str, subject_ref: str, key: str) -> SurveyResponse | None:
    """This person's answer to one survey about one subject, if any."""
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.kind == kind,
            SurveyResponse.subject_kind == subject_kind,
            SurveyResponse.subject_ref == subject_ref,
            SurveyResponse.respondent_key == key,
        )
    )
