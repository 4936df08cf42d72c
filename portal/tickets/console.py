"""The agents' side of tickets: queue, replies, internal notes, status and assignment."""

from __future__ import annotations

from datetime import timedelta
from statistics import median

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, case, func, or_, select, true
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.feedback.surveys import csat_link, follow_up_promised
from portal.tickets.models import (
    AGENT,
    CLOSED,
    OPEN,
    SOLVED,
    STATUSES,
    WAITING,
    Ticket,
    TicketMessage,
)
from portal.tickets.services import add_message, mail_requester, ticket_by_ref

SORTS = ("waiting_longest", "newest")
# The console's views; each hides solved and closed tickets unless asked, but the one of
# customers promised an answer after a low rating (their tickets are solved, as a rule).
VIEWS = ("open", "mine", "unassigned", "waiting", "follow_up")
SHOWS_DONE = frozenset({"follow_up"})
DONE = (SOLVED, CLOSED)


def get_ticket_for_agent(ref: str) -> Ticket:
    """Any ticket by reference with its conversation, for agents; 404 when unknown."""
    ticket = ticket_by_ref(ref, conversation=True)
    if ticket is None:
        abort(404)
    return ticket


def waiting_on_us():
    """The condition "the customer spoke last and nobody has answered yet".

    A ticket an agent set to "waiting for customer" (say after a phone call) is not
    waiting on us, however the last message came in.
    """
    return and_(Ticket.status == OPEN, Ticket.waiting_since.is_not(None))


def waiting_since():
    """When the customer last wrote, for tickets waiting on us; NULL for the others.

    Read from the ticket's stored column: no look into the messages of each ticket.
    """
    return case((Ticket.status == OPEN, Ticket.waiting_since), else_=None)


def _view_condition(view: str, agent: User):
    if view == "mine":
        return Ticket.assignee_id == agent.id
    if view == "unassigned":
        return Ticket.assignee_id.is_(None)
    if view == "waiting":
        return waiting_on_us()
    if view == "follow_up":
        return follow_up_due()
    return true()


def follow_up_due():
    """The condition "a low rating with a comment came after our last public answer".

    The customer was promised an answer; an agent's public reply on the ticket gives it.
    """
    last_answer = (
        select(func.max(TicketMessage.created_at))
        .where(
            TicketMessage.ticket_id == Ticket.id,
            TicketMessage.author_kind == AGENT,
            TicketMessage.internal.is_(False),
        )
        .scalar_subquery()
    )
    return (
        select(SurveyResponse.id)
        .where(
            SurveyResponse.subject_kind == "ticket",
            SurveyResponse.subject_ref == Ticket.ref,
            follow_up_promised(),
            or_(last_answer.is_(None), SurveyResponse.created_at > last_answer),
        )
        .exists()
    )


def queue(
    agent: User,
    view: str = "open",
    status: str = "",
    show_done: bool = False,
    sort: str = "waiting_longest",
    page: int = 1,
    per_page: int = 25,
) -> Pagination:
    """Tickets of one view of the console, the customer waiting longest first.

    Solved and closed tickets are left out unless show_done, or a status names them.
    A ticket's `waiting_on_us_since` is None when it is not waiting on us.
    """
    stmt = select(Ticket).options(joinedload(Ticket.assignee)).where(_view_condition(view, agent))
    if status in STATUSES:
        stmt = stmt.where(Ticket.status == status)
    elif not show_done and view not in SHOWS_DONE:
        stmt = stmt.where(Ticket.status.not_in(DONE))
    if sort == "newest":
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc())
    elif view == "waiting":
        # Every ticket of the view waits on us: the order of (status, waiting_since)'s index.
        stmt = stmt.order_by(Ticket.waiting_since.asc(), Ticket.id)
    else:
        # Waiting on us first, the one quiet for longest at the top; then the rest by age.
        since = waiting_since()
        stmt = stmt.order_by(since.is_(None), since.asc(), Ticket.updated_at.asc(), Ticket.id)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def view_counts(agent: User) -> dict[str, int]:
    """How many tickets each view holds (unsolved ones, but for follow-ups), in one statement."""
    not_done = Ticket.status.not_in(DONE)

    def counted(view: str):
        condition = _view_condition(view, agent)
        if view not in SHOWS_DONE:
            condition = and_(not_done, condition)
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(select(*(counted(view) for view in VIEWS))).one()
    return dict(zip(VIEWS, (int(n) for n in row), strict=True))


def status_counts() -> dict[str, int]:
    """How many tickets are in each status."""
    rows = db.session.execute(select(Ticket.status, func.count(Ticket.id)).group_by(Ticket.status))
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in rows:
        counts[status] = n
    return counts


