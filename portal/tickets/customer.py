"""The customer panel beside a ticket in the agent console: earlier tickets, chats, ratings.

A fixed number of statements whatever the customer's history: one per list, plus what the
registered panel sources (chat) read.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from portal.core.registry import customer_panel_for
from portal.extensions import db
from portal.feedback.models import SURVEY_RANGES, SurveyResponse
from portal.tickets.console import earlier_tickets
from portal.tickets.models import Ticket

RATING_LABELS = {"csat": _l("Satisfaction"), "ces": _l("Ease")}
# Survey subjects that are tickets: the agent can open them.
TICKET_SUBJECTS = ("ticket", "escalation")
SUBJECT_LABELS = {
    "ticket": _l("Ticket %(ref)s"),
    "escalation": _l("Opening ticket %(ref)s"),
    "tutorial": _l("A tutorial"),
}


def proven(ticket: Ticket) -> bool:
    """Whether the requester is known: an account, or an email proven by a mailed link."""
    return ticket.user_id is not None or ticket.email_verified_at is not None


def customer_ratings(ticket: Ticket, limit: int = 10) -> list[dict[str, Any]]:
    """The CSAT and CES answers this customer gave, newest first, in one statement."""
    if not proven(ticket):
        return []
    theirs = SurveyResponse.respondent_key == "e:" + ticket.requester_email.lower()
    if ticket.user_id:
        theirs = or_(theirs, SurveyResponse.user_id == ticket.user_id)
    rows = db.session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.kind.in_(tuple(RATING_LABELS)), theirs)
        .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc())
        .limit(limit)
    )
    ratings = []
    for answer in rows:
        subject = SUBJECT_LABELS.get(answer.subject_kind)
        ratings.append(
            {
                "label": str(RATING_LABELS[answer.kind]),
                "score": answer.score,
                "top": SURVEY_RANGES[answer.kind][1],
                "comment": answer.comment,
                "created_at": answer.created_at,
                "subject": str(subject) % {"ref": answer.subject_ref} if subject else "",
                "ref": answer.subject_ref if answer.subject_kind in TICKET_SUBJECTS else None,
            }
        )
    return ratings


def customer_panel(ticket: Ticket) -> dict[str, Any]:
    """Everything the panel shows about the ticket's customer."""
    panel: dict[str, Any] = {
        "proven": proven(ticket),
        "earlier": earlier_tickets(ticket),
        "ratings": customer_ratings(ticket),
        "customer_chats": [],
        "customer_chat_questions": {},
    }
    if ticket.user_id:
        panel.update(customer_panel_for(ticket.user_id))
    return panel
