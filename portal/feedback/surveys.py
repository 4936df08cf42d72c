"""CSAT, CES and NPS: recording answers, signed CSAT links and when to offer NPS.

For other features:

- CSAT after a ticket is solved: put `csat_link("ticket", ticket.ref, user)` into the
  "ticket solved" mail (a signed link that works once, without logging in), and show
  `{% include "feedback/_csat.html" %}` on the ticket page with
  `csat = csat_prompt("ticket", ticket.ref, user)` in its context, from the view.
- CES after an escalation or a finished tutorial: include "feedback/_ces.html" with
  `ces = ces_prompt("tutorial", str(tutorial.id), next_url)`; one click records it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import SURVEY_RANGES, NpsOffer, SurveyResponse

CSAT_SALT = "csat-survey"
NPS_EVERY = timedelta(days=90)
# An offer stays on the home page this long unless answered or dismissed first.
NPS_OFFER_OPEN = timedelta(days=14)
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


def _check(kind: str, score: int, subject_kind: str, subject_ref: str) -> None:
    low, high = SURVEY_RANGES[kind]
    if not isinstance(score, int) or not low <= score <= high:
        raise BadAnswer(f"{kind} scores run from {low} to {high}")
    if not SUBJECT_KIND.match(subject_kind or "") or not 0 < len(subject_ref or "") <= 64:
        raise BadAnswer("subject")


def _insert(response: SurveyResponse) -> SurveyResponse:
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise AlreadyAnswered() from exc
    return response


def _find(kind: str, subject_kind: str, subject_ref: str, key: str) -> SurveyResponse | None:
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.kind == kind,
            SurveyResponse.subject_kind == subject_kind,
            SurveyResponse.subject_ref == subject_ref,
            SurveyResponse.respondent_key == key,
        )
    )


# CSAT ----------------------------------------------------------------------------------


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


def read_csat_token(token: str) -> CsatSubject:
    """The subject a valid, unexpired token names; else InvalidSurveyLink."""
    try:
        kind, ref, email = _serializer().loads(
            token, max_age=current_app.config["PORTAL_CSAT_MAX_AGE"]
        )
    except (BadSignature, TypeError, ValueError) as exc:
        raise InvalidSurveyLink() from exc
    if not all(isinstance(part, str) for part in (kind, ref, email)):
        raise InvalidSurveyLink()
    return CsatSubject(kind, ref, email)


def csat_answer(subject: CsatSubject) -> SurveyResponse | None:
    """The answer already given through this link's subject and person, if any."""
    return _find("csat", subject.subject_kind, subject.subject_ref, subject.respondent_key)


def record_csat(token: str, score: int, comment: str = "") -> SurveyResponse:
    """Record a CSAT answer through a signed link; the link is spent afterwards."""
    subject = read_csat_token(token)
    _check("csat", score, subject.subject_kind, subject.subject_ref)
    if csat_answer(subject) is not None:
        raise AlreadyAnswered()
    user_id = db.session.scalar(select(User.id).where(User.email == subject.email))
    return _insert(
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


# CES -----------------------------------------------------------------------------------


def ces_prompt(subject_kind: str, subject_ref: str, next_url: str = "/") -> dict:
    """Context for feedback/_ces.html: the one-click "how easy was it?" question.

    The prompt is signed: only someone shown it (a ticket's owner on the ticket's page)
    can answer about that subject, not anyone who can guess a reference.
    """
    return {
        "subject_kind": subject_kind,
        "subject_ref": str(subject_ref),
        "next": next_url,
        "signature": _ces_serializer().dumps([subject_kind, str(subject_ref)]),
    }


def _ces_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="ces-prompt")


def check_ces_signature(subject_kind: str, subject_ref: str, signature: str) -> None:
    """Raise BadAnswer unless the answer comes from a prompt shown for this subject."""
    try:
        signed = _ces_serializer().loads(signature or "")
    except BadSignature as exc:
        raise BadAnswer("unsigned") from exc
    if signed != [subject_kind, subject_ref]:
        raise BadAnswer("signed for another subject")


def record_ces(
    subject_kind: str, subject_ref: str, respondent_key: str, score: int, user: User | None
) -> SurveyResponse:
    """Record a CES answer; a second click by the same person changes it."""
    _check("ces", score, subject_kind, subject_ref)
    found = _find("ces", subject_kind, subject_ref, respondent_key)
    if found is not None:
        found.score = score
        db.session.commit()
        return found
    try:
        return _insert(
            SurveyResponse(
                kind="ces",
                score=score,
                subject_kind=subject_kind,
                subject_ref=subject_ref,
                respondent_key=respondent_key,
                user_id=user.id if user else None,
            )
        )
    except AlreadyAnswered:
        return record_ces(subject_kind, subject_ref, respondent_key, score, user)


# NPS -----------------------------------------------------------------------------------


def _latest_offer(user: User) -> NpsOffer | None:
    return db.session.scalar(
        select(NpsOffer)
        .where(NpsOffer.user_id == user.id)
        .order_by(NpsOffer.offered_at.desc(), NpsOffer.id.desc())
        .limit(1)
    )


def open_nps_offer(user: User) -> NpsOffer | None:
    """The NPS offer to show this customer now, starting one if 90 days have passed."""
    if user.role != "customer":
        return None
    now = utcnow()
    latest = _latest_offer(user)
    if latest is None or latest.offered_at <= now - NPS_EVERY:
        latest = NpsOffer(user_id=user.id, offered_at=now)
        db.session.add(latest)
        db.session.commit()
        return latest
    if latest.closed_at is None and latest.offered_at > now - NPS_OFFER_OPEN:
        return latest
    return None


def _current_offer(user: User) -> NpsOffer:
    latest = _latest_offer(user)
    now = utcnow()
    if latest is None or latest.closed_at is not None or latest.offered_at <= now - NPS_EVERY:
        raise NotOffered()
    return latest


def answer_nps(user: User, score: int, reason: str = "") -> SurveyResponse:
    """Record the customer's NPS answer and close the offer."""
    offer = _current_offer(user)
    _check("nps", score, "nps", str(offer.id))
    offer.closed_at = utcnow()
    offer.outcome = "answered"
    return _insert(
        SurveyResponse(
            kind="nps",
            score=score,
            comment=reason.strip()[:COMMENT_MAX],
            subject_kind="nps",
            subject_ref=str(offer.id),
            respondent_key=f"u:{user.id}",
            user_id=user.id,
        )
    )


def dismiss_nps(user: User) -> None:
    """Close the open NPS offer unanswered; it counts as offered."""
    try:
        offer = _current_offer(user)
    except NotOffered:
        return
    offer.closed_at = utcnow()
    offer.outcome = "dismissed"
    db.session.commit()
