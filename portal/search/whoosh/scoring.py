"""Scoring a parsed query from whole postings lists (see `portal.search.ranking`).

This reads Whoosh's per-segment length columns and posting blocks directly: a query over
100,000 documents then costs a few array operations per term instead of a Python loop per
posting. Anything the fast path does not know falls back to Whoosh's own matchers.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher
from whoosh.query import And, FuzzyTerm, NullQuery, Or, Term
from whoosh.util.numeric import byte_to_length, length_to_byte

from portal.search import ranking


class Ranker:
    """Scores a parsed query from whole postings lists (see `portal.search.ranking`).

    Field lengths and facet values are read once per segment and kept in `cache`: a segment
    never changes once written, only which of its documents are deleted.
    """

    def __init__(self, searcher, cache: dict, postings: ranking.PostingsCache) -> None:
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.cache = cache
        self.postings = postings
        live = {segment_key(reader) for reader, _ in self.leaves}
        for key in [k for k in list(cache) if k not in live]:
            cache.pop(key, None)

    def _segment(self, reader) -> dict:
        return self.cache.setdefault(segment_key(reader), {})

    def _lengths(self, reader, field: str) -> np.ndarray:
        """One length byte per document of the segment for field."""
        store = self._segment(reader)
        key = ("length", field)
        if key not in store:
            count = reader.doc_count_all()
            try:
                column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                raw = bytes(column.load()) if column is not None else b""
            except AttributeError:  # another codec: ask document by document
                raw = bytes(
                    length_to_byte(reader.doc_field_length(d, field, 0) or 0) for d in range(count)
                )
            raw += bytes(max(0, count - len(raw)))
            store[key] = np.frombuffer(raw, dtype=np.uint8)
        return store[key]

    def codes(self, name: str) -> tuple[np.ndarray, list]:
        """A small integer per document for a sortable field's value, and the values."""
        index_of: dict = {}
        parts = []
        for reader, _ in self.leaves:
            store = self._segment(reader)
            key = ("codes", name)
            if key not in store:
                found = list(reader.column_reader(name)) if reader.has_column(name) else []
                found += [None] * (reader.doc_count_all() - len(found))
                local = sorted(set(found), key=str)
                position = {value: n for n, value in enumerate(local)}
                store[key] = (np.array([position[v] for v in found], dtype=np.int32), local)
            local_codes, local = store[key]
            remap = np.array([index_of.setdefault(v, len(index_of)) for v in local], dtype=np.int32)
            parts.append(remap[local_codes] if len(local_codes) else local_codes)
        values = list(index_of)
        codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        return codes, values

    def numbers(self, name: str, missing: int = 0) -> np.ndarray:
        """A sortable numeric field's value per document (missing where a segment lacks it)."""
        parts = []
        for reader, _ in self.leaves:
            store = self._segment(reader)
            key = ("numbers", name)
            if key not in store:
                count = reader.doc_count_all()
                found = list(reader.column_reader(name)) if reader.has_column(name) else []
                found += [missing] * (count - len(found))
                store[key] = np.array(found, dtype=np.int64)
            parts.append(store[key])
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def hidden(self, mask) -> list[int]:
        """Deleted documents and those matching mask."""
        hidden: list[int] = []
        for reader, offset in self.leaves:
            if reader.has_deletions():
                hidden.extend(d + offset for d in reader.segment().deleted_docs())
        if mask is not None:
            hidden.extend(int(d) for d in self.score(mask).docs())
        return hidden

    def score(self, query) -> ranking.Scores:
        """Scores of every document for a parsed query."""
        if isinstance(query, Term):
            return self._term(query.fieldname, query.text, query.boost)
        if isinstance(query, FuzzyTerm):
            reader = self.searcher.reader()
            expanded = query.expanded_terms(reader)
            parts = (self._term(field, text, query.boost) for field, text in expanded)
            return ranking.union(parts, self.size, None)
        if isinstance(query, Or):
            result = ranking.Scores(self.size)
            for sub in query.subqueries:
                if isinstance(sub, Term):  # the common case: added in place
                    self._term(sub.fieldname, sub.text, sub.boost, into=result)
                else:
                    result.merge(self.score(sub))
            return ranking.coordinate(result, query.scale)
        if isinstance(query, And):
            return ranking.intersection((self.score(q) for q in query.subqueries), self.size)
        if query is NullQuery:
            return ranking.Scores(self.size)
        return self._generic(query)

    def _term(self, field: str, text, boost: float, into=None) -> ranking.Scores:
        """A term's scores, added to into when given."""
        searcher = self.searcher
        if isinstance(text, bytes):
            text = searcher.schema[field].from_bytes(text)
        scores = into if into is not None else ranking.Scores(self.size)
        if not searcher.reader().doc_frequency(field, text):
            return scores
        scores.terms += 1
        idf = searcher.idf(field, text)
        norms = ranking.length_norms(searcher.avg_field_length(field), byte_to_length)
        for reader, offset in self.leaves:
            if (field, text) not in reader:
                continue
            key = (segment_key(reader), field, text)
            found = self.postings.get(key)
            if found is None:
                found = self.postings.put(key, *postings(reader.postings(field, text)))
            ids, weights = found
            lengths = self._lengths(reader, field)[ids]
            scores.add(ids + offset, ranking.term_scores(weights, lengths, idf, boost, norms))
        return scores

    def _generic(self, query) -> ranking.Scores:
        """Any other query (a phrase, say) through its own matcher, a document at a time."""
        scores = ranking.Scores(self.size, terms=1)
        docs, values = [], []
        for sub, offset in self.searcher.leaf_searchers():
            matcher = query.matcher(sub, sub.context())
            while matcher.is_active():
                docs.append(matcher.id() + offset)
                values.append(matcher.score())
                matcher.next()
        scores.add(docs, values)
        return scores


def open_searcher(ix, attempts: int = 3):
    """A searcher on the latest commit, even while other processes commit."""
    for _ in range(attempts - 1):
        with suppress(FileNotFoundError):
            # Another process may commit and remove the files just listed: read again.
            return ix.searcher()
    return ix.searcher()


def segment_key(reader) -> str:
    """A name for the segment a reader reads, stable while the segment lives."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else str(id(reader))


def postings(matcher) -> tuple[Sequence[int], Sequence[float]]:
    """A term's document numbers and weights, a block at a time where the format allows."""
    if isinstance(matcher, FilterMatcher):  # deletions are removed by the caller
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        ids: list[int] = []
        weights: list[float] = []
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return ids, weights
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights
