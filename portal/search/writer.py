"""The writer thread: index changes noted by requests, written a moment later in batches."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from flask import Flask, current_app

from portal.extensions import db
from portal.search.backends import backend
from portal.search.jobs import run_queued
from portal.search.pending import flush_pending

log = logging.getLogger(__name__)


class WriteBehind:
    """A thread of this worker that writes noted index changes, several to a commit.

    A request that changes a findable page returns as soon as the database has committed;
    the index follows a moment later. Under load that turns a commit per change, each
    waiting for the index's write lock, into one commit for whatever piled up meanwhile.
    """

    # How long to gather changes before writing, and how often to look for changes that
    # another worker noted but did not write.
    GATHER_SECONDS = 0.25
    POLL_SECONDS = 5.0

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pid = os.getpid()
        self._wake = threading.Event()
        self._stopped = False
        self._embed = True
        self._thread = threading.Thread(target=self._run, name="search-writer", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Write soon."""
        self._wake.set()

    def stop(self, embed: bool = True) -> None:
        """Write what is noted (embeddings too unless embed is False), then end the thread."""
        self._embed = embed
        self._stopped = True
        self._wake.set()
        self._thread.join(timeout=30 if embed else 120)

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(self.POLL_SECONDS)
            self._wake.clear()
            if not self._stopped:
                time.sleep(self.GATHER_SECONDS)
            with self.app.app_context():
                try:
                    if backend().created():
                        flush_pending()
                except Exception:
                    log.exception("search index write failed; kept for the next try")
                try:
                    if self._embed:
                        run_queued()
                except Exception:
                    log.exception("embedding documents failed; kept for the next try")
                finally:
                    db.session.remove()


_writers: dict[int, WriteBehind] = {}
_writers_lock = threading.Lock()


def write_behind() -> WriteBehind:
    """This process's writer for the current app (started on first use, after any fork)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = id(app)
    with _writers_lock:
        writer = _writers.get(key)
        if writer is None or writer.pid != os.getpid():
            writer = _writers[key] = WriteBehind(app)
    return writer


def stop_write_behind(embed: bool = True) -> None:
    """End this process's writer threads after a last write (for tests and shutdown)."""
    with _writers_lock:
        writers = list(_writers.values())
        _writers.clear()
    for writer in writers:
        writer.stop(embed)


@atexit.register
def _at_exit() -> None:
    """A process that ends (a command, a worker) first lets its writer finish what it is
    doing: a model killed mid-computation aborts the whole process. Embeddings not yet
    started stay queued for the next writer."""
    stop_write_behind(embed=False)
