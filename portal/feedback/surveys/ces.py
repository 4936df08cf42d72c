"""CES after an escalation or a finished tutorial: one signed click, changed by a second."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.auth.models import User
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.feedback.surveys.answers import (
    AlreadyAnswered,
    BadAnswer,
    check_answer,
    find_answer,
    insert_answer,
)


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
    check_answer("ces", score, subject_kind, subject_ref)
    found = find_answer("ces", subject_kind, subject_ref, respondent_key)
    if found is not None:
        found.score = score
        db.session.commit()
        return found
    try:
        return insert_answer(
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
