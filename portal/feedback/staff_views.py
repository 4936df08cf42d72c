"""Staff pages of the feedback package: the inbox and the report."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import role_required
from portal.clock import utcnow
from portal.core import dates
from portal.core.spreadsheet import csv_download
from portal.feedback import box, report
from portal.feedback.chart import line_chart
from portal.feedback.forms import (
    InboxFilterForm,
    PeriodForm,
    ReplyForm,
    StatusForm,
    TagsForm,
)
from portal.feedback.views import bp

STAFF = ("agent", "editor")  # admins always pass
MAX_REPORT_DAYS = 366 * 2


@bp.get("/inbox")
@role_required(*STAFF)
def inbox():
    """Every customer's feedback, filtered by kind, status, tag and date."""
    form = InboxFilterForm(formdata=request.args or None)
    if request.args:
        form.validate()
    filters = box.InboxFilter(
        kind=form.kind.data or "",
        status=form.status.data or "",
        tag=form.tag.data or "",
        since=form.since.data if not form.since.errors else None,
        until=form.until.data if not form.until.errors else None,
    )
    return render_template("feedback/inbox.html", form=form, items=box.inbox(filters))


@bp.get("/inbox/<int:item_id>")
@role_required(*STAFF)
def inbox_item(item_id: int):
    """One feedback item with the forms to change its status, reply and tag it."""
    return _render_inbox_item(box.get_feedback_for_staff(item_id))


def _render_inbox_item(item, status_form=None, reply_form=None, tags_form=None, code=200):
    return (
        render_template(
            "feedback/inbox_item.html",
            item=item,
            status_form=status_form or StatusForm(status=item.status),
            reply_form=reply_form or ReplyForm(formdata=None),
            tags_form=tags_form or TagsForm(tags=item.tags),
        ),
        code,
    )


@bp.post("/inbox/<int:item_id>/status")
@role_required(*STAFF)
def set_status(item_id: int):
    """Move an item to another status; its sender is mailed."""
    item = box.get_feedback_for_staff(item_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _render_inbox_item(item, status_form=form, code=400)
    if box.change_status(item, form.status.data):
        flash(_("Status changed. The sender got an email."), "success")
    return redirect(url_for("feedback.inbox_item", item_id=item.id), code=303)


@bp.post("/inbox/<int:item_id>/reply")
@role_required(*STAFF)
def reply(item_id: int):
    """Answer the sender; they see it and get it by email."""
    item = box.get_feedback_for_staff(item_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render_inbox_item(item, reply_form=form, code=400)
    box.reply(item, current_user, form.body.data)
    flash(_("Reply sent."), "success")
    return redirect(url_for("feedback.inbox_item", item_id=item.id), code=303)


@bp.post("/inbox/<int:item_id>/tags")
@role_required(*STAFF)
def tags(item_id: int):
    """Replace an item's tags."""
    item = box.get_feedback_for_staff(item_id)
    form = TagsForm()
    if not form.validate_on_submit():
        return _render_inbox_item(item, tags_form=form, code=400)
    box.set_tags(item, form.tags.data or "")
    flash(_("Tags saved."), "success")
    return redirect(url_for("feedback.inbox_item", item_id=item.id), code=303)


@bp.get("/report")
@role_required(*STAFF)
def report_page():
    """CSAT, CES and NPS with their weekly trend, weak pages and feedback counts."""
    form, period = _period()
    data = report.build_report(period)
    trend = data["trend"]
    labels = [dates.day_label(row["week"]) for row in trend]
    charts = {
        "csat": line_chart([(lb, r["csat"]) for lb, r in zip(labels, trend, strict=True)], 0, 100),
        "ces": line_chart([(lb, r["ces"]) for lb, r in zip(labels, trend, strict=True)], 1, 7, 6),
        "nps": line_chart([(lb, r["nps"]) for lb, r in zip(labels, trend, strict=True)], -100, 100),
    }
    return render_template("feedback/report.html", form=form, charts=charts, **data)


@bp.get("/report/<name>.csv")
@role_required(*STAFF)
def report_csv(name: str):
    """One table of the report as a CSV file."""
    _form, period = _period()
    tables = report.csv_tables(report.build_report(period))
    if name not in tables:
        abort(404)
    header, rows = tables[name]
    filename = f"feedback-{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return csv_download(filename, header, rows)


def _period() -> tuple[PeriodForm, report.Period]:
    form = PeriodForm(formdata=request.args)
    form.validate()
    today = utcnow().date()
    period = report.Period.default(today)
    since = form.since.data if form.since.data and not form.since.errors else period.start
    until = form.until.data if form.until.data and not form.until.errors else period.end
    if since > until:
        since, until = until, since
    if (until - since).days > MAX_REPORT_DAYS:
        since = until - timedelta(days=MAX_REPORT_DAYS)
    return form, report.Period(since, until)
