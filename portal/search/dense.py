"""Dense retrieval: this worker's matrix of stored embeddings, and ranking a question by it.

The vectors are read from the database (never computed per search) into one numpy matrix per
worker, refreshed when the stored rows change; a question costs one embedding and one
matrix-vector product.
"""

from __future__ import annotations

import threading
import time

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


class DenseIndex:
    """The stored vectors of one model, as a matrix with a row of facts per vector."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.keys: np.ndarray = np.array([], dtype=object)
        self.anchors: list[str] = []
        self.columns: dict[str, np.ndarray] = {}
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

    def invalidate(self) -> None:
        """Read the vectors again before the next question (this worker just wrote some)."""
        self.checked = 0.0

    def refresh(self) -> None:
        """Reload the matrix when the stored vectors changed since it was read."""
        now = time.monotonic()
        if now - self.checked < REFRESH_SECONDS and self.signature is not None:
            return
        with self.lock:
            signature = self._signature()
            self.checked = now
            if signature == self.signature:
                return
            rows = db.session.execute(
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
            vectors = [np.frombuffer(r.vector, dtype=np.float32) for r in rows]
            self.matrix = np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
            self.keys = np.array([r.key for r in rows], dtype=object)
            self.anchors = [r.anchor for r in rows]
            self.columns = {
                name: np.array([getattr(r, name) for r in rows], dtype=object)
                for name in ("kind", "language", "category", "audience")
            }
            self.signature = signature

    def rank(self, embedder: Embedder, query: SearchQuery, limit: int) -> list[Ranked]:
        """Documents closest in meaning to the question, best first, with the best section."""
        self.refresh()
        if not len(self.keys) or not query.text:
            return []
        vector = embedder.queries([query.text])[0]
        scores = self.matrix @ vector
        allowed = np.isin(self.columns["audience"], list(query.audiences))
        for name, value in (
            ("kind", query.kind),
            ("category", query.category),
            ("language", query.language),
        ):
            if value:
                allowed &= self.columns[name] == value
        scores = np.where(allowed, scores, -np.inf)
        candidates = min(len(scores), limit * 8)
        top = np.argpartition(-scores, candidates - 1)[:candidates]
        top = top[np.argsort(-scores[top], kind="stable")]
        best: dict[str, Ranked] = {}
        for row in top:
            score = float(scores[row])
            if score == -np.inf or len(best) >= limit:
                break
            key = self.keys[row]
            if key not in best:
                # The best row of a document: its whole text, or the section that matched.
                best[key] = Ranked(key, score, self.anchors[row], self.columns["language"][row])
        return list(best.values())

    def language_of(self, key: str) -> str:
        """The language of a stored document ("" when it has no vector here)."""
        self.refresh()
        rows = np.flatnonzero(self.keys == key)
        return str(self.columns["language"][rows[0]]) if len(rows) else ""

    def neighbours(self, key: str, limit: int, kind: str = "") -> list[Ranked]:
        """Public documents closest in meaning to a stored document (its whole-text vector)."""
        self.refresh()
        rows = [n for n, k in enumerate(self.keys) if k == key and not self.anchors[n]]
        if not rows:
            return []
        scores = self.matrix @ self.matrix[rows[0]]
        allowed = (self.columns["audience"] == "public") & (self.keys != key)
        allowed &= np.array([not a for a in self.anchors], dtype=bool)
        if kind:
            allowed &= self.columns["kind"] == kind
        scores = np.where(allowed, scores, -np.inf)
        order = np.argsort(-scores)[:limit]
        return [
            Ranked(self.keys[n], float(scores[n]), "", self.columns["language"][n])
            for n in order
            if scores[n] > -np.inf
        ]


def dense_index(model: str) -> DenseIndex:
    """This worker's matrix for model (one per model and app)."""
    indexes = current_app.extensions.setdefault("portal_search_dense", {})
    if model not in indexes:
        indexes[model] = DenseIndex(model)
    return indexes[model]
