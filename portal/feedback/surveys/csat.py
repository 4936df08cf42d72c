"""CSAT after a ticket is solved: a signed link that works once, without logging in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.feedback.surveys.answers import (
    COMMENT_MAX,
    AlreadyAnswered,
    InvalidSurveyLink,
    check_answer,
    external_url,
    find_answer,
    insert_answer,
)

CSAT_SALT = "csat-survey"


@dataclass
class CsatSubject:
    """What a signed CSAT link is about, and for whom."""

    subject_kind: str
    subject_ref: str
    email: str

    @property
    def respondent_key(self) -> str:
        return "e:" + self.email


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CSAT_SALT)


def _email_of(user_or_email: User | str) -> str:
    email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    return email.strip().lower()


def csat_token(subject_kind: str, subject_ref: str, user_or_email: User | str) -> str:
    """A signed token naming the subject and who may rate it."""
    return _serializer().dumps([subject_kind, str(subject_ref), _email_of(user_or_email)])


def csat_link(subject_kind: str, subject_ref: str, user_or_email: User | str) -> str:
    """The absolute URL of a CSAT survey: it works without logging in, once.

    Example: `csat_link("ticket", ticket.ref, ticket.customer)` in the "ticket solved" mail.
    """
    token = csat_token(subject_kind, subject_ref, user_or_email)
    return external_url("feedback.csat", token=token)


def register_csat_subject(app: Flask, kind: str, may_rate: Callable[[str, str], bool]) -> None:
    """Let the feature that owns a kind of subject confirm, when a link is used, that the
    address it names may still rate it (ref, email): a ticket whose requester deleted the
    account names nobody any more, so its mailed links stop working."""
    app.extensions.setdefault("portal_csat_subjects", {})[kind] = may_rate


def read_csat_token(token: str) -> CsatSubject:
    """The subject a valid, unexpired token names, for a person who may still rate it;
    else InvalidSurveyLink."""
    try:
        kind, ref, email = _serializer().loads(
            token, max_age=current_app.config["PORTAL_CSAT_MAX_AGE"]
        )
    except (BadSignature, TypeError, ValueError) as exc:
        raise InvalidSurveyLink() from exc
    if not all(isinstance(part, str) for part in (kind, ref, email)):
        raise InvalidSurveyLink()
    may_rate = current_app.extensions.get("portal_csat_subjects", {}).get(kind)
    if may_rate is not None and not may_rate(ref, email):
        raise InvalidSurveyLink()
    return CsatSubject(kind, ref, email)


def csat_answer(subject: CsatSubject) -> SurveyResponse | None:
    """The answer already given through this link's subject and person, if any."""
    return find_answer("csat", subject.subject_kind, subject.subject_ref, subject.respondent_key)


def record_csat(token: str, score: int, comment: str = "") -> SurveyResponse:
    """Record a CSAT answer through a signed link; the link is spent afterwards."""
    subject = read_csat_token(token)
    check_answer("csat", score, subject.subject_kind, subject.subject_ref)
    if csat_answer(subject) is not None:
        raise AlreadyAnswered()
    user_id = db.session.scalar(select(User.id).where(User.email == subject.email))
    return insert_answer(
        SurveyResponse(
            kind="csat",
            score=score,
            comment=comment.strip()[:COMMENT_MAX],
            subject_kind=subject.subject_kind,
            subject_ref=subject.subject_ref,
            respondent_key=subject.respondent_key,
            user_id=user_id,
        )
    )


def csat_prompt(subject_kind: str, subject_ref: str, user_or_email: User | str) -> dict:
    """Context for feedback/_csat.html on a page such as the ticket page."""
    subject = CsatSubject(subject_kind, str(subject_ref), _email_of(user_or_email))
    return {
        "answer": csat_answer(subject),
        "token": csat_token(subject_kind, subject_ref, user_or_email),
    }
