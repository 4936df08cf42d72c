"""Retrieval for every place that suggests an answer: lexical, dense, or both fused.

The lexical backend ranks by words, the dense index by meaning; `fusion.fuse` merges the
two. Without a working embedding model everything here is lexical, as before.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from portal.search import backends, fusion, writer
from portal.search.dense import dense_index
from portal.search.documents import Hit, SearchQuery, SearchResults
from portal.search.embedding import Embedder, embedder, for_language
from portal.search.interface import Ranked

log = logging.getLogger(__name__)

# How deep each list goes before fusion, and how many meaning-only matches may join.
DEPTH = 100
DENSE_DEPTH = 30
# How deep the dense list goes for fusion: enough documents for its z-scores to mean something.
FUSION_DEPTH = 100
# A question longer than this many words is cut: bounds the work any query can cause.
MAX_TERMS = 32


def bounded(text: str) -> str:
    """The query cut to MAX_TERMS words (quotes kept balanced)."""
    words = text.split()
    if len(words) > MAX_TERMS:
        text = " ".join(words[:MAX_TERMS])
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return re.sub(r"\s+", " ", text).strip()


def nearest(query: SearchQuery, language: str, depth: int) -> tuple[Embedder | None, list[Ranked]]:
    """The model that answers query's language, and its nearest documents (unfiltered)."""
    found = embedder()
    if found is None:
        return None, []
    model = for_language(found, language)
    writer.write_behind()  # this worker also embeds what others noted
    try:
        return model, dense_index(model.name).rank(model, query, depth)
    except Exception:
        log.exception("dense retrieval failed; answering with words only")
        return None, []


def admission(model: Embedder, found: list[Ranked]) -> float:
    """The lowest similarity that counts as a match: near the best, and above the model's floor.

    A question about nothing in the corpus should find nothing, not the least distant hundred.
    """
    best = found[0].score if found else 1.0
    return max(model.floor, best - model.spread)


def dense_ranking(query: SearchQuery, depth: int = DENSE_DEPTH, language: str = "") -> list[Ranked]:
    """Documents close in meaning to the query; [] when dense retrieval is off or broken."""
    language = language or fusion.language_of(query.text, query.locale)
    model, found = nearest(query, language, depth)
    if model is None or not found:
        return []
    floor = admission(model, found)
    return [item for item in found if item.score >= floor]


def one_per_translation(ranked: list[Ranked], language: str) -> list[Ranked]:
    """The ranking with each translated answer once, where its best version ranked.

    The version shown is the one in the asker's language when there is one: an English
    question finds "Track your order" even when its Filipino translation matched first.
    Which documents translate each other is stored in the index with each document; only
    documents found by meaning alone are looked up there.
    """
    if not language or len(ranked) < 2:
        return ranked
    unknown = [item.key for item in ranked if item.translation is None]
    stored = backends.ready_backend().translations(unknown) if unknown else {}
    by_key = {item.key: item for item in ranked}
    shown: set[str] = set()
    result = []
    for item in ranked:
        if item.key in shown:
            continue
        if item.translation is None:
            other, other_language = stored.get(item.key, ("", ""))
        else:
            other, other_language = item.translation, item.translation_language
        if other:
            shown.add(other)
            if item.language != language and other_language == language:
                twin = by_key.get(other)
                item = Ranked(
                    other,
                    item.score,
                    twin.anchor if twin else "",
                    other_language,
                    item.key,
                    item.language,
                )
        shown.add(item.key)
        result.append(item)
    return result


def ranking(query: SearchQuery, mode: str = "fused") -> list[Ranked]:
    """The documents for query in rank order by mode "lexical", "dense" or "fused".

    Unless the query asks for one language, a translated answer comes once, in the asker's.
    """
    query = replace(query, text=bounded(query.text))
    if not query.text:
        return []
    language = fusion.language_of(query.text, query.locale)
    lexical = [] if mode == "dense" else backends.ready_backend().rank(query, DEPTH)
    found = _ranking(query, mode, language, lexical)
    return found if query.language else one_per_translation(found, language)


def _ranking(query: SearchQuery, mode: str, language: str, lexical: list[Ranked]) -> list[Ranked]:
    if mode == "lexical":
        return lexical
    if mode == "dense":
        return dense_ranking(query, language=language)
    model, dense = nearest(query, language, FUSION_DEPTH)
    if model is None or not dense:
        return fusion.prefer_language(lexical, language)
    return fusion.fuse(query.text, lexical, dense, language, model.weight, admission(model, dense))


def retrieve(query: SearchQuery) -> SearchResults:
    """A page of fused results with facets (words alone, the asker's language first, when
    there is no model), each translated answer once.

    The words are searched once: the backend answers with its own page when the matches are
    in one language, else (or with a model, for fusion) with its best matches to order here.
    """
    query = replace(query, text=bounded(query.text))
    backend = backends.ready_backend()
    if not query.text:
        return backend.search(query)
    page = max(1, query.page)
    # Deep enough that folding translations (two documents, one result) still fills the page.
    depth = max(DEPTH, 2 * page * query.per_page)
    words_only = embedder() is None
    words = backend.search(query, depth, always=not words_only)
    if words_only and not words.ranked:
        return words
    language = fusion.language_of(query.text, query.locale)
    if words_only:
        ranked = fusion.prefer_language(words.ranked, language)
    else:
        ranked = _ranking(query, "fused", language, words.ranked)
    if not query.language:
        ranked = one_per_translation(ranked, language)
    # Words alone: the backend counted every match, translations once, as they show here.
    total = words.total if words_only else len(ranked)
    start = (page - 1) * query.per_page
    return SearchResults(
        hits=backend.hits(query, ranked[start : start + query.per_page]),
        total=total,
        page=page,
        pages=max(1, -(-total // query.per_page)),
        facets=words.facets,
    )


def hits_for(query: SearchQuery, ranked: list[Ranked]) -> list[Hit]:
    """Results (title, URL with section, snippet) for a ranking."""
    return backends.ready_backend().hits(query, ranked)


def similar(key: str, limit: int, kind: str = "") -> list[Ranked]:
    """Documents closest in meaning to a stored one; [] without a model or its vector.

    With a pair of models, the one that answers questions in the document's language.
    """
    found = embedder()
    if found is None:
        return []
    try:
        first = dense_index(for_language(found, "en").name)
        language = first.language_of(key)
        return dense_index(for_language(found, language).name).neighbours(key, limit, kind)
    except Exception:
        log.exception("similar documents could not be found")
        return []
