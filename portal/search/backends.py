"""The app's search backend: which engine, opening it lazily, rebuilding and recovering it."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from portal.search.postgresql import PostgresBackend
from portal.search.sources import all_documents
from portal.search.whoosh import WhooshBackend

log = logging.getLogger(__name__)

READY = "portal_search_ready"
BACKEND = "portal_search_backend"


def backend() -> WhooshBackend:
    """The app's search backend (opened lazily; nothing happens at start-up)."""
    ext = current_app.extensions
    if BACKEND not in ext:
        if in_database():
            ext[BACKEND] = PostgresBackend(current_app.config["PORTAL_SEARCH_DIR"])
        else:
            ext[BACKEND] = WhooshBackend(current_app.config["PORTAL_SEARCH_DIR"])
    return ext[BACKEND]


def in_database() -> bool:
    """Whether the index lives in the database (PORTAL_SEARCH_BACKEND=postgresql)."""
    return current_app.config.get("PORTAL_SEARCH_BACKEND") == "postgresql"


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
    if in_database():
        # The backend locks its table for the rebuild's transaction.
        count = search.rebuild(all_documents(), progress)
    else:
        with rebuild_lock(search.path):
            count = search.rebuild(all_documents(), progress)
    current_app.extensions[READY] = True
    return count


def ready_backend() -> WhooshBackend:
    """The backend, first rebuilding a missing or unreadable index."""
    search = backend()
    if in_database():
        if not current_app.extensions.get(READY):
            # A new database: its first use indexes what is already there.
            if search.doc_count() == 0 and any(True for _ in all_documents()):
                log.warning("search index in the database is empty; rebuilding")
                search.rebuild(all_documents())
            current_app.extensions[READY] = True
        return search
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
