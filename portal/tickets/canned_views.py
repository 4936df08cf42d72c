"""Admins keep the canned replies agents insert: list, create, edit, delete (under /agent)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.auth.roles import role_required
from portal.core.idempotency import once
from portal.tickets import canned
from portal.tickets.agent_views import bp
from portal.tickets.forms import CannedReplyForm


@bp.get("/canned")
@role_required("admin")
def canned_list():
    """Every canned reply, with its text."""
    return render_template("agent/canned_list.html", replies=canned.canned_replies())


@bp.route("/canned/new", methods=["GET", "POST"])
@role_required("admin")
@once
def canned_new():
    """Write a new canned reply."""
    form = CannedReplyForm()
    if form.validate_on_submit():
        reply = canned.save_canned_reply(None, form.title.data, form.body.data)
        flash(_("Canned reply “%(title)s” saved.", title=reply.title), "success")
        return redirect(url_for("agent.canned_list"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("agent/canned_form.html", form=form, reply=None), status


@bp.route("/canned/<int:reply_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def canned_edit(reply_id: int):
    """Change a canned reply's title or text."""
    reply = canned.get_canned_reply(reply_id)
    form = CannedReplyForm(obj=reply)
    if form.validate_on_submit():
        canned.save_canned_reply(reply, form.title.data, form.body.data)
        flash(_("Canned reply “%(title)s” saved.", title=reply.title), "success")
        return redirect(url_for("agent.canned_list"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("agent/canned_form.html", form=form, reply=reply), status


@bp.post("/canned/<int:reply_id>/delete")
@role_required("admin")
def canned_delete(reply_id: int):
    """Delete a canned reply (CSRF-checked form post)."""
    reply = canned.get_canned_reply(reply_id)
    title = reply.title
    canned.delete_canned_reply(reply)
    flash(_("Canned reply “%(title)s” deleted.", title=title), "success")
    return redirect(url_for("agent.canned_list"), code=303)
