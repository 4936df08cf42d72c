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
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import highlight, index, sorting, writing
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser, OrGroup, PhrasePlugin, WhitespacePlugin
from whoosh.query import And, FuzzyTerm, NullQuery, Or, Phrase, Prefix, Term
from whoosh.support.charset import accent_map

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


class MarkFormatter(highlight.Formatter):
    """Escape the text, then wrap each match in <mark>: safe to show as HTML."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text, token, replace=False):
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"


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

    # Opening --------------------------------------------------------------------------

    def _index(self):
        if self._ix is None:
            self._ix = index.open_dir(str(self.path))
        return self._ix

    def created(self) -> bool:
        """True when the directory holds an index (readable or not)."""
        return index.exists_in(str(self.path))

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

    def _filter(self, query: SearchQuery):
        chosen = [
            Term(field, value)
            for field, value in (
                ("kind", query.kind),
                ("category", query.category),
                ("language", query.language),
            )
            if value
        ]
        return And(chosen) if chosen else None

    def _analyzer(self, language: str):
        return self.schema[f"body_{'fil' if language == 'fil' else 'en'}"].analyzer

    def search(self, query: SearchQuery) -> SearchResults:
        """The page of results for query, highlighted, with facet counts."""
        page = max(1, query.page)
        parsed = self._parse(query.text, fuzzy=query.fuzzy)
        if parsed is NullQuery:
            return SearchResults(page=page)
        mask = self._mask(query.audiences)
        with self._index().searcher() as searcher:
            results = searcher.search(
                parsed, filter=self._filter(query), mask=mask, limit=page * query.per_page
            )
            # One unscored pass over every match counts the facets and the total.
            everything = searcher.search(
                parsed,
                mask=mask,
                limit=None,
                scored=False,
                groupedby={n: sorting.FieldFacet(n, maptype=sorting.Count) for n in FACETS},
            )
            facets = self._facets(searcher, everything, query)
            total = self._total(query, everything, results)
            pages = max(1, -(-total // query.per_page))
            terms = self._terms(parsed, searcher)
            hits = [
                self._hit(hit, terms, query.locale)
                for hit in results[(page - 1) * query.per_page : page * query.per_page]
            ]
        return SearchResults(hits=hits, total=total, page=page, pages=pages, facets=facets)

    def _total(self, query: SearchQuery, everything, results) -> int:
        """How many documents match, from the facet counts where possible (counting is slow)."""
        chosen = [
            (name, value)
            for name, value in (
                ("kind", query.kind),
                ("category", query.category),
                ("language", query.language),
            )
            if value
        ]
        if not chosen:
            return everything.scored_length() if everything.has_exact_length() else len(everything)
        if len(chosen) == 1:
            name, value = chosen[0]
            return everything.groups(name).get(value, 0)
        return len(results)

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

    def _facets(self, searcher, everything, query: SearchQuery) -> dict[str, list[Facet]]:
        grouped = everything
        facets = {}
        for name in FACETS:
            counts = grouped.groups(name)
            items = []
            for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
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

    def _hit(self, hit, terms: dict[str, set[str]], locale: str) -> Hit:
        stored = hit.fields()
        lang = "fil" if stored.get("language") == "fil" else "en"
        words, analyzer = terms[lang], self._analyzer(lang)
        title = stored.get("title", "")
        title_html = self._highlight(title, words, analyzer, whole=True) or html.escape(title)
        anchor, section_title, text = best_section(stored.get("sections") or [], words)
        summary = stored.get("summary") or ""
        snippet = (
            self._highlight(text[:MAX_HIGHLIGHT], words, analyzer)
            or self._highlight(summary, words, analyzer, whole=True)
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
            score=hit.score or 0.0,
        )

    def _highlight(self, text: str, words: set[str], analyzer, whole: bool = False) -> str:
        if not text or not words:
            return ""
        fragmenter = (
            highlight.WholeFragmenter()
            if whole
            else highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
        )
        try:
            return highlight.highlight(
                text, frozenset(words), analyzer, fragmenter, MarkFormatter(), top=2
            )
        except Exception:
            return ""

    # Spelling and suggestions ---------------------------------------------------------

    def correct(self, text: str) -> str | None:
        """The text with unknown words replaced by the closest indexed word, or None."""
        text = clean_query(text)
        changed = False
        out = []
        with self._index().searcher() as searcher:
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
        with self._index().searcher() as searcher:
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
