"""Flagging by members, and the moderators' tools: queue, hiding, locking, moving, suspending."""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth.roles import role_required
from portal.clock import utcnow
from portal.forum import moderation, queries, services
from portal.forum.forms import FlagForm, MoveForm, SuspendForm
from portal.forum.views import bp, page_arg, thread_url


def _back_to_post(post_id: int):
    return redirect(url_for("forum.goto_post", post_id=post_id), code=303)


@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
@login_required
def flag(post_id: int):
    """Report a post to the moderators, with a reason."""
    post = queries.get_post(post_id)
    thread = queries.get_thread(post.thread_id)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            moderation.flag_post(current_user, post, form.reason.data, form.note.data or "")
        except moderation.AlreadyFlagged:
            flash(_("You have flagged this post already. A moderator will look at it."), "info")
        else:
            flash(_("Thank you. A moderator will look at this post."), "success")
        return _back_to_post(post_id)
    return render_template("forum/flag.html", form=form, post=post, thread=thread)


@bp.get("/moderation/")
@role_required("agent")
def moderation_queue():
    """Flags waiting for a moderator."""
    return render_template(
        "forum/moderation.html", flags=moderation.open_flags(), reasons=moderation.FLAG_REASONS
    )


@bp.get("/moderation/log")
@role_required("agent")
def moderation_log():
    """Every moderation action: who, what, when."""
    page = page_arg()
    entries, pages = moderation.moderation_log(page)
    return render_template(
        "forum/moderation_log.html",
        entries=entries,
        page=page,
        pages=pages,
        actions=moderation.ACTIONS,
    )


@bp.post("/moderation/flags/<int:flag_id>/dismiss")
@role_required("agent")
def dismiss_flag(flag_id: int):
    """Close a flag and leave the post as it is."""
    moderation.dismiss_flag(current_user, moderation.get_flag(flag_id))
    flash(_("The flag is dismissed."), "info")
    return redirect(url_for("forum.moderation_queue"), code=303)


@bp.post("/p/<int:post_id>/hide")
@role_required("agent")
def hide_post(post_id: int):
    """Hide a post from members, or show it again (hidden=0)."""
    post = queries.get_post(post_id)
    hidden = request.form.get("hidden", "1") == "1"
    moderation.set_hidden(current_user, post, hidden, request.form.get("reason", "")[:300])
    flash(_("The post is hidden.") if hidden else _("The post is visible again."), "success")
    if request.form.get("next") == "queue":
        return redirect(url_for("forum.moderation_queue"), code=303)
    return _back_to_post(post_id)


@bp.post("/t/<int:thread_id>/lock")
@role_required("agent")
def lock(thread_id: int):
    """Lock a thread (locked=1) or unlock it (locked=0)."""
    thread = queries.get_thread(thread_id)
    locked = request.form.get("locked", "1") == "1"
    moderation.set_locked(current_user, thread, locked)
    flash(_("The thread is locked.") if locked else _("The thread is open again."), "success")
    return redirect(thread_url(thread), code=303)


@bp.post("/t/<int:thread_id>/pin")
@role_required("agent")
def pin(thread_id: int):
    """Pin a thread (pinned=1) or unpin it (pinned=0)."""
    thread = queries.get_thread(thread_id)
    pinned = request.form.get("pinned", "1") == "1"
    moderation.set_pinned(current_user, thread, pinned)
    flash(_("The thread is pinned.") if pinned else _("The thread is unpinned."), "success")
    return redirect(thread_url(thread), code=303)


@bp.post("/t/<int:thread_id>/move")
@role_required("agent")
def move(thread_id: int):
    """Move a thread to another category."""
    thread = queries.get_thread(thread_id)
    form = MoveForm()
    form.category.choices = queries.thread_choices(str(get_locale() or "en"))
    if form.validate_on_submit():
        target = next(c for c in queries.list_categories() if c.id == form.category.data)
        moderation.move_thread(current_user, thread, target)
        flash(_("The thread is moved to %(name)s.", name=target.name), "success")
    else:
        flash(_("Choose a category to move the thread to."), "error")
    return redirect(thread_url(thread), code=303)


@bp.route("/moderation/members/<int:user_id>/suspend", methods=["GET", "POST"])
@role_required("agent")
def suspend(user_id: int):
    """Stop a member from posting until a date, or lift the suspension."""
    member = moderation.get_member(user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        until = datetime.combine(form.until.data, time.max.replace(microsecond=0))
        if until <= utcnow():
            form.until.errors.append(_("Choose a date after today."))
        else:
            try:
                moderation.suspend_member(current_user, member, until, form.reason.data or "")
            except services.NotAllowed:
                abort(403)
            flash(
                _(
                    "%(name)s may not post until %(date)s.",
                    name=member.display_name,
                    date=format_date(form.until.data, "medium"),
                ),
                "success",
            )
            return redirect(url_for("forum.moderation_log"), code=303)
    return render_template(
        "forum/suspend.html",
        form=form,
        member=member,
        suspension=services.active_suspension(member),
    )


@bp.post("/moderation/members/<int:user_id>/unsuspend")
@role_required("agent")
def unsuspend(user_id: int):
    """Let a suspended member post again."""
    member = moderation.get_member(user_id)
    moderation.lift_suspension(current_user, member)
    flash(_("%(name)s may post again.", name=member.display_name), "success")
    return redirect(url_for("forum.moderation_log"), code=303)
