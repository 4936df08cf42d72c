"""`flask worker` and `flask jobs ...` commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal import jobs

jobs_group = AppGroup("jobs", help="Look after background jobs.")


def _require_redis() -> None:
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set: jobs run inside the app, there is no queue. "
            "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) on the app servers and here."
        )


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(burst: bool) -> None:
    """Run the background job worker (when REDIS_URL is set)."""
    _require_redis()
    try:
        jobs.check_redis()
    except Exception as exc:
        raise click.ClickException(
            f"Redis at REDIS_URL does not answer ({exc.__class__.__name__}); start it and retry."
        ) from exc
    jobs.run_worker(burst=burst)


@jobs_group.command("failed")
@click.option("--limit", default=50, show_default=True, help="How many to list.")
def failed(limit: int) -> None:
    """List jobs that failed every try, most recent first."""
    _require_redis()
    found = jobs.failed_jobs(limit)
    for job in found:
        when = job.ended_at.strftime("%Y-%m-%d %H:%M:%S") if job.ended_at else "?"
        args = ", ".join(repr(arg) for arg in job.args)
        click.echo(f"{job.id}  {when}  {job.name}({args})")
        click.echo(f"    {job.error or 'no error recorded (its worker stopped)'}")
    counts = jobs.counts()
    click.echo(f"{counts['failed']} failed, {counts['queued']} queued.")


@jobs_group.command("retry")
@click.argument("ids", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Retry every failed job.")
def retry(ids: tuple[str, ...], everything: bool) -> None:
    """Put failed jobs back in the queue (give their ids, or --all)."""
    _require_redis()
    if not ids and not everything:
        raise click.ClickException("Name the job ids to retry (see `flask jobs failed`) or --all.")
    count = jobs.retry_failed(list(ids) or None)
    click.echo(f"{count} job(s) queued again.")