def earlier_tickets(ticket: Ticket, limit: int = 10) -> list[Ticket]:
    """The same customer's other tickets, by account or by email, newest first.

    None while the email is unproven: anyone can type a customer's address.
    """
    if ticket.user_id is None and ticket.email_verified_at is None:
        return []
    same_customer = Ticket.requester_email == ticket.requester_email
    if ticket.user_id:
        same_customer = or_(same_customer, Ticket.user_id == ticket.user_id)
    stmt = (
        select(Ticket)
        .where(same_customer, Ticket.id != ticket.id)
        .order_by(Ticket.created_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def agents() -> list[User]:
    """Everyone who may be assigned a ticket."""
    stmt = select(User).where(User.role.in_(("agent", "admin"))).order_by(User.display_name)
    return list(db.session.scalars(stmt))


def agent_reply(
    ticket: Ticket,
    agent: User,
    body: str,
    internal: bool,
) -> TicketMessage:
    """A public reply (mailed, now waiting for the customer) or an internal note (neither)."""
    message = add_message(ticket, agent, AGENT, body, internal=internal)
    if not internal:
        now = utcnow()
        ticket.first_response_at = ticket.first_response_at or now
        ticket.status = WAITING
        ticket.solved_at = ticket.closed_at = None
        ticket.last_speaker = AGENT
        ticket.updated_at = now
    if ticket.assignee_id is None:
        ticket.assignee = agent
    db.session.commit()
    if not internal:
        subject = _l("New reply to your request %(ref)s", ref=ticket.ref)
        mail_requester(
            ticket, subject, "ticket_reply", preference="ticket_replies", message=message
        )
    return message


def set_status(ticket: Ticket, status: str) -> None:
    """Move the ticket to another status, recording when it was solved or closed.

    Solving it mails the customer with a one-time satisfaction (CSAT) link.
    """
    if status not in STATUSES:
        raise ValueError(f"Unknown status {status!r}")
    if status == ticket.status:
        return
    was_solved = ticket.status in (SOLVED, CLOSED)
    now = utcnow()
    ticket.status = status
    ticket.updated_at = now
    if status == SOLVED:
        ticket.solved_at = now
    elif status == CLOSED:
        ticket.closed_at = now
        ticket.solved_at = ticket.solved_at or now
    else:
        ticket.solved_at = ticket.closed_at = None
    db.session.commit()
    if status == SOLVED and not was_solved:
        send_solved_mail(ticket)


def send_solved_mail(ticket: Ticket) -> None:
    """Tell the customer the ticket is solved and ask, through a signed link, how we did.

    A member who turned off status mail but not surveys still gets it, for the question;
    one who turned off surveys gets it without the question.
    """
    user = ticket.user
    surveys = user is None or user.wants_mail("surveys")
    updates = user is None or user.wants_mail("ticket_replies")
    if not (surveys or updates):
        return
    mail_requester(
        ticket,
        _l("Your request %(ref)s is solved", ref=ticket.ref),
        "ticket_solved",
        csat_url=csat_link("ticket", ticket.ref, ticket.requester_email) if surveys else None,
    )


def assign(ticket: Ticket, assignee: User | None) -> None:
    """Give the ticket to an agent, or to nobody."""
    if assignee is not None and not assignee.has_role("agent"):
        raise ValueError("Only agents can be assigned tickets.")
    ticket.assignee = assignee
    db.session.commit()


def find_agent(user_id: int | None) -> User | None:
    """The agent with that id, or None."""
    if not user_id:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.has_role("agent") else None


def median_first_response(days: int = 30, min_tickets: int = 5) -> timedelta | None:
    """The median time to a first reply over recent tickets; None with too few of them."""
    since = utcnow() - timedelta(days=days)
    rows = db.session.execute(
        select(Ticket.created_at, Ticket.first_response_at).where(
            Ticket.created_at >= since, Ticket.first_response_at.is_not(None)
        )
    ).all()
    if len(rows) < max(min_tickets, 1):
        return None
    return timedelta(
        seconds=median((answered - opened).total_seconds() for opened, answered in rows)
    )


def close_expired_solved() -> int:
    """Close every solved ticket whose reopen window has passed; returns how many."""
    cutoff = utcnow() - timedelta(days=current_app.config["PORTAL_TICKET_REOPEN_DAYS"])
    expired = db.session.scalars(
        select(Ticket).where(Ticket.status == SOLVED, Ticket.solved_at < cutoff)
    ).all()
    now = utcnow()
    for ticket in expired:
        ticket.status = CLOSED
        ticket.closed_at = now
    db.session.commit()
    return len(expired)
