"""Survey pages: the signed CSAT link, one-click CES and the NPS banner's actions."""

from __future__ import annotations

from contextlib import suppress

from flask import flash, redirect, render_template, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.core.fragments import render_fragment_or_page
from portal.core.redirects import safe_next
from portal.extensions import htmx, limiter
from portal.feedback import services, surveys
from portal.feedback.forms import CesForm, CsatForm, NpsForm
from portal.feedback.views import bp


@bp.route("/csat/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def csat(token: str):
    """Rate the help you got, through the signed link from the mail or the ticket page."""
    try:
        subject = surveys.read_csat_token(token)
    except surveys.InvalidSurveyLink:
        return render_template("feedback/csat_closed.html", reason="invalid"), 400
    if surveys.csat_answer(subject) is not None:
        code = 409 if request.method == "POST" else 200
        return render_template("feedback/csat_closed.html", reason="answered"), code
    form = CsatForm()
    if form.validate_on_submit():
        try:
            answer = surveys.record_csat(token, form.score.data, form.comment.data or "")
        except surveys.AlreadyAnswered:
            return render_template("feedback/csat_closed.html", reason="answered"), 409
        except surveys.SurveyError:
            return render_template("feedback/csat_closed.html", reason="invalid"), 400
        # A low score with a comment is answered by a person; say so now.
        follow_up = surveys.needs_follow_up(answer)
        if htmx:
            return render_fragment_or_page("feedback/_survey_thanks.html", follow_up=follow_up)
        return render_template("feedback/csat_closed.html", reason="thanks", follow_up=follow_up)
    code = 400 if form.errors else 200
    return render_template("feedback/csat.html", form=form, token=token, subject=subject), code


@bp.post("/ces")
@limiter.limit("30 per hour")
def ces():
    """Record a one-click "how easy was it?" answer; never in the way of anything."""
    form = CesForm()
    target = safe_next(form.next.data)
    if form.validate_on_submit():
        key = services.voter_key(session, current_user, create=True)
        # A malformed subject is not the reader's problem; thank them anyway.
        with suppress(surveys.SurveyError):
            surveys.check_ces_signature(
                form.subject_kind.data, form.subject_ref.data, form.signature.data
            )
            surveys.record_ces(
                form.subject_kind.data,
                form.subject_ref.data,
                key,
                int(form.score.data),
                current_user if current_user.is_authenticated else None,
            )
        if htmx:
            return render_fragment_or_page("feedback/_survey_thanks.html")
        flash(_("Thank you for your answer."), "success")
    return redirect(target, code=303)


@bp.post("/nps")
@login_required
def nps():
    """Answer the NPS question from the banner."""
    form = NpsForm()
    target = safe_next(request.form.get("next"))
    if form.validate_on_submit():
        # Already answered or no longer offered: nothing for the customer to do.
        with suppress(surveys.SurveyError):
            surveys.answer_nps(current_user, form.score.data, form.reason.data or "")
        if htmx:
            return render_fragment_or_page("feedback/_survey_thanks.html")
        flash(_("Thank you for your answer."), "success")
        return redirect(target, code=303)
    if htmx:
        return render_fragment_or_page("feedback/_nps.html", nps_form=form, next_url=target)
    return render_template("feedback/nps.html", nps_form=form, next_url=target), 400


@bp.post("/nps/dismiss")
@login_required
def nps_dismiss():
    """Close the NPS question without answering; it will not come back for 90 days."""
    surveys.dismiss_nps(current_user)
    if htmx:
        return render_fragment_or_page("feedback/_survey_thanks.html", dismissed=True)
    return redirect(safe_next(request.form.get("next")), code=303)


def nps_home_section() -> dict | None:
    """The NPS banner on the home page, for a customer it is offered to now."""
    if not current_user.is_authenticated:
        return None
    if surveys.open_nps_offer(current_user) is None:
        return None
    return {"template": "feedback/_nps.html", "nps_form": NpsForm(formdata=None), "next_url": "/"}
