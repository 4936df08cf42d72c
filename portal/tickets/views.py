"""The customer's tickets: history, one conversation, reply, solve, reopen, linking."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal.core.fragments import render_fragment_or_page
from portal.core.idempotency import once
from portal.core.registry import history_for
from portal.extensions import login_manager
from portal.feedback.services import voter_key
from portal.feedback.surveys import ces_prompt, csat_prompt
from portal.tickets import linking, services
from portal.tickets.forms import ReplyForm
from portal.tickets.models import CLOSED, SOLVED, STATUS_LABELS, STATUSES

bp = Blueprint("tickets", __name__, url_prefix="/tickets")


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


@bp.get("/")
@login_required
def index():
    """The customer's tickets, grouped by whose turn it is."""
    status = request.args.get("status", "")
    query = request.args.get("q", "").strip()[:200]
    tickets = services.customer_tickets(
        current_user,
        status=status if status in STATUSES else "",
        query=query,
        page=_page_number(),
        per_page=current_app.config["PORTAL_TICKETS_PER_PAGE"],
    )
    return render_fragment_or_page(
        "tickets/_list.html",
        "tickets/index.html",
        tickets=tickets,
        status=status,
        query=query,
        statuses=STATUS_LABELS,
        page_url=lambda n: url_for("tickets.index", page=n, status=status or None, q=query or None),
        unlinked=linking.unlinked_ticket_count(current_user),
        **history_for(current_user),
    )


def _load(ref: str):
    """The ticket and its signed-link token; others are sent to log in, or get 404."""
    token = request.values.get("token", "")
    if token:
        ticket = services.get_ticket_for_token(ref, token)
        services.confirm_email(ticket)
        return ticket, token
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.has_role("agent"):
        found = services.ticket_by_ref(ref)
        if found is not None and found.user_id != current_user.id:
            abort(redirect(url_for("agent.ticket", ref=ref)))
    return services.get_ticket_for(current_user, ref), None


def _back(ticket, token):
    return redirect(url_for("tickets.show", ref=ticket.ref, token=token or None), code=303)


@bp.get("/<ref>")
def show(ref: str):
    """One ticket's conversation, without internal notes."""
    ticket, token = _load(ref)
    return _render_ticket(ticket, token, ReplyForm())


def _render_ticket(ticket, token, form) -> str:
    here = url_for("tickets.show", ref=ticket.ref, token=token or None)
    solved = ticket.status in (SOLVED, CLOSED)
    return render_template(
        "tickets/show.html",
        ticket=ticket,
        token=token,
        form=form,
        # How easy it was is asked once the problem is solved, beside how satisfied they are.
        ces=ces_prompt("ticket", ticket.ref, here, voter_key(session, current_user))
        if solved
        else None,
        csat=csat_prompt("ticket", ticket.ref, ticket.requester_email) if solved else None,
        can_reply=services.can_reply(ticket),
        can_reopen=services.can_reopen(ticket),
        reopen_deadline=services.reopen_deadline(ticket),
    )


@bp.post("/<ref>/reply")
@once
def reply(ref: str):
    """The customer answers; the ticket waits for us again."""
    ticket, token = _load(ref)
    form = ReplyForm()
    if form.validate_on_submit():
        author = current_user if current_user.is_authenticated and not token else None
        try:
            services.customer_reply(ticket, author, form.body.data)
        except services.TicketClosed:
            flash(_("This request is closed. Please open a new one."), "error")
        else:
            flash(_("Your reply is sent."), "success")
            return _back(ticket, token)
    return _render_ticket(ticket, token, form), 400


@bp.post("/<ref>/solve")
def solve(ref: str):
    """The customer marks the ticket solved."""
    ticket, token = _load(ref)
    try:
        services.mark_solved(ticket)
    except services.TicketClosed:
        flash(_("This request is closed already."), "error")
    else:
        flash(_("Glad it is solved. Thank you for letting us know."), "success")
    return _back(ticket, token)


@bp.post("/<ref>/reopen")
def reopen(ref: str):
    """Reopen a solved ticket within the reopen window."""
    ticket, token = _load(ref)
    try:
        services.reopen(ticket)
    except services.TicketError:
        flash(_("This request can no longer be reopened. Please open a new one."), "error")
    else:
        flash(_("Your request is open again."), "success")
    return _back(ticket, token)


@bp.route("/link/<token>", methods=["GET", "POST"])
@login_required
def link(token: str):
    """Confirm, from the mailed link, that earlier tickets may join this account."""
    try:
        linking.check_link_token(current_user, token)
    except linking.InvalidLink:
        abort(404)
    if request.method == "POST":
        count = linking.link_tickets(current_user, token)
        flash(
            ngettext(
                "%(num)d earlier request is now in your history.",
                "%(num)d earlier requests are now in your history.",
                count,
            ),
            "success",
        )
        return redirect(url_for("tickets.index"), code=303)
    return render_template(
        "tickets/link.html", token=token, count=linking.unlinked_ticket_count(current_user)
    )


@bp.post("/link")
@login_required
def send_link():
    """Mail the confirmation link again."""
    linking.offer_ticket_linking(current_user, force=True)
    flash(_("We sent the link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("tickets.index"), code=303)


def offer_linking_on_login(sender, user, **extra) -> None:
    """When someone logs in or registers, offer to join visitor tickets sent from their email."""
    if linking.offer_ticket_linking(user):
        flash(
            _(
                "We found earlier requests sent from %(email)s. To add them to your history, "
                "open the link we just mailed you.",
                email=user.email,
            ),
            "info",
        )
