"""The agent console: the queue and the agents' view of a ticket."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.auth.roles import role_required
from portal.core.fragments import render_fragment_or_page, wants_fragment
from portal.core.idempotency import once
from portal.editor.drafts import NoCategory
from portal.feedback import surveys
from portal.search import api as search_api
from portal.tickets import canned, console, customer, knowledge, services
from portal.tickets.forms import (
    AgentReplyForm,
    AssignForm,
    CannedPickForm,
    FlagArticleForm,
    StatusForm,
)
from portal.tickets.models import AGENT_STATUS_LABELS, STATUSES

bp = Blueprint("agent", __name__, url_prefix="/agent")

# Views the queue's old ?assigned= filter named; links to it keep working.
ASSIGNED_VIEWS = {"me": "mine", "none": "unassigned"}
VIEW_LABELS = {
    "mine": _l("Mine"),
    "unassigned": _l("Unassigned"),
    "waiting": _l("Waiting on us"),
    "open": _l("All open"),
    "follow_up": _l("Follow-up promised"),
}


@bp.before_request
@role_required("agent")
def require_agent() -> None:
    """Every console page is for agents and admins only."""


def _queue_filters() -> dict:
    """The queue's view, status, "show solved and closed" and order, unknown values dropped."""
    args = request.args
    view = args.get("view") or ASSIGNED_VIEWS.get(args.get("assigned", ""), "open")
    status = args.get("status", "")
    sort = args.get("sort", "")
    return {
        "view": view if view in console.VIEWS else "open",
        "status": status if status in STATUSES else "",
        "done": "1" if args.get("done") == "1" else "",
        "sort": sort if sort in console.SORTS else console.SORTS[0],
    }


@bp.get("/")
def queue():
    """Tickets to work on: a view (mine, unassigned, waiting on us, all open), oldest first."""
    filters = _queue_filters()
    given = {key: value for key, value in filters.items() if value}
    tickets = console.queue(
        current_user,
        view=filters["view"],
        status=filters["status"],
        show_done=bool(filters["done"]),
        sort=filters["sort"],
        page=max(request.args.get("page", 1, type=int) or 1, 1),
    )
    return render_fragment_or_page(
        "agent/_queue.html",
        "agent/queue.html",
        tickets=tickets,
        counts=console.status_counts(),
        view_counts=console.view_counts(current_user),
        views=VIEW_LABELS,
        labels=AGENT_STATUS_LABELS,
        filters=filters,
        page_url=lambda n: url_for("agent.queue", page=n, **given),
    )


def _assign_form(ticket) -> AssignForm:
    form = AssignForm(assignee=ticket.assignee_id or 0)
    choices = [SelectChoice(agent.id, agent.display_name) for agent in console.agents()]
    form.assignee.choices = [SelectChoice(0, _("Nobody")), *choices]
    return form


def _kb_links() -> tuple[str, list[dict]]:
    """Articles matching ?kb= on the ticket page, to link from a reply."""
    query = request.args.get("kb", "").strip()[:200]
    if not query:
        return "", []
    found = search_api.answers_for(query, str(get_locale() or "en"), current_user, limit=10)
    base = request.url_root.rstrip("/")
    return query, [
        {**a, "markdown": f"[{a['title']}]({base}{a['url']})"}
        for a in found
        if a["kind"] == "article"
    ]


def _canned_form(formdata=None) -> CannedPickForm:
    form = CannedPickForm(formdata=formdata)
    form.canned.choices = [SelectChoice(r.id, r.title) for r in canned.canned_replies()]
    return form


def _render(ticket, reply_form=None, status=200, flag_form=None, canned_form=None):
    kb_query, kb_links = _kb_links()
    page = render_template(
        "agent/ticket.html",
        ticket=ticket,
        customer=customer.customer_panel(ticket),
        reply_form=reply_form or AgentReplyForm(),
        canned_form=canned_form or _canned_form(),
        flag_form=flag_form or FlagArticleForm(formdata=None),
        status_form=StatusForm(status=ticket.status),
        assign_form=_assign_form(ticket),
        kb_query=kb_query,
        kb_links=kb_links,
        ratings=[
            (answer, surveys.needs_follow_up(answer))
            for answer in surveys.ratings_for("ticket", ticket.ref)
        ],
    )
    return page, status


@bp.get("/tickets/<ref>")
def ticket(ref: str):
    """The whole ticket with internal notes, its context and the customer's other tickets."""
    return _render(console.get_ticket_for_agent(ref))


