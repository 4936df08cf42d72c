"""Results of the Whoosh backend: hits with highlights and section links, and facet counts."""

from __future__ import annotations

import html

from portal.search import ranking
from portal.search.documents import Facet, Hit, SearchQuery
from portal.search.text import best_section, highlight
from portal.search.whoosh.schema import FACETS

SNIPPET_CHARS = 220
MAX_HIGHLIGHT = 5000


class Results:
    """Builds hits and facets for one backend, caching labels and analysed words."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self._labels: tuple[int | None, dict] = (None, {})
        self._word_terms: dict[str, dict[str, frozenset[str]]] = {}

    def facets(
        self, searcher, codes: dict, docs, query: SearchQuery, groups=None
    ) -> dict[str, list[Facet]]:
        """Counts of each facet value among docs, with labels in the visitor's language.

        With groups, a document and its translation count once under a value they share.
        """
        facets = {}
        for name in FACETS:
            column, values = codes[name]
            counts = ranking.count_codes(column, docs, len(values), groups)
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
        generation = self.backend._index().latest_generation()
        if self._labels[0] != generation:
            self._labels = (generation, {})
        cache = self._labels[1]
        if value not in cache:
            stored = searcher.document(category=value) or {}
            cache[value] = stored.get("category_labels") or {}
        return cache[value]

    def hit(
        self, stored: dict, score: float, terms: dict[str, set[str]], locale: str, anchor=""
    ) -> Hit:
        """A result from a document's stored fields; anchor names a section found elsewhere."""
        lang = "fil" if stored.get("language") == "fil" else "en"
        words = terms[lang]
        title = stored.get("title", "")
        title_html = self._highlight(title, words, lang, whole=True) or html.escape(title)
        sections = stored.get("sections") or []
        found, section_title, text = best_section(sections, words)
        if not found and anchor:
            # The section matched in meaning (dense retrieval), not in words.
            chosen = next((s for s in sections if s[0] == anchor), None)
            if chosen:
                found, section_title, text = chosen
        anchor = found
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
                found = terms[word] = frozenset(t.text for t in self.backend._analyzer(lang)(word))
            return not found.isdisjoint(words)

        return highlight(text, matches, whole=whole, maxchars=SNIPPET_CHARS, surround=80)

    def _terms_of(self, lang: str) -> dict[str, frozenset[str]]:
        """Words as written, to the index terms they become: analysed once, then looked up."""
        return self._word_terms.setdefault(lang, {})
