"""/insights/: the team's page on self-service, content gaps and service."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from portal.auth.roles import role_required
from portal.core.spreadsheet import csv_download
from portal.insights import report
from portal.insights.charts import bar_chart, trend_charts
from portal.insights.forms import PeriodForm
from portal.insights.periods import Period, choose_period, local_today
from portal.insights.selfservice import FUNNEL_LABELS
from portal.insights.tracking import portal_timezone
from portal.tickets.models import TOPICS

bp = Blueprint("insights", __name__, url_prefix="/insights")

STAFF = ("agent", "editor")  # admins always pass


def _period() -> tuple[PeriodForm, Period]:
    form = PeriodForm(formdata=request.args)
    form.validate()
    tz = portal_timezone()

    def valid(field):
        return field.data if field.data and not field.errors else None

    period = choose_period(
        tz, valid(form.days), valid(form.since), valid(form.until), local_today(tz)
    )
    return form, period


def _data(period: Period) -> dict:
    config = current_app.config
    report.prepare(period, config["PORTAL_INSIGHTS_REFRESH_SECONDS"])
    # Customers' names and addresses are for agents and admins; editors see pseudonyms.
    personal = current_user.has_role("agent")
    return report.build(period, personal, config["PORTAL_INSIGHTS_STALE_DAYS"])


@bp.get("/")
@role_required(*STAFF)
def index():
    """Every insights section for the chosen period."""
    form, period = _period()
    data = _data(period)
    return render_template(
        "insights/index.html",
        form=form,
        charts=trend_charts(data["trend"]),
        funnel_chart=bar_chart([(str(FUNNEL_LABELS[k]), n) for k, n in data["funnel"]]),
        funnel_labels=FUNNEL_LABELS,
        topics=TOPICS,
        **data,
    )


@bp.get("/<name>.csv")
@role_required(*STAFF)
def table_csv(name: str):
    """One table of the page as a CSV file."""
    _form, period = _period()
    tables = report.csv_tables(_data(period))
    if name not in tables:
        abort(404)
    header, rows = tables[name]
    filename = f"insights-{name}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return csv_download(filename, header, rows)
