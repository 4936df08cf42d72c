"""Index changes that could not be written yet, noted on disk until a later write takes them.

A note is a line per document key beside the index; any process may add to it and the next
successful write (a commit's, or a worker's writer thread) applies and empties it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from portal.search.backends import backend
from portal.search.documents import SearchDocument, document_key
from portal.search.sources import sources


def _pending(path: Path, queue: str) -> Path:
    return path.parent / f".{path.name}.{queue}"


def remember(keys: set[str], queue: str = "pending") -> None:
    """Note keys whose index write failed (or another queue's work); a later run takes them."""
    path = _pending(backend().path, queue)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("".join(f"{key}\n" for key in sorted(keys)))
        fcntl.flock(fh, fcntl.LOCK_UN)


def take(queue: str = "pending") -> set[str]:
    """Take (and empty) the keys noted in queue."""
    path = _pending(backend().path, queue)
    if not path.exists():
        return set()
    with open(path, "r+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        keys = {line.strip() for line in fh if line.strip()}
        fh.seek(0)
        fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)
    return keys


def peek(queue: str) -> set[str]:
    """The keys noted in queue, left in place."""
    path = _pending(backend().path, queue)
    if not path.exists():
        return set()
    with open(path) as fh:
        fcntl.flock(fh, fcntl.LOCK_SH)
        keys = {line.strip() for line in fh if line.strip()}
        fcntl.flock(fh, fcntl.LOCK_UN)
    return keys


def discard(keys: set[str], queue: str) -> None:
    """Remove keys from queue once their work is done (keys noted meanwhile stay)."""
    path = _pending(backend().path, queue)
    if not path.exists():
        return
    with open(path, "r+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        left = [line for line in fh if line.strip() and line.strip() not in keys]
        fh.seek(0)
        fh.truncate()
        fh.write("".join(left))
        fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def turn(queue: str) -> Iterator[bool]:
    """Whether this process has the queue's work to itself (another may hold it)."""
    path = _pending(backend().path, f"{queue}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


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
    keys = take()
    if not keys:
        return 0
    documents, remove = refresh_keys(keys)
    try:
        backend().update(documents, remove)
    except Exception:
        remember(keys)
        raise
    return len(keys)
