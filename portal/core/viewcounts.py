"""Page reads counted in memory and written to the database every few seconds.

A read then costs no database write, so a page can be served from the page cache and
still be counted; a worker that dies loses at most its last few seconds of counts, which
popularity rankings and view counters do not notice.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable

from flask import current_app

from portal.extensions import db

Write = Callable[[Counter], None]


class ViewCounter:
    """Reads counted by key; `write` adds pending counts to the rows, the counter commits."""

    def __init__(self, write: Write) -> None:
        self._write = write
        self._pending: Counter[Hashable] = Counter()
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()

    def add(self, key: Hashable, flush_after: float) -> None:
        """Count one read; write the counts when they are due."""
        with self._lock:
            self._pending[key] += 1
            due = time.monotonic() - self._last_flush >= flush_after
        if due:
            self.flush()

    def flush(self) -> None:
        """Write the pending counts."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._last_flush = time.monotonic()
        if pending:
            # Rows in one order in every worker: two flushes at once never deadlock.
            ordered = sorted(pending.items(), key=lambda kv: (type(kv[0]).__name__, kv[0]))
            self._write(Counter(dict(ordered)))
            db.session.commit()


def record_view(
    name: str, key: Hashable, write: Write, setting: str = "PORTAL_VIEW_FLUSH_SECONDS"
) -> None:
    """Count a read of `key` in the app's counter called `name` (created with `write`),
    written every `setting` seconds."""
    counters = current_app.extensions.setdefault("portal_view_counters", {})
    counter = counters.get(name)
    if counter is None:
        counter = counters.setdefault(name, ViewCounter(write))
    counter.add(key, current_app.config[setting])
