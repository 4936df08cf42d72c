"""'Was this helpful?' and the customer's feedback box."""

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
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from portal.core.fragments import render_fragment_or_page
from portal.core.idempotency import once
from portal.core.security import from_this_site, within_limit
from portal.extensions import csrf, htmx, limiter
from portal.feedback import box, services
from portal.feedback.forms import FeedbackForm, MissingForm, VoteForm, WatchForm
from portal.feedback.labels import KIND_LABELS, STATUS_LABELS
from portal.feedback.pages import resolve_page

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


@bp.context_processor
def labels() -> dict:
    """Translated names of feedback kinds and statuses for the package's pages."""
    return {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS}


def _vote_limit() -> str:
    return current_app.config["PORTAL_VOTE_LIMIT"]


def _member():
    return current_user if current_user.is_authenticated else None


def _widget_response(kind: str, page_id: int, missing_form: MissingForm | None = None):
    helpful = services.helpful_for(kind, page_id, session, current_user) or abort(404)
    if htmx:
        return render_fragment_or_page(
            "feedback/_helpful.html", helpful=helpful, missing_form=missing_form
        )
    return redirect(helpful.page.url + "#helpful", code=303)


@bp.post("/helpful/<kind>/<int:page_id>")
@csrf.exempt
@limiter.limit(_vote_limit)
def vote(kind: str, page_id: int):
    """Answer 'Was this helpful?' (again, to change the answer).

    Members' votes carry a CSRF token. Visitors' do not (the article page they vote on is
    shared between visitors); a same-site check guards them, and votes are deduplicated.
    """
    if current_user.is_authenticated and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    elif not from_this_site():
        abort(403)
    resolve_page(kind, page_id) or abort(404)
    form = VoteForm(meta={"csrf": False})
    if not form.validate_on_submit():
        abort(400)
    if _may_vote(kind, page_id):
        key = services.voter_key(session, current_user, create=True)
        services.cast_vote(kind, page_id, key, form.helpful.data == "yes", _member())
    return _widget_response(kind, page_id)


def _may_vote(kind: str, page_id: int) -> bool:
    """Members and visitors who voted before may; a new visitor's vote on a page counts
    only within PORTAL_NEW_VOTER_LIMIT per address, so fresh cookies stuff no ballot."""
    if current_user.is_authenticated or services.voter_key(session, current_user) is not None:
        return True
    limits = current_app.config["PORTAL_NEW_VOTER_LIMIT"]
    return within_limit("new-voter", limits, f"{kind}:{page_id}:{get_remote_address()}")


@bp.post("/helpful/<kind>/<int:page_id>/missing")
@limiter.limit(_vote_limit)
def missing(kind: str, page_id: int):
    """Say what was missing on a page found unhelpful."""
    page = resolve_page(kind, page_id) or abort(404)
    form = MissingForm(prefix="helpful")
    if form.validate_on_submit():
        try:
            key = services.voter_key(session, current_user) or ""
            services.add_missing_comment(kind, page_id, key, form.comment.data or "")
        except services.NoVoteYet:
            flash(_("Tell us first whether the page helped."), "info")
        else:
            if not htmx:
                flash(_("Thank you. We read every comment."), "success")
        return _widget_response(kind, page_id)
    if htmx:
        return _widget_response(kind, page_id, missing_form=form)
    page_form = render_template(
        "feedback/missing.html", form=form, page=page, kind=kind, page_id=page_id
    )
    return page_form, 400


@bp.post("/helpful/<kind>/<int:page_id>/watch")
@login_required
def watch(kind: str, page_id: int):
    """Ask for (or cancel) one mail when the page is next updated."""
    resolve_page(kind, page_id) or abort(404)
    form = WatchForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_watch(kind, page_id, current_user, form.on.data == "1")
    if not htmx:
        if form.on.data == "1":
            flash(_("We will email you when this page is updated."), "success")
        else:
            flash(_("We will not email you about this page."), "info")
    return _widget_response(kind, page_id)


@bp.route("/", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
@once
def index():
    """Send feedback, and see what became of everything sent before."""
    form = FeedbackForm()
    if request.method == "GET" and request.args.get("page"):
        form.page.data = request.args.get("page", "")[:500]
    if form.validate_on_submit():
        box.send_feedback(
            current_user, form.kind.data, form.subject.data, form.message.data, form.page.data
        )
        flash(_("Thank you. Your feedback is in; you will see here what becomes of it."), "success")
        return redirect(url_for("feedback.index"), code=303)
    # Twenty at a time: the page costs the same however much the customer has sent.
    sent = box.my_feedback(current_user, page=request.args.get("sent", 1, type=int) or 1)
    status = 400 if form.errors else 200
    page = render_template(
        "feedback/index.html",
        form=form,
        sent=sent,
        sent_url=lambda n: url_for("feedback.index", sent=n),
    )
    return page, status


@bp.get("/<int:item_id>")
@login_required
def item(item_id: int):
    """One feedback item the user sent, with its status and staff replies."""
    found = box.get_feedback_for(current_user, item_id)
    return render_template("feedback/item.html", item=found)
