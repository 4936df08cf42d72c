"""Dense retrieval: this worker's matrix of stored embeddings, and ranking a question by it.

The vectors are read from the database (never computed per search) into one numpy matrix per
worker, refreshed when the stored rows change; a question costs one embedding and one
matrix-vector product.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.search.documents import SearchQuery
from portal.search.embedding import Embedder
from portal.search.interface import Ranked
from portal.search.models import SearchEmbedding

# How often a worker asks the database whether vectors changed (another worker's writes).
REFRESH_SECONDS = 2.0


@dataclass(frozen=True)
class Snapshot:
    """The vectors as read at one moment: every array of one snapshot has the same rows.

    A refresh builds a new snapshot and swaps it in whole, so a search running meanwhile in
    another thread keeps reading one consistent set (rows added between two reads once made
    the keys and the scores differ in length).
    """

    matrix: np.ndarray
    keys: np.ndarray
    anchors: list[str]
    columns: dict[str, np.ndarray]
    whole: np.ndarray  # True for a document's whole-text vector, False for a section's

    @classmethod
    def empty(cls) -> Snapshot:
        return cls.of([])

    @classmethod
    def of(cls, rows) -> Snapshot:
        vectors = [np.frombuffer(r.vector, dtype=np.float32) for r in rows]
        return cls(
            matrix=np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32),
            keys=np.array([r.key for r in rows], dtype=object),
            anchors=[r.anchor for r in rows],
            columns={
                name: np.array([getattr(r, name) for r in rows], dtype=object)
                for name in ("kind", "language", "category", "audience")
            },
            whole=np.array([not r.anchor for r in rows], dtype=bool),
        )


class DenseIndex:
    """The stored vectors of one model, as a matrix with a row of facts per vector."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.snapshot = Snapshot.empty()
        self.signature: tuple | None = None
        self.checked = 0.0
        self.lock = threading.Lock()

    def _signature(self) -> tuple:
        row = db.session.execute(
            select(
                func.count(SearchEmbedding.id),
                func.max(SearchEmbedding.id),
                func.max(SearchEmbedding.updated_at),
            ).where(SearchEmbedding.model == self.model)
        ).one()
        return tuple(row)

    def _rows(self) -> list:
        return list(
            db.session.execute(
                select(
                    SearchEmbedding.key,
                    SearchEmbedding.anchor,
                    SearchEmbedding.kind,
                    SearchEmbedding.language,
                    SearchEmbedding.category,
                    SearchEmbedding.audience,
                    SearchEmbedding.vector,
                )
                .where(SearchEmbedding.model == self.model)
                .order_by(SearchEmbedding.id)
            ).all()
        )

    def invalidate(self) -> None:
        """Read the vectors again before the next question (this worker just wrote some)."""
        self.checked = 0.0

    def refresh(self) -> Snapshot:
        """The current vectors, read again when the stored ones changed since."""
        now = time.monotonic()
        if now - self.checked < REFRESH_SECONDS and self.signature is not None:
            return self.snapshot
        with self.lock:
            signature = self._signature()
            self.checked = now
            if signature != self.signature:
                self.snapshot = Snapshot.of(self._rows())
                self.signature = signature
            return self.snapshot

    def rank(self, embedder: Embedder, query: SearchQuery, limit: int) -> list[Ranked]:
        """Documents closest in meaning to the question, best first, with the best section."""
        snap = self.refresh()
        if not len(snap.keys) or not query.text:
            return []
        vector = embedder.queries([query.text])[0]
        scores = snap.matrix @ vector
        allowed = np.isin(snap.columns["audience"], list(query.audiences))
        for name, value in (
            ("kind", query.kind),
            ("category", query.category),
            ("language", query.language),
        ):
            if value:
                allowed &= snap.columns[name] == value
        scores = np.where(allowed, scores, -np.inf)
        candidates = min(len(scores), limit * 8)
        top = np.argpartition(-scores, candidates - 1)[:candidates]
        top = top[np.argsort(-scores[top], kind="stable")]
        best: dict[str, Ranked] = {}
        for row in top:
            score = float(scores[row])
            if score == -np.inf or len(best) >= limit:
                break
            key = snap.keys[row]
            if key not in best:
                # The best row of a document: its whole text, or the section that matched.
                best[key] = Ranked(key, score, snap.anchors[row], snap.columns["language"][row])
        return list(best.values())

    def language_of(self, key: str) -> str:
        """The language of a stored document ("" when it has no vector here)."""
        snap = self.refresh()
        rows = np.flatnonzero(snap.keys == key)
        return str(snap.columns["language"][rows[0]]) if len(rows) else ""

    def neighbours(self, key: str, limit: int, kind: str = "") -> list[Ranked]:
        """Public documents closest in meaning to a stored document (its whole-text vector)."""
        snap = self.refresh()
        rows = np.flatnonzero((snap.keys == key) & snap.whole)
        if not len(rows):
            return []
        scores = snap.matrix @ snap.matrix[rows[0]]
        allowed = (snap.columns["audience"] == "public") & (snap.keys != key) & snap.whole
        if kind:
            allowed &= snap.columns["kind"] == kind
        scores = np.where(allowed, scores, -np.inf)
        order = np.argsort(-scores)[:limit]
        return [
            Ranked(snap.keys[n], float(scores[n]), "", snap.columns["language"][n])
            for n in order
            if scores[n] > -np.inf
        ]


def dense_index(model: str) -> DenseIndex:
    """This worker's matrix for model (one per model and app)."""
    indexes = current_app.extensions.setdefault("portal_search_dense", {})
    if model not in indexes:
        indexes[model] = DenseIndex(model)
    return indexes[model]
