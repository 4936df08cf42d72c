"""The app's search backend: which engine, opening it lazily, rebuilding and recovering it."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from portal.search.sources import all_documents
from portal.search.whoosh import WhooshBackend

log = logging.getLogger(__name__)

READY = "portal_search_ready"
BACKEND = "portal_search_backend"


def backend() -> WhooshBackend:
    """The app's search backend (opened lazily; nothing happens at start-up)."""
    ext = current_app.extensions
    if BACKEND not in ext:
        ext[BACKEND] = WhooshBackend(current_app.config["PORTAL_SEARCH_DIR"])
    return ext[BACKEND]


@contextmanager
def rebuild_lock(path: Path):
    """One process at a time creates or rebuilds the index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.rebuild.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database."""
    search = backend()
    with rebuild_lock(search.path):
        count = search.rebuild(all_documents(), progress)
    current_app.extensions[READY] = True
    return count


def ready_backend() -> WhooshBackend:
    """The backend, first rebuilding a missing or unreadable index."""
    search = backend()
    if current_app.extensions.get(READY) and search.path.exists():
        return search
    if not search.exists():
        with rebuild_lock(search.path):
            search.reset()
            if not search.exists():
                log.warning("search index at %s is missing or unreadable; rebuilding", search.path)
                search.rebuild(all_documents())
    current_app.extensions[READY] = True
    return search


def recover(exc: Exception) -> WhooshBackend:
    """After a failed read: forget the open index and rebuild it if it is broken."""
    log.warning("search index read failed (%s); checking it", exc.__class__.__name__)
    current_app.extensions[READY] = False
    backend().reset()
    return ready_backend()