def _back(ticket):
    return redirect(url_for("agent.ticket", ref=ticket.ref), code=303)


@bp.post("/tickets/<ref>/revoke-links")
def revoke_links(ref: str):
    """Stop every link mailed for this ticket; the next reply mails a fresh one."""
    ticket = console.get_ticket_for_agent(ref)
    services.revoke_links(ticket)
    flash(_("The links mailed so far no longer open this ticket."), "success")
    return _back(ticket)


@bp.post("/tickets/<ref>/reply")
@once
def reply(ref: str):
    """A public reply, mailed to the customer, or an internal note."""
    ticket = console.get_ticket_for_agent(ref)
    form = AgentReplyForm()
    if not form.validate_on_submit():
        return _render(ticket, reply_form=form, status=400)
    internal = form.visibility.data == "internal"
    console.agent_reply(ticket, current_user, form.body.data, internal)
    flash(_("Internal note added.") if internal else _("Reply sent to the customer."), "success")
    return _back(ticket)


@bp.post("/tickets/<ref>/insert")
def insert_canned(ref: str):
    """Put a canned reply, filled in for this ticket, after what the agent typed; send nothing.

    The page (or, for htmx, the reply form) comes back with the text in the box.
    """
    ticket = console.get_ticket_for_agent(ref)
    reply_form = AgentReplyForm()
    canned_form = _canned_form(request.form)
    if canned_form.validate():
        chosen = canned.get_canned_reply(canned_form.canned.data)
        reply_form.body.data = canned.insert_into(
            reply_form.body.data or "", chosen, ticket, current_user
        )
    if wants_fragment():
        return render_fragment_or_page(
            "agent/_reply_form.html",
            ticket=ticket,
            reply_form=reply_form,
            canned_form=canned_form,
        )
    return _render(ticket, reply_form=reply_form, canned_form=canned_form)


@bp.post("/tickets/<ref>/status")
def status(ref: str):
    """Change the ticket's status."""
    ticket = console.get_ticket_for_agent(ref)
    form = StatusForm()
    if form.validate_on_submit():
        console.set_status(ticket, form.status.data)
        flash(_("Status changed to %(status)s.", status=ticket.agent_status_label), "success")
    return _back(ticket)


@bp.post("/tickets/<ref>/assign")
def assign(ref: str):
    """Assign the ticket to an agent, to me, or to nobody."""
    ticket = console.get_ticket_for_agent(ref)
    if request.form.get("me"):
        assignee = current_user._get_current_object()
    else:
        form = _assign_form(ticket)
        if not form.validate_on_submit():
            return _back(ticket)
        assignee = console.find_agent(form.assignee.data)
    console.assign(ticket, assignee)
    if assignee:
        flash(_("Assigned to %(name)s.", name=assignee.display_name), "success")
    else:
        flash(_("Nobody is assigned now."), "success")
    return _back(ticket)


@bp.post("/tickets/<ref>/kb-draft")
def kb_draft(ref: str):
    """Start a knowledge-base draft from a solved ticket, personal data redacted."""
    ticket = console.get_ticket_for_agent(ref)
    try:
        article = knowledge.draft_from_ticket(ticket, current_user)
    except knowledge.NotSolved:
        flash(_("Only a solved ticket can become an article."), "error")
        return _back(ticket)
    except NoCategory:
        flash(_("Create a knowledge-base category first."), "error")
        return _back(ticket)
    if current_user.has_role("editor"):
        flash(_("Draft created. Check it before you publish it."), "success")
        return redirect(url_for("editor.edit", article_id=article.id), code=303)
    flash(_("Draft “%(title)s” created for the editors to finish.", title=article.title), "success")
    return _back(ticket)


@bp.post("/tickets/<ref>/flag-article")
def flag_article(ref: str):
    """Flag an article as outdated (into the editors' review queue) from the ticket view."""
    ticket = console.get_ticket_for_agent(ref)
    form = FlagArticleForm()
    if form.validate_on_submit():
        try:
            flag = knowledge.flag_outdated(form.article.data, current_user, form.reason.data)
        except knowledge.UnknownArticle:
            form.article.errors.append(_("No published article has this address or slug."))
        else:
            flash(_("“%(title)s” is flagged for the editors.", title=flag.article.title), "success")
            return _back(ticket)
    return _render(ticket, flag_form=form, status=400)
