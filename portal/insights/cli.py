"""`flask insights ...` commands."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db
from portal.insights import rollup
from portal.insights.periods import local_today
from portal.insights.tracking import portal_timezone

insights = AppGroup("insights", help="Figures for the insights page.")


@insights.command("rollup")
@click.option("--days", default=2, show_default=True, help="How many days back, today included.")
@click.option("--all", "everything", is_flag=True, help="Recompute days already rolled up.")
def rollup_command(days: int, everything: bool) -> None:
    """Compute the daily figures the insights page reads (run hourly, or after an import)."""
    if days < 1:
        raise click.ClickException("--days must be 1 or more, e.g. --days 30.")
    tz = portal_timezone()
    today = local_today(tz)
    dates = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    refresh = current_app.config["PORTAL_INSIGHTS_REFRESH_SECONDS"]
    with click.progressbar(dates, label="Rolling up days") as bar:
        for day in bar:
            if everything:
                rollup.rollup_day(day, tz)
                db.session.commit()
            else:
                rollup.ensure_rolled([day], tz, refresh)
    click.echo(f"Rolled up {len(dates)} day(s) up to {today.isoformat()}.")
