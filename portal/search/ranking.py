"""Scoring arithmetic for search: BM25F over whole postings lists, with numpy.

The index module reads each query term's postings (document numbers and term weights) and
the field lengths from the index; this module turns them into scores, combines the terms of
a query the way an OR query with a coordination bonus does, and picks the top results and
facet counts. It has no index of its own and knows nothing of the storage format.

The formulas are those of the index's default BM25F weighting, so results rank as they did
when the index's own matchers scored them one posting at a time in Python; here every
posting list is one array operation, which keeps a query over 100,000 articles fast.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

import numpy as np

K1 = 1.2
B = 0.75


class Scores:
    """A score for every document number, and how many query terms matched each."""

    __slots__ = ("matched", "terms", "total")

    def __init__(self, size: int, terms: int = 0) -> None:
        self.total = np.zeros(size, dtype=np.float64)
        self.matched = np.zeros(size, dtype=np.int32)
        self.terms = terms

    def docs(self) -> np.ndarray:
        """The matching document numbers, in order."""
        return np.flatnonzero(self.matched)

    def hide(self, docs: Iterable[int]) -> None:
        """Leave docs out of the matches (deleted, or not for this visitor)."""
        hidden = np.fromiter(docs, dtype=np.int64)
        if len(hidden):
            self.matched[hidden] = 0

    def merge(self, other: Scores) -> None:
        """Add another part of the query's scores to these."""
        self.total += other.total
        self.matched += other.matched
        self.terms += other.terms

    def add(self, docs: Sequence[int], scores: Sequence[float]) -> None:
        """Add one term's scores; docs holds each document at most once."""
        docs = np.asarray(docs, dtype=np.int64)
        self.total[docs] += np.asarray(scores, dtype=np.float64)
        self.matched[docs] += 1


def length_norms(avg_length: float, to_length: Callable[[int], int]) -> np.ndarray:
    """BM25's length normalisation for each of the 256 stored length bytes."""
    avg_length = avg_length or 1.0
    lengths = np.array([to_length(b) or 1 for b in range(256)], dtype=np.float64)
    return K1 * ((1 - B) + B * lengths / avg_length)


def term_scores(
    weights: np.ndarray, length_bytes: np.ndarray, idf: float, boost: float, norms: np.ndarray
) -> np.ndarray:
    """BM25 for one term's postings: weights with each document's stored length byte."""
    weights = weights.astype(np.float64, copy=False)
    return idf * boost * (K1 + 1) * weights / (weights + norms[length_bytes])


def union(parts: Iterable[Scores], size: int, scale: float | None) -> Scores:
    """Documents matching any part, scores summed; with scale, a coordination bonus."""
    result = Scores(size)
    for part in parts:
        result.merge(part)
    return coordinate(result, scale)


def coordinate(scores: Scores, scale: float | None) -> Scores:
    """The coordination bonus of an OR query with a scale factor, applied in place.

    This is the "short query ranking" of the index's OR query: a document that matches more
    of the query's terms ranks above one matching a single term often.
    """
    terms = scores.terms
    if scale and terms and terms != scale:
        hit = scores.matched > 0
        bonus = (scores.matched[hit] - 1) / (terms - scale) ** 2
        scores.total[hit] = (scores.total[hit] + bonus) * ((terms - 1) / terms)
    return scores


def intersection(parts: Iterable[Scores], size: int) -> Scores:
    """Documents matching every part, scores summed."""
    result = Scores(size)
    every = np.ones(size, dtype=bool)
    for part in parts:
        result.merge(part)
        every &= part.matched > 0
    result.matched[~every] = 0
    return result


def top(scores: Scores, docs: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The count best (document, score) pairs among docs, best first; ties: lower number."""
    if count <= 0 or not len(docs):
        return []
    values = scores.total[docs]
    if len(docs) > count:
        keep = np.argpartition(-values, count - 1)[:count]
        docs, values = docs[keep], values[keep]
    order = np.lexsort((docs, -values))
    return [(int(docs[i]), float(values[i])) for i in order]


def count_codes(
    codes: np.ndarray, docs: np.ndarray, kinds: int, groups: np.ndarray | None = None
) -> np.ndarray:
    """How many of docs have each code (codes holds a small integer per document).

    With groups (a number per document, 0 for none), documents that share a group (a
    document and its translation) count once per code.
    """
    counts = np.bincount(codes[docs], minlength=kinds)
    if groups is None:
        return counts
    paired = docs[groups[docs] != 0]
    if len(paired) < 2:
        return counts
    once = np.unique(np.column_stack((codes[paired].astype(np.int64), groups[paired])), axis=0)
    return (
        counts
        - np.bincount(codes[paired], minlength=kinds)
        + np.bincount(once[:, 0], minlength=kinds)
    )


def distinct(codes: np.ndarray, docs: np.ndarray) -> int:
    """How many different codes docs have."""
    return len(np.unique(codes[docs]))


def count_groups(docs: np.ndarray, groups: np.ndarray) -> int:
    """How many of docs there are, those sharing a group (0 for none) counted once."""
    found = groups[docs]
    paired = found[found != 0]
    return int(len(docs) - len(paired) + len(np.unique(paired)))


class PostingsCache:
    """Recently read postings, bounded by their total number, shared by a process's threads.

    Decoding a term's postings from the index is a large part of a query's cost, and the
    words people search for repeat: "password", "refund", "wifi". Entries are two compact
    arrays (8 bytes a posting); the least recently used go first. Keys name the index
    segment, so postings of a segment that was merged away are never used again and age out.
    """

    def __init__(self, limit: int = 2_000_000) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key, ids: Sequence[int], weights: Sequence[float]):
        """Keep ids and weights under key; returns them as stored."""
        entry = (np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32))
        if len(entry[0]) > self.limit:
            return entry
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old[0])
            self._items[key] = entry
            self.size += len(entry[0])
            while self.size > self.limit:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped[0])
        return entry

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0
