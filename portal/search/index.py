"""The Whoosh search backend: the only module that imports whoosh.

Schema, analysis, opening the index, writes, queries, highlights and spelling live here,
behind the `SearchBackend` interface of `portal.search.documents`.

Analysis (measured with `bench/search_relevance.py`, see README "Search performance"):
English text goes into `*_en` fields stemmed by Snowball (`LanguageAnalyzer("en")`-style), which
keeps "resetting" -> "reset" where the Porter-based `StemmingAnalyzer` gives "resett".
Filipino text goes into `*_fil` fields that fold case and accents and drop particles but do
not stem, so an English stemmer never mangles Filipino words. A query is matched against both.
"""

from __future__ import annotations

import html
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np
from whoosh import index, writing
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.matching import FilterMatcher
from whoosh.qparser import MultifieldParser, OrGroup, PhrasePlugin, WhitespacePlugin
from whoosh.query import And, FuzzyTerm, NullQuery, Or, Phrase, Prefix, Term
from whoosh.support.charset import accent_map
from whoosh.util.numeric import byte_to_length, length_to_byte

from portal.search import ranking
from portal.search.documents import (
    Facet,
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from portal.search.text import (
    ENGLISH_STOP_WORDS,
    FILIPINO_STOP_WORDS,
    best_section,
    clean_query,
    highlight,
)

FIELDS = ("title", "headings", "body")
BOOSTS = {"title": 4.0, "headings": 2.0, "body": 1.0}
FACETS = ("kind", "category", "language")
AUDIENCES = ("public", "staff")
SNIPPET_CHARS = 220
MAX_HIGHLIGHT = 5000


class IndexBusy(Exception):
    """Another process held the write lock for too long."""


def english_analyzer(stemmer: str = "snowball"):
    """Lower-case, accent-folded, stop words dropped, stemmed."""
    if stemmer == "porter":
        return StemmingAnalyzer() | CharsetFilter(accent_map)
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(lang="en", renumber=False)
        | StemFilter(lang="en", cachesize=100000)
    )


def filipino_analyzer():
    """Lower-case, accent-folded, particles dropped, never stemmed."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=FILIPINO_STOP_WORDS, minsize=2, renumber=False)
    )


def plain_analyzer():
    """Lower-case and accent-folded words as written: for spelling and prefixes."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema(english: str = "snowball", filipino: str = "plain") -> Schema:
    """The index schema; english is "snowball" or "porter", filipino "plain" or "english"."""
    en = english_analyzer(english)
    fil = filipino_analyzer() if filipino == "plain" else english_analyzer(english)
    plain = plain_analyzer()
    fields = {
        "key": ID(unique=True, stored=True),
        # Facet fields are sortable: a column per field makes counting them cheap.
        "kind": ID(stored=True, sortable=True),
        "ref": ID(stored=True),
        "language": ID(stored=True, sortable=True),
        "category": ID(stored=True, sortable=True),
        "audience": ID,
        "spell": TEXT(analyzer=plain, phrase=False),
        "complete": TEXT(analyzer=plain, phrase=False),
        "title": STORED,
        "url": STORED,
        "summary": STORED,
        "sections": STORED,
        "category_labels": STORED,
        "updated": DATETIME(stored=True),
    }
    for name in FIELDS:
        fields[f"{name}_en"] = TEXT(analyzer=en)
        fields[f"{name}_fil"] = TEXT(analyzer=fil)
    return Schema(**fields)


class _Ranker:
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
        live = {_segment_key(reader) for reader, _ in self.leaves}
        for key in [k for k in list(cache) if k not in live]:
            cache.pop(key, None)

    def _segment(self, reader) -> dict:
        return self.cache.setdefault(_segment_key(reader), {})

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
            key = (_segment_key(reader), field, text)
            found = self.postings.get(key)
            if found is None:
                found = self.postings.put(key, *_postings(reader.postings(field, text)))
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


def _open_searcher(ix, attempts: int = 3):
    """A searcher on the latest commit, even while other processes commit."""
    for _ in range(attempts - 1):
        with suppress(FileNotFoundError):
            # Another process may commit and remove the files just listed: read again.
            return ix.searcher()
    return ix.searcher()


def _segment_key(reader) -> str:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else str(id(reader))


