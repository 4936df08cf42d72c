"""Background jobs: through Redis (RQ) when REDIS_URL is set, in-process otherwise.

`enqueue(func, *args)` is the one way to start slow or fallible work (mail, index writes,
embeddings). With REDIS_URL the job is stored in Redis and run by `flask worker`, retried
with back-off, and kept when a worker dies mid-job (RQ moves it from the dead worker's
started registry back to the queue once the worker's heartbeat has expired). A job that fails
every try lands in RQ's failed registry: `flask jobs failed` lists them and /healthz counts
them. Without REDIS_URL the function runs at once in the caller, as a plain call would.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import datetime

from flask import current_app

from portal.extensions import db, redis_connection

log = logging.getLogger(__name__)

QUEUE = "portal"
# Waits before the second, third, ... try: 10 s, 1 min, 5 min, 15 min.
RETRY_INTERVALS = (10, 60, 300, 900)
JOB_TIMEOUT = 300
# Failed jobs stay listed for 30 days.
FAILURE_TTL = 30 * 24 * 3600


def queue():
    """The RQ queue of this app; raises RuntimeError without REDIS_URL."""
    from rq import Queue

    connection = redis_connection()
    if connection is None:
        raise RuntimeError("REDIS_URL is not set: jobs run in-process.")
    return Queue(QUEUE, connection=connection)


def name_of(func: Callable) -> str:
    """The import path a worker uses to find func ("portal.mail.send_job")."""
    if "<" in func.__qualname__ or "." in func.__qualname__:
        raise ValueError(f"{func!r} is not a module-level function; a worker cannot import it.")
    return f"{func.__module__}.{func.__qualname__}"


def resolve(name: str) -> Callable:
    """The function named by an import path."""
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def enqueue(func: Callable, *args) -> str | None:
    """Run func(*args) as a job; returns the job id (None when it ran in-process).

    Call it after the commit whose rows the job reads; arguments must be plain values.
    """
    name = name_of(func)
    if not current_app.config.get("REDIS_URL"):
        try:
            func(*args)
        except Exception:
            log.exception("in-process job %s failed", name)
        return None
    from rq import Retry

    job = queue().enqueue(
        perform,
        name,
        *args,
        retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
        job_timeout=JOB_TIMEOUT,
        failure_ttl=FAILURE_TTL,
        result_ttl=0,
        description=name,
    )
    return job.id


def perform(name: str, *args) -> None:
    """Run one job in a fresh app context of the worker's app (its own database session)."""
    func = resolve(name)
    with current_app.app_context():
        try:
            func(*args)
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def run_worker(burst: bool = False) -> None:
    """Process jobs until stopped (or, with burst, until the queue is empty)."""
    from rq import SimpleWorker

    # In-process (no fork per job): models and open indexes stay loaded between jobs. A
    # maintenance pass every minute puts the jobs of a worker that died back in the queue.
    worker = SimpleWorker([queue()], connection=redis_connection(), maintenance_interval=60)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


class FailedJob:
    """What an admin needs to know about a job that failed for good."""

    def __init__(self, job) -> None:
        self.id: str = job.id
        self.name: str = (job.args or ("?",))[0]
        self.args: tuple = tuple(job.args[1:]) if job.args else ()
        self.ended_at: datetime | None = job.ended_at
        info = job.latest_result().exc_string if job.latest_result() else ""
        lines = [line for line in (info or "").strip().splitlines() if line.strip()]
        self.error: str = lines[-1] if lines else ""


def failed_jobs(limit: int = 100) -> list[FailedJob]:
    """Jobs that used up their tries, most recent first."""
    from rq.job import Job

    connection = redis_connection()
    if connection is None:
        return []
    registry = queue().failed_job_registry
    ids = list(reversed(registry.get_job_ids()))[:limit]
    jobs = [job for job in Job.fetch_many(ids, connection=connection) if job]
    return [FailedJob(job) for job in jobs]


def retry_failed(ids: list[str] | None = None) -> int:
    """Put failed jobs (all, or those ids) back in the queue; returns how many."""
    registry = queue().failed_job_registry
    count = 0
    for job_id in ids or registry.get_job_ids():
        registry.requeue(job_id)
        count += 1
    return count


def counts() -> dict[str, int]:
    """Queued and failed jobs."""
    q = queue()
    return {"queued": q.count, "failed": q.failed_job_registry.count}


def health_line() -> str:
    """What /healthz says of the jobs: "ok", or how many failed for good."""
    failed = counts()["failed"]
    return f"{failed} failed (see flask jobs failed)" if failed else "ok"


def check_redis() -> None:
    """Raise unless Redis answers."""
    connection = redis_connection()
    if connection is None:
        raise RuntimeError("REDIS_URL is not set.")
    connection.ping()
