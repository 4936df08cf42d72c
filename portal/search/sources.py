"""Document sources and keeping the index in step with the database.

Each feature registers the kinds of documents it owns. An article source, for example::

    from portal.search.sources import register_source
    from portal.search.documents import SearchDocument, Section

    def tutorial_steps(ids):            # ids of Tutorial rows that changed
        docs = []
        for tutorial in db.session.scalars(select(Tutorial).where(Tutorial.id.in_(ids))):
            if tutorial.is_published:   # leave out what visitors may not see
                docs += [SearchDocument(kind="tutorial", id=f"{tutorial.id}-{step.number}",
                                        title=f"{tutorial.title}: {step.title}",
                                        url=f"/tutorials/{tutorial.slug}/{step.number}",
                                        sections=[Section("", "", step.text)], ...)
                         for step in tutorial.steps]
        return docs

    register_source(app, "tutorial", documents_for=tutorial_steps,
                    all_documents=lambda: tutorial_steps(all_tutorial_ids()),
                    watch={Tutorial: None, TutorialStep: lambda step: [step.tutorial_id]},
                    keys_for=lambda ids: stored_keys_for(ids))

- `documents_for(ids)` returns the documents for those ids that should be findable; any
  document of those ids it does not return is removed from the index. It runs inside the
  committing transaction (reads see the change being committed).
- `all_documents()` yields every findable document, for `flask search reindex` and `check`.
- `watch` is a model class (its primary key is the id) or a dict {model: object -> ids or
  None}; None marks the document's own model, whose deletion removes the document.
- `keys_for(ids)` (optional) names every index key an id may own, for sources with several
  documents per id (tutorial steps); by default an id owns the single key "kind:id".

Changed and deleted objects are collected during flush; their documents are built just before
the commit and written to the index after it. A rolled-back transaction never reaches it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.search.documents import SearchDocument, document_key
from portal.search.index import IndexBusy, WhooshBackend

log = logging.getLogger(__name__)

CHANGES = "portal_search_changes"
READY = "portal_search_ready"
BEHIND = "portal_search_behind"


@dataclass
class Source:
    kind: str
    documents_for: Callable[[list], list[SearchDocument]]
    all_documents: Callable[[], Iterable[SearchDocument]]
    # model -> function giving the document ids an object belongs to (None: its own id)
    watch: dict[type, Callable[[object], Iterable] | None] = field(default_factory=dict)
    keys_for: Callable[[list], Iterable[str]] | None = None

    def keys(self, ids: Iterable) -> set[str]:
        ids = list(ids)
        keys = {document_key(self.kind, i) for i in ids}
        if self.keys_for:
            keys.update(self.keys_for(ids))
        return keys


def register_source(
    app: Flask,
    kind: str,
    documents_for: Callable[[list], list[SearchDocument]],
    all_documents: Callable[[], Iterable[SearchDocument]],
    watch: type | dict | None = None,
    keys_for: Callable[[list], Iterable[str]] | None = None,
) -> None:
    """Make a kind of document searchable and keep it in step with its models."""
    if isinstance(watch, type):
        watch = {watch: None}
    app.extensions.setdefault("portal_search_sources", {})[kind] = Source(
        kind, documents_for, all_documents, dict(watch or {}), keys_for
    )


def sources() -> dict[str, Source]:
    return current_app.extensions.get("portal_search_sources", {})


def backend() -> WhooshBackend:
    """The app's search backend (opened lazily; nothing happens at start-up)."""
    ext = current_app.extensions
    if "portal_search_backend" not in ext:
        ext["portal_search_backend"] = WhooshBackend(current_app.config["PORTAL_SEARCH_DIR"])
    return ext["portal_search_backend"]


@contextmanager
def _rebuild_lock(path: Path):
    """One process at a time creates or rebuilds the index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.rebuild.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def all_documents() -> Iterable[SearchDocument]:
    for source in sources().values():
        yield from source.all_documents()


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database."""
    search = backend()
    with _rebuild_lock(search.path):
        count = search.rebuild(all_documents(), progress)
    current_app.extensions[READY] = True
    return count


def ready_backend() -> WhooshBackend:
    """The backend, first rebuilding a missing or unreadable index."""
    search = backend()
    if current_app.extensions.get(READY) and search.path.exists():
        return search
    if not search.exists():
        with _rebuild_lock(search.path):
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


# Keeping the index in step -------------------------------------------------------------


def _pending(path: Path) -> Path:
    return path.parent / f".{path.name}.pending"


def _remember_pending(keys: set[str]) -> None:
    """Note keys whose index write failed; the next successful write retries them."""
    path = _pending(backend().path)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("".join(f"{key}\n" for key in sorted(keys)))
        fcntl.flock(fh, fcntl.LOCK_UN)


def _take_pending() -> set[str]:
    path = _pending(backend().path)
    if not path.exists():
        return set()
    with open(path, "r+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        keys = {line.strip() for line in fh if line.strip()}
        fh.seek(0)
        fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)
    return keys


def _collect(session: Session, flush_context) -> None:
    """After each flush: remember which watched objects changed or went away."""
    if not has_app_context() or not sources():
        return
    changes = session.info.setdefault(CHANGES, {"changed": {}, "deleted": {}})
    touched = [(obj, False) for obj in [*session.new, *session.dirty]]
    touched += [(obj, True) for obj in session.deleted]
    for obj, deleted in touched:
        for source in sources().values():
            for model, ids_of in source.watch.items():
                if not isinstance(obj, model):
                    continue
                if ids_of is None:  # the document's own row
                    bucket = "deleted" if deleted else "changed"
                    ids = [obj.id]
                else:  # a row that belongs to a document (a forum post of a thread)
                    bucket, ids = "changed", list(ids_of(obj))
                changes[bucket].setdefault(source.kind, set()).update(
                    i for i in ids if i is not None
                )


def _writing_behind() -> bool:
    """Whether this commit leaves its index write to the worker's writer thread."""
    return bool(current_app.config.get("PORTAL_SEARCH_WRITE_BEHIND")) and has_request_context()


def _prepare(session: Session) -> None:
    """Before commit: build the documents to write, while the transaction is still open."""
    if not has_app_context() or not sources():
        return
    # Commit flushes after this hook; flush now so that its changes are collected too.
    session.flush()
    changes = session.info.get(CHANGES)
    if not changes:
        return
    if _writing_behind():
        # The worker's writer builds the documents from the committed rows.
        session.info.pop(CHANGES, None)
        session.info[BEHIND] = {
            document_key(kind, i)
            for bucket in ("changed", "deleted")
            for kind, ids in changes[bucket].items()
            for i in ids
        }
        return
    registered = sources()
    documents: list[SearchDocument] = []
    remove: set[str] = set()
    pending: set[str] = set()
    try:
        pending = _take_pending()
        if pending:
            documents, remove = refresh_keys(pending)
        for kind, ids in changes["deleted"].items():
            if kind in registered:
                remove |= {document_key(kind, i) for i in ids}
        for kind, ids in changes["changed"].items():
            source = registered.get(kind)
            ids = sorted(set(ids) - changes["deleted"].get(kind, set()), key=str)
            if not source or not ids:
                continue
            found = list(source.documents_for(ids))
            documents.extend(found)
            remove |= source.keys(ids) - {doc.key for doc in found}
    except Exception:
        # Never fail the visitor's commit over the index: note the keys, retry them later.
        log.exception("search documents could not be built; they will be retried")
        retry = pending | {
            document_key(kind, i)
            for bucket in ("changed", "deleted")
            for kind, ids in changes[bucket].items()
            for i in ids
        }
        session.info["portal_search_retry"] = retry
        documents, remove = [], set()
    session.info.pop(CHANGES, None)
    session.info["portal_search_write"] = (documents, remove)


def _apply(session: Session) -> None:
    """After commit: write the prepared documents to the index."""
    write = session.info.pop("portal_search_write", None)
    retry = session.info.pop("portal_search_retry", None)
    behind = session.info.pop(BEHIND, None)
    if retry:
        _remember_pending(retry)
    if behind:
        # Noted on disk first, so a worker that stops before writing loses nothing.
        _remember_pending(behind)
        _write_behind().wake()
    if not write or not has_app_context():
        return
    documents, remove = write
    remove = set(remove) - {doc.key for doc in documents}
    try:
        if not backend().created():
            # No index yet: the first search builds it from the database, changes included.
            return
        backend().update(documents, remove)
    except IndexBusy:
        log.error("search index stayed locked; %d change(s) queued", len(documents) + len(remove))
        _remember_pending({doc.key for doc in documents} | remove)
    except Exception:
        log.exception("search index write failed; queued for the next write")
        _remember_pending({doc.key for doc in documents} | remove)


def _discard(session: Session, *args) -> None:
    """A rollback drops whatever was collected."""
    for name in (CHANGES, "portal_search_write", "portal_search_retry", BEHIND):
        session.info.pop(name, None)


def refresh_keys(keys: Iterable[str]) -> tuple[list[SearchDocument], set[str]]:
    """Documents to write and keys to remove so that keys match the database."""
    by_kind: dict[str, set] = {}
    for key in keys:
        kind, _, ident = key.partition(":")
        by_kind.setdefault(kind, set()).add(ident)
    registered = sources()
    documents, remove = [], set()
    for kind, idents in by_kind.items():
        source = registered.get(kind)
        if not source:
            remove |= {document_key(kind, i) for i in idents}
            continue
        ids = [int(i) if i.isdigit() else i for i in idents]
        found = list(source.documents_for(ids))
        documents.extend(found)
        remove |= source.keys(ids) - {doc.key for doc in found}
    return documents, remove


def flush_pending() -> int:
    """Apply index changes that an earlier write could not; returns how many keys."""
    keys = _take_pending()
    if not keys:
        return 0
    documents, remove = refresh_keys(keys)
    try:
        backend().update(documents, remove)
    except Exception:
        _remember_pending(keys)
        raise
    return len(keys)


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
        self._thread = threading.Thread(target=self._run, name="search-writer", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Write what is noted, then end the thread."""
        self._stopped = True
        self._wake.set()
        self._thread.join(timeout=30)

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
                finally:
                    db.session.remove()


_writers: dict[int, WriteBehind] = {}
_writers_lock = threading.Lock()


def _write_behind() -> WriteBehind:
    """This process's writer for the current app (started on first use, after any fork)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = id(app)
    with _writers_lock:
        writer = _writers.get(key)
        if writer is None or writer.pid != os.getpid():
            writer = _writers[key] = WriteBehind(app)
    return writer


def stop_write_behind() -> None:
    """End this process's writer threads after a last write (for tests and shutdown)."""
    with _writers_lock:
        writers = list(_writers.values())
        _writers.clear()
    for writer in writers:
        writer.stop()


def install_hooks(session) -> None:
    """Listen to the session's flushes, commits and rollbacks (once per process)."""
    for name, fn in (
        ("after_flush", _collect),
        ("before_commit", _prepare),
        ("after_commit", _apply),
        ("after_rollback", _discard),
    ):
        if not event.contains(session, name, fn):
            event.listen(session, name, fn)
