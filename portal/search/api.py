"""The public search API that other features (and the benches) call; kept stable.

Every place that suggests an answer goes through these functions, so each gets the same
retrieval: lexical (the index backend) and dense (sentence embeddings), fused in one place.
"""

from __future__ import annotations

from portal.search import retrieval, services
from portal.search.documents import RankedDocument, SearchQuery, Suggestion
from portal.search.services import SearchOutcome

MODES = ("lexical", "dense", "fused")
__all__ = [
    "MODES",
    "RankedDocument",
    "answers_for",
    "rank",
    "related",
    "search",
    "similar_keys",
    "suggest",
]


def search(query: SearchQuery) -> SearchOutcome:
    """The /search results page's outcome: hits, facets, spelling, fuzzy retry."""
    return services.search(query)


def suggest(text: str, locale: str, user, limit: int = 6) -> list[Suggestion]:
    """Search-as-you-type: title matches for a fragment, answers for a whole question."""
    return services.suggest(text, locale, user, limit)


def answers_for(text: str, locale: str, user, limit: int = 5) -> list[dict]:
    """Best answers for a question typed elsewhere ({"title", "url", "kind"} each)."""
    return services.answers_for(text, locale, user, limit)


def rank(
    text: str, language: str = "", mode: str = "fused", limit: int = 10, kind: str = ""
) -> list[RankedDocument]:
    """Public documents for text in rank order, by mode "lexical", "dense" or "fused"."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    query = SearchQuery(
        text=services.normalise(text), kind=kind, locale=language or "en", per_page=limit
    )
    return services.ranked(query, mode)


def related(title: str, key: str, locale: str, user, limit: int = 5) -> list[dict]:
    """Answers related to a page (its title as the question), the page itself left out."""
    found = services.answers_for(title, locale, user, limit + 1)
    return [a for a in found if a.get("key") != key][:limit]


def similar_keys(key: str, limit: int = 5, kind: str = "") -> list[str]:
    """Keys of public documents closest in meaning to the document key ("article:12").

    Read from stored vectors, never embedded per request; [] when dense retrieval is off.
    """
    return [item.key for item in retrieval.similar(key, limit, kind)]
