"""The rankings the relevance bench compares: the portal's own, and a plain BM25 baseline.

Each retriever answers a question with a list of result ids, best first: an article's slug
for `/kb/<slug>`, the address itself for anything else (a tutorial step, a forum thread), so
such a result takes a place in the ranking without ever matching an expected article.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bench.relevance.sets import DEPTH

Retriever = Callable[[str, str], list[str]]

TOKEN = re.compile(r"\w+")


def result_id(url: str) -> str:
    """The slug of an article's address (sections and query strings dropped)."""
    base = url.partition("#")[0].partition("?")[0]
    return base[len("/kb/") :] if base.startswith("/kb/") else base


def _unique(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return [i for i in ids if not (i in seen or seen.add(i))]


def portal_rankers() -> dict[str, tuple[Retriever | None, str]]:
    """The portal's lexical, dense and fused rankings; each with why it is missing, if it is.

    `portal.search.api.rank` serves all three where it exists; before it, the lexical column
    is the visitor's search (`portal.search.services.search`) and the others are missing.
    """
    try:
        from portal.search import api
    except ImportError:
        api = None
    if api is None or not hasattr(api, "rank"):
        reason = "the portal has no dense retrieval (no portal.search.api.rank)"
        return {"lexical": (visitor_search(), ""), "dense": (None, reason), "fused": (None, reason)}

    def ranking(mode: str) -> Retriever:
        def run(text: str, lang: str) -> list[str]:
            found = api.rank(text, language=lang, mode=mode, limit=DEPTH * 2)
            return _unique([result_id(doc.url) for doc in found])[:DEPTH]

        return run

    return {mode: (ranking(mode), "") for mode in ("lexical", "dense", "fused")}


def visitor_search() -> Retriever:
    """The portal's search as a visitor gets it (`portal.search.services.search`)."""
    from portal.search import services
    from portal.search.documents import SearchQuery

    def run(text: str, lang: str) -> list[str]:
        outcome = services.search(SearchQuery(text=text, per_page=DEPTH * 2, locale=lang))
        return _unique([result_id(hit.url) for hit in outcome.results.hits])[:DEPTH]

    return run


def document_text(doc) -> str:
    """All the words of a search document: title, summary, tags, headings and sections."""
    parts = [doc.title, doc.summary, " ".join(doc.tags)]
    parts += [f"{s.title} {s.text}" for s in doc.sections]
    return " ".join(p for p in parts if p)


def plain_tokens(text: str) -> list[str]:
    """Lower-cased words: no stemming, no stop words."""
    return TOKEN.findall(text.lower())


def plain_bm25(documents: list, tokens: Callable[[str], list[str]] = plain_tokens) -> Retriever:
    """Okapi BM25 (rank-bm25, k1 1.5, b 0.75) over whole documents, one text field each."""
    try:
        from rank_bm25 import BM25Okapi
    except ImportError as exc:
        raise ImportError("rank-bm25 is missing: pip install -e '.[bench]'") from exc
    ids = [result_id(doc.url) for doc in documents]
    model = BM25Okapi([tokens(document_text(doc)) or [""] for doc in documents])

    def run(text: str, lang: str) -> list[str]:
        words = tokens(text)
        if not words:
            return []
        scores = model.get_scores(words)
        order = sorted(range(len(ids)), key=lambda i: (-scores[i], i))
        return _unique([ids[i] for i in order if scores[i] > 0])[:DEPTH]

    return run
