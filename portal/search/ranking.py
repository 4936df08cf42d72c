"""Scoring arithmetic for search: BM25F over postings read a block at a time.

The index module reads each query term's postings (document numbers and term weights) and
the field lengths from the index; this module turns them into scores, combines the terms of
a query the way an OR query with a coordination bonus does, and picks the top results and
facet counts. It has no index of its own and nothing here knows about the storage format.

The formulas are those of the index's default BM25F weighting, so results rank as before;
only the way of getting there changed: whole lists of postings summed in dictionaries
instead of a tree of matchers advanced one document at a time.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence

K1 = 1.2
B = 0.75


class Scores:
    """Scores per document number, with how many query terms matched each document."""

    __slots__ = ("matched", "scores", "terms")

    def __init__(self, scores: dict[int, float] | None = None, terms: int = 0) -> None:
        self.scores: dict[int, float] = scores if scores is not None else {}
        self.matched: dict[int, int] | None = None  # None: every document matched once
        self.terms = terms

    def matches(self, doc: int) -> int:
        return 1 if self.matched is None else self.matched[doc]


def length_table(idf: float, boost: float, avg_length: float, to_length: Callable[[int], int]):
    """For a term: its weight factor and the length norm per stored length byte."""
    avg_length = avg_length or 1.0
    factor = idf * boost * (K1 + 1)
    norms = [K1 * ((1 - B) + B * (to_length(b) or 1) / avg_length) for b in range(256)]
    return factor, norms


def score_postings(
    out: dict[int, float],
    ids: Sequence[int],
    weights: Sequence[float],
    lengths: bytes | Sequence[int],
    factor: float,
    norms: Sequence[float],
    offset: int = 0,
) -> None:
    """Add BM25 scores for one term's postings in one segment to out."""
    if offset:
        for doc, weight in zip(ids, weights, strict=False):
            out[doc + offset] = factor * weight / (weight + norms[lengths[doc]])
    else:
        for doc, weight in zip(ids, weights, strict=False):
            out[doc] = factor * weight / (weight + norms[lengths[doc]])


def union(parts: Iterable[Scores], scale: float | None) -> Scores:
    """Documents matching any part, scores summed; with scale, a coordination bonus.

    The bonus is the "short query ranking" of the OR query with a scale factor: documents
    that match more of the query's terms rank higher than one matching a single term often.
    """
    parts = [p for p in parts if p.scores]
    terms = sum(p.terms for p in parts)
    if not parts:
        return Scores(terms=terms)
    if len(parts) == 1 and not scale:
        return parts[0]
    parts.sort(key=lambda p: len(p.scores), reverse=True)
    total = dict(parts[0].scores)
    matched: Counter[int] | dict[int, int]
    if parts[0].matched is None:
        matched = Counter(dict.fromkeys(total, 1))
    else:
        matched = Counter(parts[0].matched)
    for part in parts[1:]:
        get = total.get
        for doc, score in part.scores.items():
            total[doc] = get(doc, 0.0) + score
        if part.matched is None:
            matched.update(part.scores.keys())
        else:
            matched.update(part.matched)
    result = Scores(total, terms)
    result.matched = matched
    if scale and terms and terms != scale:
        result.scores = coordinate(total, matched, terms, scale)
    return result


def coordinate(
    scores: dict[int, float], matched: dict[int, int], terms: int, scale: float
) -> dict[int, float]:
    """Apply the coordination bonus for documents matching several of terms."""
    spread = (terms - scale) ** 2
    keep = (terms - 1) / terms
    return {doc: (score + (matched[doc] - 1) / spread) * keep for doc, score in scores.items()}


def intersection(parts: Iterable[Scores]) -> Scores:
    """Documents matching every part, scores summed."""
    parts = sorted(parts, key=lambda p: len(p.scores))
    terms = sum(p.terms for p in parts)
    if not parts or not parts[0].scores:
        return Scores(terms=terms)
    total = dict(parts[0].scores)
    for part in parts[1:]:
        other = part.scores
        total = {doc: score + other[doc] for doc, score in total.items() if doc in other}
    return Scores(total, terms)


def top(scores: dict[int, float], count: int) -> list[tuple[int, float]]:
    """The count best (document, score) pairs, best first; ties go to the older document."""
    best = heapq.nlargest(count, scores, key=scores.__getitem__)
    return sorted(((doc, scores[doc]) for doc in best), key=lambda item: (-item[1], item[0]))


def count_values(docs: Iterable[int], values: Sequence) -> Counter:
    """How many of docs have each value (values holds one value per document number)."""
    return Counter(map(values.__getitem__, docs))


class PostingsCache:
    """Recently read postings, bounded by their total number, shared by a process's threads.

    Decoding a term's postings from the index is most of a query's cost, and the words people
    search for repeat: "password", "refund", "wifi". Each entry is kept as two compact arrays
    (8 bytes a posting); the least recently used go first. Keys name the index segment, so
    postings of a segment that was merged away are never used again and age out.
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
        entry = (array("I", ids), array("f", weights))
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
