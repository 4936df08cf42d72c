"""NPS: offered to a customer on the home page every 90 days, answered or dismissed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import NpsOffer, SurveyResponse
from portal.feedback.surveys.answers import COMMENT_MAX, NotOffered, check_answer, insert_answer

NPS_EVERY = timedelta(days=90)
# An offer stays on the home page this long unless answered or dismissed first.
NPS_OFFER_OPEN = timedelta(days=14)


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
    check_answer("nps", score, "nps", str(offer.id))
    offer.closed_at = utcnow()
    offer.outcome = "answered"
    return insert_answer(
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
