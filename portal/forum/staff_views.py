"""Staff actions on a thread: a ticket for its author, a knowledge-base draft."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import role_required
from portal.editor.drafts import NoCategory
from portal.forum import handoff, queries
from portal.forum.views import bp, thread_url


@bp.post("/t/<int:thread_id>/ticket")
@role_required("agent")
def open_ticket(thread_id: int):
    """Agents: open a ticket for the thread's author, carrying the thread's link."""
    thread = queries.get_thread(thread_id)
    ticket = handoff.ticket_for_thread(thread, current_user)
    flash(_("Ticket %(ref)s opened for the author of this thread.", ref=ticket.ref), "success")
    return redirect(url_for("agent.ticket", ref=ticket.ref), code=303)


@bp.post("/t/<int:thread_id>/kb-draft")
@role_required("editor")
def kb_draft(thread_id: int):
    """Editors: start an article draft from a solved thread's question and accepted answer."""
    thread = queries.get_thread(thread_id)
    try:
        article = handoff.draft_from_thread(thread, current_user)
    except handoff.NotSolved:
        flash(_("Only a solved thread can become an article."), "error")
        return redirect(thread_url(thread), code=303)
    except NoCategory:
        flash(_("Create a knowledge-base category first."), "error")
        return redirect(thread_url(thread), code=303)
    flash(_("Draft created. Check it before you publish it."), "success")
    return redirect(url_for("editor.edit", article_id=article.id), code=303)
