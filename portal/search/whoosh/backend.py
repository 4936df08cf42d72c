"""The Whoosh search backend: an index in a directory, safe for several processes at once.

Schema and analysis are in `schema`, query parsing in `queries`, scoring in `scoring`,
spelling and suggestions in `spelling`; this module opens, writes and reads the index.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh import index, writing
from whoosh.query import NullQuery

from portal.search import ranking
from portal.search.documents import (
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from portal.search.interface import Ranked
from portal.search.whoosh import queries, spelling
from portal.search.whoosh.results import Results
from portal.search.whoosh.schema import FACETS, NO_GROUP, document_fields, make_schema
from portal.search.whoosh.scoring import Ranker, open_searcher


class IndexBusy(Exception):
    """Another process held the write lock for too long."""


class WhooshBackend:
    """Search over a Whoosh index in a directory; safe for several processes at once."""

    def __init__(
        self,
        path: str | Path,
        english: str = "snowball",
        filipino: str = "plain",
        lock_timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.english = english
        self.filipino = filipino
        self.lock_timeout = lock_timeout
        self.schema = make_schema(english, filipino)
        self._ix = None
        self._segments: dict = {}
        self._postings = ranking.PostingsCache()
        self._query_parser = None
        self._results = Results(self)
        self._local = threading.local()

    # Opening --------------------------------------------------------------------------

    def _index(self):
        if self._ix is None:
            self._ix = index.open_dir(str(self.path))
        return self._ix

    def created(self) -> bool:
        """True when the directory holds an index (readable or not)."""
        try:
            return index.exists_in(str(self.path))
        except OSError:
            # Another process committed and removed the table of contents just read.
            return any(self.path.glob("_MAIN_*.toc"))

    def exists(self) -> bool:
        """True when the directory holds an index that opens and reads, with every field."""
        try:
            if not index.exists_in(str(self.path)):
                return False
            ix = self._index()
            if set(self.schema.names()) - set(ix.schema.names()):
                # Written before a field was added: a rebuild fills it in.
                self._ix = None
                return False
            with ix.searcher() as searcher:
                searcher.doc_count()
                list(searcher.reader().iter_docs())[:1]
            return True
        except Exception:
            self._ix = None
            return False

    def doc_count(self) -> int:
        with self._index().searcher() as searcher:
            return searcher.doc_count()

    def reset(self) -> None:
        """Forget the open index, so the next use opens the directory again."""
        self._ix = None
        self._local = threading.local()

    def forget_postings(self) -> None:
        """Empty the cache of recently read postings (benchmarks measure without it)."""
        self._postings.clear()

    @contextmanager
    def _searcher(self):
        """This thread's searcher, kept between queries and refreshed when the index changed.

        Opening a searcher reads the segments' files again; reusing it saves that on every
        query. A failure drops it, so the next query starts from the directory afresh.
        """
        local = self._local
        ix = self._index()
        searcher = getattr(local, "searcher", None)
        try:
            if searcher is None or local.ix is not ix:
                if searcher is not None:
                    searcher.close()
                searcher = open_searcher(ix)
            elif not searcher.up_to_date():
                # A new searcher, not refresh(): that keeps segments merged away since.
                searcher.close()
                searcher = open_searcher(ix)
            local.searcher, local.ix = searcher, ix
            yield searcher
        except BaseException:
            local.searcher = None
            with suppress(Exception):
                searcher.close()
            raise

    # Writing --------------------------------------------------------------------------

    def _fields(self, doc: SearchDocument) -> dict:
        return document_fields(doc)

    def _writer(self):
        try:
            return self._index().writer(timeout=self.lock_timeout, delay=0.02)
        except index.LockError as exc:
            raise IndexBusy(str(self.path)) from exc

    def update(self, documents: Iterable[SearchDocument], remove: Iterable[str] = ()) -> None:
        """Add or replace documents and remove keys in one commit."""
        documents, remove = list(documents), list(remove)
        if not documents and not remove:
            return
        writer = self._writer()
        try:
            for key in remove:
                writer.delete_by_term("key", key)
            for doc in documents:
                writer.update_document(**self._fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def remove(self, keys: Iterable[str]) -> None:
        """Remove documents by key."""
        self.update((), keys)

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        progress: Callable[[int], None] | None = None,
        procs: int = 1,
    ) -> int:
        """Replace everything with documents; a broken or missing index is created afresh."""
        if not self.exists():
            self._ix = None
            if self.path.exists():
                shutil.rmtree(self.path)
            self.path.mkdir(parents=True, exist_ok=True)
            self._ix = index.create_in(str(self.path), self.schema)
        try:
            writer = self._index().writer(
                timeout=self.lock_timeout, delay=0.02, procs=procs, limitmb=256
            )
        except index.LockError as exc:
            raise IndexBusy(str(self.path)) from exc
        count = 0
        try:
            for doc in documents:
                writer.add_document(**self._fields(doc))
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=writing.CLEAR)
        return count

    def keys(self) -> set[str]:
        """The key of every live document."""
        with self._index().searcher() as searcher:
            return {fields["key"] for fields in searcher.reader().all_stored_fields()}

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.glob("*") if p.is_file())

    # Querying -------------------------------------------------------------------------

    def _parse(self, text: str, fuzzy: bool = False):
        if self._query_parser is None:
            self._query_parser = queries.make_parser(self.schema)
        return queries.parse(self._query_parser, text, fuzzy)

    def _analyzer(self, language: str):
        return self.schema[f"body_{'fil' if language == 'fil' else 'en'}"].analyzer

    def _matches(self, searcher, query: SearchQuery, parsed):
        """The ranker, scores of parsed, the visible matches, those within the chosen facets,
        and the facets' codes."""
        ranker = Ranker(searcher, self._segments, self._postings)
        scores = ranker.score(parsed)
        scores.hide(ranker.hidden(queries.mask(query.audiences)))
        visible = docs = scores.docs()
        codes = {name: ranker.codes(name) for name in FACETS}
        for name, value in self._chosen(query):
            column, values = codes[name]
            code = values.index(value) if value in values else -1
            docs = docs[column[docs] == code]
        return ranker, scores, visible, docs, codes

    def search(self, query: SearchQuery, depth: int = 0, always: bool = False) -> SearchResults:
        """The page of results for query, highlighted, with facet counts; a document and its
        translation count once. With depth, the best depth matches as `ranked` instead of
        the page when they are in more than one language, or always."""
        page = max(1, query.page)
        parsed = self._parse(query.text, fuzzy=query.fuzzy)
        if parsed is NullQuery:
            return SearchResults(page=page)
        with self._searcher() as searcher:
            ranker, scores, visible, docs, codes = self._matches(searcher, query, parsed)
            groups = ranker.numbers("group", NO_GROUP)
            # Facets count every match the visitor may see, whatever facet is chosen.
            facets = self._results.facets(searcher, codes, visible, query, groups)
            total = ranking.count_groups(docs, groups)
            pages = max(1, -(-total // query.per_page))
            if depth and (always or ranking.distinct(codes["language"][0], docs) > 1):
                ranked = self._ranked(searcher, ranking.top(scores, docs, depth))
                return SearchResults(
                    total=total, page=page, pages=pages, facets=facets, ranked=ranked
                )
            best = ranking.top(scores, docs, page * query.per_page)
            terms = queries.matched_terms(parsed, searcher)
            hits = [
                self._results.hit(searcher.stored_fields(doc), score, terms, query.locale)
                for doc, score in best[(page - 1) * query.per_page :]
            ]
        return SearchResults(hits=hits, total=total, page=page, pages=pages, facets=facets)

    def rank(self, query: SearchQuery, limit: int) -> list[Ranked]:
        """The keys of the best limit matches the visitor may see, best first."""
        parsed = self._parse(query.text, fuzzy=query.fuzzy)
        if parsed is NullQuery:
            return []
        with self._searcher() as searcher:
            _ranker, scores, _visible, docs, _codes = self._matches(searcher, query, parsed)
            return self._ranked(searcher, ranking.top(scores, docs, limit))

    @staticmethod
    def _ranked(searcher, best: list[tuple[int, float]]) -> list[Ranked]:
        """(document number, score) pairs as a ranking, with each one's stored translation."""
        found = []
        for number, score in best:
            stored = searcher.stored_fields(number)
            found.append(
                Ranked(
                    stored["key"],
                    score,
                    "",
                    stored.get("language", ""),
                    stored.get("translation", ""),
                    stored.get("translation_language", ""),
                )
            )
        return found

    def translations(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """key -> (key, language) of its translation as stored, for keys (None: every one)."""
        with self._searcher() as searcher:
            if keys is None:
                stored = list(searcher.reader().all_stored_fields())
            else:
                numbers = (searcher.document_number(key=key) for key in keys)
                stored = [searcher.stored_fields(n) for n in numbers if n is not None]
        return {
            fields["key"]: (fields["translation"], fields.get("translation_language", ""))
            for fields in stored
            if fields.get("translation")
        }

    def hits(self, query: SearchQuery, ranked: list[Ranked]) -> list[Hit]:
        """Results for keys ranked elsewhere, in that order, highlighted for query."""
        parsed = self._parse(query.text, fuzzy=query.fuzzy)
        with self._searcher() as searcher:
            terms = (
                {"en": set(), "fil": set()}
                if parsed is NullQuery
                else queries.matched_terms(parsed, searcher)
            )
            found = []
            for item in ranked:
                number = searcher.document_number(key=item.key)
                if number is not None:
                    stored = searcher.stored_fields(number)
                    found.append(
                        self._results.hit(stored, item.score, terms, query.locale, item.anchor)
                    )
            return found

    @staticmethod
    def _chosen(query: SearchQuery) -> list[tuple[str, str]]:
        return [
            (name, value)
            for name, value in (
                ("kind", query.kind),
                ("category", query.category),
                ("language", query.language),
            )
            if value
        ]

    # Spelling and suggestions ---------------------------------------------------------

    def correct(self, text: str) -> str | None:
        """The text with unknown words replaced by the closest indexed word, or None."""
        with self._searcher() as searcher:
            return spelling.correct(searcher, self._analyzer("en"), text)

    def suggest(
        self, text: str, locale: str, audiences: tuple[str, ...], limit: int = 6
    ) -> list[Suggestion]:
        """Titles whose words start with what is being typed."""
        with self._searcher() as searcher:
            return spelling.suggest(searcher, self._parse, text, audiences, limit)

    # The interface's names --------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument], remove: Iterable[str] = ()) -> None:
        """Add or replace documents and remove keys in one commit (as `update`)."""
        self.update(documents, remove)

    def check(self) -> bool:
        """True when the index is in place and readable (as `exists`)."""
        return self.exists()
