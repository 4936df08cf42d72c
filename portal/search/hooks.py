"""Keeping the index in step with the database: session hooks around each commit.

Changed and deleted objects are collected during flush; their documents are built just before
the commit and written to the index after it. A rolled-back transaction never reaches it.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal import jobs as background
from portal.search import jobs, pending, writer
from portal.search.backends import backend, in_database
from portal.search.documents import SearchDocument, document_key
from portal.search.embedding import model_name
from portal.search.sources import sources
from portal.search.whoosh import IndexBusy

log = logging.getLogger(__name__)

CHANGES = "portal_search_changes"
BEHIND = "portal_search_behind"
EMBED = "portal_search_embed"


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
                    if source.partners is not None:
                        # Its translation names it: rebuilt too, so both sides agree.
                        changes["changed"].setdefault(source.kind, set()).update(
                            i for i in source.partners(obj) if i is not None
                        )
                else:  # a row that belongs to a document (a forum post of a thread)
                    bucket, ids = "changed", list(ids_of(obj))
                changes[bucket].setdefault(source.kind, set()).update(
                    i for i in ids if i is not None
                )


def _writing_behind() -> bool:
    """Whether this commit leaves its index write to the worker's writer thread."""
    return (
        bool(current_app.config.get("PORTAL_SEARCH_WRITE_BEHIND"))
        and has_request_context()
        and not in_database()
    )


def _prepare(session: Session) -> None:
    """Before commit: build the documents to write, while the transaction is still open."""
    if not has_app_context() or not sources():
        return
    # Commit flushes after this hook; flush now so that its changes are collected too.
    session.flush()
    changes = session.info.get(CHANGES)
    if not changes:
        return
    if model_name() != "off":
        # Embeddings are slow: a job computes them after the commit, never the request.
        session.info[EMBED] = {
            document_key(kind, i)
            for bucket in ("changed", "deleted")
            for kind, ids in changes[bucket].items()
            for i in ids
        }
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
    waiting: set[str] = set()
    try:
        waiting = set() if in_database() else pending.take()
        if waiting:
            documents, remove = pending.refresh_keys(waiting)
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
        retry = waiting | {
            document_key(kind, i)
            for bucket in ("changed", "deleted")
            for kind, ids in changes[bucket].items()
            for i in ids
        }
        if not in_database():
            session.info["portal_search_retry"] = retry
        documents, remove = [], set()
    session.info.pop(CHANGES, None)
    if in_database():
        _write_in_transaction(session, documents, remove)
        return
    session.info["portal_search_write"] = (documents, remove)


def _write_in_transaction(session: Session, documents: list, remove: set[str]) -> None:
    """PostgreSQL: the index rows commit, or roll back, with the change itself."""
    remove = set(remove) - {doc.key for doc in documents}
    if not documents and not remove:
        return
    try:
        with session.begin_nested():
            backend().index(documents, remove)
    except Exception:
        # The change itself still commits; `flask search check` lists what the index lacks.
        log.exception(
            "search index rows could not be written for %d key(s)", len(remove) + len(documents)
        )


def write_noted() -> None:
    """Job: write the index changes that requests noted (with REDIS_URL, on the worker)."""
    if backend().created():
        pending.flush_pending()


def _queued(func, *args) -> bool:
    """With REDIS_URL, hand work to the job queue (the durable note any worker takes).

    False without Redis, or when Redis did not take it: this process's writer does it then.
    """
    if not current_app.config.get("REDIS_URL"):
        return False
    try:
        background.enqueue(func, *args)
    except Exception:
        log.exception("the job queue did not take %s; this process's writer does it", func.__name__)
        return False
    return True


def _apply(session: Session) -> None:
    """After commit: write the prepared documents to the index."""
    write = session.info.pop("portal_search_write", None)
    retry = session.info.pop("portal_search_retry", None)
    behind = session.info.pop(BEHIND, None)
    embed = session.info.pop(EMBED, None)
    if embed and not _queued(jobs.embed_documents, sorted(embed)):
        jobs.queue(embed)
        writer.write_behind().wake()
    if retry:
        pending.remember(retry)
    if behind:
        # Noted on disk first, so a worker that stops before writing loses nothing.
        pending.remember(behind)
        if not _queued(write_noted):
            writer.write_behind().wake()
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
        pending.remember({doc.key for doc in documents} | remove)
    except Exception:
        log.exception("search index write failed; queued for the next write")
        pending.remember({doc.key for doc in documents} | remove)


def _discard(session: Session, *args) -> None:
    """A rollback drops whatever was collected."""
    for name in (CHANGES, "portal_search_write", "portal_search_retry", BEHIND, EMBED):
        session.info.pop(name, None)


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