def _postings(matcher) -> tuple[Sequence[int], Sequence[float]]:
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
        self._query_parser: MultifieldParser | None = None
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
                searcher = _open_searcher(ix)
            elif not searcher.up_to_date():
                # A new searcher, not refresh(): that keeps segments merged away since.
                searcher.close()
                searcher = _open_searcher(ix)
            local.searcher, local.ix = searcher, ix
            yield searcher
        except BaseException:
            local.searcher = None
            with suppress(Exception):
                searcher.close()
            raise

    # Writing --------------------------------------------------------------------------

    def _fields(self, doc: SearchDocument) -> dict:
        fields = self._stored_fields(doc)
        if doc.boost != 1.0:
            fields["_boost"] = doc.boost
        return fields

    def _stored_fields(self, doc: SearchDocument) -> dict:
        lang = "fil" if doc.language == "fil" else "en"
        intro = " ".join(s.text for s in doc.sections if not s.anchor)
        rest = " ".join(f"{s.title} {s.text}" for s in doc.sections if s.anchor)
        headings = " ".join(s.title for s in doc.sections if s.anchor)
        tags = " ".join(t.replace("-", " ") for t in doc.tags)
        body = f"{doc.summary} {intro} {rest}"
        return {
            "key": doc.key,
            "kind": doc.kind,
            "ref": str(doc.id),
            "language": doc.language,
            "category": doc.category,
            "audience": doc.audience,
            f"title_{lang}": doc.title,
            f"headings_{lang}": f"{headings} {tags}",
            f"body_{lang}": body,
            "spell": f"{doc.title} {tags} {body}",
            "complete": f"{doc.title} {headings} {tags}",
            "title": doc.title,
            "url": doc.url,
            "summary": doc.summary,
            "sections": [(s.anchor, s.title, s.text) for s in doc.sections],
            "category_labels": dict(doc.category_labels),
            "updated": doc.updated,
        }

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

    def _parser(self) -> MultifieldParser:
        if self._query_parser is None:
            self._query_parser = self._make_parser()
        return self._query_parser

    def _make_parser(self) -> MultifieldParser:
        names = [f"{f}_{lang}" for f in FIELDS for lang in ("en", "fil")]
        boosts = {name: BOOSTS[name.rsplit("_", 1)[0]] for name in names}
        parser = MultifieldParser(
            names, self.schema, fieldboosts=boosts, group=OrGroup.factory(0.9), plugins=[]
        )
        # Only words and "quoted phrases": no fields, wildcards, ranges or operators, so
        # nothing a visitor types is syntax that can fail.
        parser.replace_plugin(WhitespacePlugin())
        parser.add_plugin(PhrasePlugin())
        return parser

    def _parse(self, text: str, fuzzy: bool = False):
        text = clean_query(text)
        if not text:
            return NullQuery
        try:
            query = self._parser().parse(text)
        except Exception:
            query = self._parser().parse(re.sub(r"[^\w\s]", " ", text))
        if fuzzy:
            query = self._fuzzy(query)
        return query

    def _fuzzy(self, query):
        """Every single term also matches words one or two edits away."""

        def widen(q):
            if isinstance(q, Term) and len(q.text) >= 4:
                distance = 1 if len(q.text) < 7 else 2
                return FuzzyTerm(
                    q.fieldname, q.text, boost=q.boost * 0.8, maxdist=distance, prefixlength=1
                )
            return q if q.is_leaf() or isinstance(q, Phrase) else q.apply(widen)

        return widen(query)

    def _mask(self, audiences: tuple[str, ...]):
        """Documents the visitor may not see. A mask, not a filter: it costs only for those."""
        hidden = [Term("audience", a) for a in AUDIENCES if a not in audiences]
        return Or(hidden) if hidden else None

    def _analyzer(self, language: str):
        return self.schema[f"body_{'fil' if language == 'fil' else 'en'}"].analyzer

    def search(self, query: SearchQuery) -> SearchResults:
        """The page of results for query, highlighted, with facet counts."""
        page = max(1, query.page)
        parsed = self._parse(query.text, fuzzy=query.fuzzy)
        if parsed is NullQuery:
            return SearchResults(page=page)
        with self._searcher() as searcher:
            ranker = _Ranker(searcher, self._segments, self._postings)
            scores = ranker.score(parsed)
            scores.hide(ranker.hidden(self._mask(query.audiences)))
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
            terms = self._terms(parsed, searcher)
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

    def _terms(self, parsed, searcher) -> dict[str, set[str]]:
        """The index words the query matched, per language, for highlighting."""
        found: dict[str, set[str]] = {"en": set(), "fil": set()}
        reader = searcher.reader()
        leaves = [parsed] if parsed.is_leaf() else list(parsed.leaves())
        for leaf in leaves:
            field = getattr(leaf, "fieldname", None) or ""
            lang = field.rsplit("_", 1)[-1]
            if lang not in found:
                continue
            if isinstance(leaf, FuzzyTerm):
                texts = leaf._btexts(reader)
            elif isinstance(leaf, Phrase):
                texts = leaf.words
            else:
                texts = [leaf.text]
            for text in texts:
                found[lang].add(text.decode("utf-8") if isinstance(text, bytes) else text)
        return found

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
        text = clean_query(text)
        changed = False
        out = []
        with self._searcher() as searcher:
            reader = searcher.reader()
            for match in re.finditer(r"\w+", text):
                word = match.group(0)
                folded = next((t.text for t in plain_analyzer()(word)), word.lower())
                replacement = folded
                if len(folded) >= 4 and not folded.isdigit() and not self._known(reader, folded):
                    found = searcher.suggest(
                        "spell", folded, limit=1, maxdist=1 if len(folded) < 6 else 2, prefix=1
                    )
                    if found and found[0] != folded:
                        replacement, changed = found[0], True
                out.append(replacement)
        return " ".join(out) if changed else None

    def _known(self, reader, word: str) -> bool:
        if reader.doc_frequency("spell", word):
            return True
        stems = [t.text for t in self._analyzer("en")(word)]
        return any(reader.doc_frequency("body_en", s) for s in stems)

    def suggest(
        self, text: str, locale: str, audiences: tuple[str, ...], limit: int = 6
    ) -> list[Suggestion]:
        """Titles whose words start with what is being typed."""
        text = clean_query(text, 100)
        words = [t.text for t in plain_analyzer()(text)]
        if not words:
            return []
        mask = self._mask(audiences)
        *earlier, last = words
        stop = ENGLISH_STOP_WORDS | FILIPINO_STOP_WORDS
        with self._searcher() as searcher:
            reader = searcher.reader()
            required = [
                Term("complete", w)
                for w in earlier
                if w not in stop and reader.doc_frequency("complete", w)
            ]
            tail = Prefix("complete", last) if len(last) >= 2 else Term("complete", last)
            results = searcher.search(And([*required, tail]), mask=mask, limit=limit)
            if results.is_empty():
                parsed = self._parse(text)
                if parsed is NullQuery:
                    return []
                results = searcher.search(parsed, mask=mask, limit=limit)
            return [
                Suggestion(title=hit["title"], url=hit["url"], kind=hit["kind"]) for hit in results
            ]
