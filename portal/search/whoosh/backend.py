"""The Whoosh search backend: an index in a directory, safe for several processes at once.

Schema and analysis are in `schema`, query parsing in `queries`, scoring in `scoring`,
spelling and suggestions in `spelling`; this module opens, writes and reads the index.
"""

from __future__ import annotations

import html
import shutil
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh import index, writing
from whoosh.query import NullQuery

from portal.search import ranking
from portal.search.documents import (
    Facet,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from portal.search.text import best_section, highlight
from portal.search.whoosh import queries, spelling
from portal.search.whoosh.schema import FACETS, document_fields, make_schema
from portal.search.whoosh.scoring import Ranker, open_searcher

SNIPPET_CHARS = 220
MAX_HIGHLIGHT = 5000


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
        self._labels: tuple[int | None, dict] = (None, {})
        self._segments: dict = {}
        self._postings = ranking.PostingsCache()
        self._word_terms: dict[str, dict[str, frozenset[str]]] = {}
        self._query_parser = None
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
        """True when the directory holds an index that opens and reads."""
        try:
            if not index.exists_in(str(self.path)):
                return False
            with self._index().searcher() as searcher:
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

    def search(self, query: SearchQuery) -> SearchResults:
        """The page of results for query, highlighted, with facet counts."""
        page = max(1, query.page)
        parsed = self._parse(query.text, fuzzy=query.fuzzy)
        if parsed is NullQuery:
            return SearchResults(page=page)
        with self._searcher() as searcher:
            ranker = Ranker(searcher, self._segments, self._postings)
            scores = ranker.score(parsed)
            scores.hide(ranker.hidden(queries.mask(query.audiences)))
            docs = scores.docs()
            # Facets count every match the visitor may see, whatever facet is chosen.
            codes = {name: ranker.codes(name) for name in FACETS}
            facets = self._facets(searcher, codes, docs, query)
            for name, value in self._chosen(query):
                column, values = codes[name]
                code = values.index(value) if value in values else -1
                docs = docs[column[docs] == code]
            total = len(docs)
            pages = max(1, -(-total // query.per_page))
            best = ranking.top(scores, docs, page * query.per_page)
            terms = queries.matched_terms(parsed, searcher)
            hits = [
                self._hit(searcher.stored_fields(doc), score, terms, query.locale)
                for doc, score in best[(page - 1) * query.per_page :]
            ]
        return SearchResults(hits=hits, total=total, page=page, pages=pages, facets=facets)

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

    def _facets(self, searcher, codes: dict, docs, query: SearchQuery) -> dict[str, list[Facet]]:
        facets = {}
        for name in FACETS:
            column, values = codes[name]
            counts = ranking.count_codes(column, docs, len(values))
            found = [(values[n], int(c)) for n, c in enumerate(counts) if c]
            items = []
            for value, count in sorted(found, key=lambda kv: (-kv[1], str(kv[0]))):
                if value in (None, ""):
                    continue
                label = value
                if name == "category":
                    labels = self._category_labels(searcher, value)
                    label = labels.get(query.locale) or labels.get("en") or value
                items.append(Facet(value=value, label=label, count=count))
            facets[name] = items
        return facets

    def _category_labels(self, searcher, value: str) -> dict:
        """A category's names, looked up once per index generation."""
        generation = self._index().latest_generation()
        if self._labels[0] != generation:
            self._labels = (generation, {})
        cache = self._labels[1]
        if value not in cache:
            stored = searcher.document(category=value) or {}
            cache[value] = stored.get("category_labels") or {}
        return cache[value]

    def _hit(self, stored: dict, score: float, terms: dict[str, set[str]], locale: str) -> Hit:
        lang = "fil" if stored.get("language") == "fil" else "en"
        words = terms[lang]
        title = stored.get("title", "")
        title_html = self._highlight(title, words, lang, whole=True) or html.escape(title)
        anchor, section_title, text = best_section(stored.get("sections") or [], words)
        summary = stored.get("summary") or ""
        snippet = (
            self._highlight(text[:MAX_HIGHLIGHT], words, lang)
            or self._highlight(summary, words, lang, whole=True)
            or html.escape((summary or text)[:SNIPPET_CHARS])
        )
        url = stored.get("url", "/")
        labels = stored.get("category_labels") or {}
        return Hit(
            key=stored["key"],
            kind=stored.get("kind", ""),
            title=title,
            title_html=title_html,
            snippet_html=snippet,
            url=f"{url}#{anchor}" if anchor else url,
            section=section_title,
            language=stored.get("language", ""),
            category=stored.get("category", ""),
            category_label=labels.get(locale) or labels.get("en") or "",
            score=score,
        )

    def _highlight(self, text: str, words: set[str], lang: str, whole: bool = False) -> str:
        if not text or not words:
            return ""
        terms = self._terms_of(lang)

        def matches(word: str) -> bool:
            found = terms.get(word)
            if found is None:
                if len(terms) > 50_000:
                    terms.clear()
                found = terms[word] = frozenset(t.text for t in self._analyzer(lang)(word))
            return not found.isdisjoint(words)

        return highlight(text, matches, whole=whole, maxchars=SNIPPET_CHARS, surround=80)

    def _terms_of(self, lang: str) -> dict[str, frozenset[str]]:
        """Words as written, to the index terms they become: analysed once, then looked up."""
        return self._word_terms.setdefault(lang, {})

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
