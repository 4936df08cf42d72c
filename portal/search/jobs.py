"""Background jobs of search: embedding documents when content is saved.

Each job is a plain function that needs only an app context and is safe to run twice, so
the writer thread runs it today and a job queue can run it later. Keys are source keys
("article:12", "tutorial:3"): the ids that the sources' watched rows name.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable

import numpy as np
from sqlalchemy import delete, select

from portal.clock import utcnow
from portal.extensions import db
from portal.search import pending
from portal.search.dense import dense_index
from portal.search.documents import SearchDocument
from portal.search.embedding import embedder, members
from portal.search.models import SearchEmbedding
from portal.search.sources import all_documents

log = logging.getLogger(__name__)

QUEUE = "embed"
BATCH = 16
MAX_SECTIONS = 30


def passages_of(doc: SearchDocument, whole_only: bool = False) -> list[tuple[str, str]]:
    """(anchor, text) to embed: the whole document, and each titled section of a long one."""
    intro = " ".join(s.text for s in doc.sections if not s.anchor)
    whole = " ".join(
        part
        for part in (doc.title + ".", doc.summary, intro, *(s.title for s in doc.sections))
        if part
    )
    passages = [("", whole)]
    titled = [s for s in doc.sections if s.anchor and s.text]
    if len(titled) >= 2 and not whole_only:
        for section in titled[:MAX_SECTIONS]:
            passages.append((section.anchor, f"{doc.title}: {section.title}. {section.text}"))
    return passages


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _store(documents: list[SearchDocument], model) -> int:
    """Embed what changed in documents and store it; returns how many vectors were computed."""
    keys = [doc.key for doc in documents]
    existing = {
        (row.key, row.anchor): row
        for row in db.session.scalars(
            select(SearchEmbedding).where(
                SearchEmbedding.model == model.name, SearchEmbedding.key.in_(keys)
            )
        )
    }
    todo: list[tuple[SearchDocument, str, str, str]] = []
    keep = set()
    for doc in documents:
        for anchor, whole in passages_of(doc, model.whole_only):
            keep.add((doc.key, anchor))
            text = whole[: model.passage_chars]  # what the model reads, so a new cut re-embeds
            digest = _digest(text)
            row = existing.get((doc.key, anchor))
            if row is None or row.digest != digest:
                todo.append((doc, anchor, text, digest))
            else:  # the text is the same; who may see it and where may have changed
                _describe(row, doc)
    for (key, anchor), row in existing.items():
        if (key, anchor) not in keep:
            db.session.delete(row)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        vectors = model.passages([text for _doc, _anchor, text, _digest in chunk])
        for (doc, anchor, _text, digest), vector in zip(chunk, vectors, strict=True):
            row = existing.get((doc.key, anchor))
            if row is None:
                row = SearchEmbedding(model=model.name, key=doc.key, anchor=anchor)
                db.session.add(row)
            _describe(row, doc)
            row.digest = digest
            row.vector = np.asarray(vector, dtype=np.float32).tobytes()
            row.updated_at = utcnow()
    return len(todo)


def _describe(row: SearchEmbedding, doc: SearchDocument) -> None:
    row.kind, row.language = doc.kind, doc.language
    row.category, row.audience = doc.category, doc.audience


def embed_documents(keys: Iterable[str]) -> int:
    """Bring the stored embeddings of source keys in line with the database."""
    model = embedder()
    keys = set(keys)
    if model is None or not keys:
        return 0
    documents, remove = pending.refresh_keys(keys)
    remove -= {doc.key for doc in documents}
    # Compute before writing anything: on SQLite the first write takes the database's write
    # lock until the commit, and customers' saves must not wait for the model.
    computed = sum(_store(documents, each) for each in members(model))
    if remove:
        db.session.execute(delete(SearchEmbedding).where(SearchEmbedding.key.in_(remove)))
    db.session.commit()
    for each in members(model):
        dense_index(each.name).invalidate()
    return computed


def embed_all(progress: Callable[[int], None] | None = None) -> int:
    """Embed every document afresh where its text changed; drop other models' vectors."""
    model = embedder()
    if model is None:
        return 0
    seen: set[str] = set()
    batch: list[SearchDocument] = []
    computed = 0
    for doc in all_documents():
        batch.append(doc)
        seen.add(doc.key)
        if len(batch) >= BATCH:
            computed += sum(_store(batch, each) for each in members(model))
            db.session.commit()
            if progress:
                progress(len(batch))
            batch = []
    computed += sum(_store(batch, each) for each in members(model))
    if progress and batch:
        progress(len(batch))
    # Writes come last and each batch commits at once (see embed_documents).
    names = [each.name for each in members(model)]
    db.session.execute(delete(SearchEmbedding).where(SearchEmbedding.model.not_in(names)))
    stale = set(db.session.scalars(select(SearchEmbedding.key).distinct())) - seen
    for start in range(0, len(stale), 500):
        chunk = sorted(stale)[start : start + 500]
        db.session.execute(delete(SearchEmbedding).where(SearchEmbedding.key.in_(chunk)))
    db.session.commit()
    for each in members(model):
        dense_index(each.name).invalidate()
    return computed


def queue(keys: set[str]) -> None:
    """Note source keys whose embeddings must follow a committed change."""
    pending.remember(keys, QUEUE)


def run_queued() -> int:
    """Embed whatever was noted; keys leave the queue only once their vectors are stored,
    so a process that stops half-way (a command's, a worker's) loses nothing."""
    with pending.turn(QUEUE) as mine:
        keys = pending.peek(QUEUE) if mine else set()
        if not keys:
            return 0
        try:
            computed = embed_documents(keys)
        except Exception:
            db.session.rollback()
            raise
        pending.discard(keys, QUEUE)
        return computed
