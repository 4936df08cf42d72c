"""The written-down interface of search: what an engine and a dense retriever implement.

`SearchBackend` is a lexical engine over `SearchDocument`s (Whoosh today, `search/postgresql/`
next). `Retriever` is any ranking of document keys for a question (the lexical backend, the
dense embeddings); `portal.search.fusion` merges retrievers' rankings, and is the only place
that does. Features never call either directly: they call `portal.search.api`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from portal.search.documents import Hit, SearchDocument, SearchQuery, SearchResults, Suggestion


@dataclass(frozen=True)
class Ranked:
    """One document key in a ranking, with the score that put it there (higher is better)."""

    key: str
    score: float
    # The section anchor that matched best ("" for the whole document).
    anchor: str = ""
    language: str = ""
    # The key and language of its translation as the index stores it: "" without one, None
    # when this ranking does not know (dense retrieval keeps no links).
    translation: str | None = None
    translation_language: str = ""


class SearchBackend(Protocol):
    """What the portal needs from a search engine; Whoosh is the default implementation."""

    def index(self, documents: Iterable[SearchDocument], remove: Iterable[str] = ()) -> None:
        """Add or replace documents and remove keys, as one write."""

    def remove(self, keys: Iterable[str]) -> None:
        """Remove documents by key."""

    def search(self, query: SearchQuery, depth: int = 0, always: bool = False) -> SearchResults:
        """Find documents, highlighted and faceted; a document and its translation count once.

        With depth, the best depth matches come back as `ranked`, in place of the page's
        hits, when their order is not the engine's to settle: the matches are in more than
        one language (the asker's comes first, and one version of each translation shows),
        or with always. One pass over the index either way.
        """

    def rank(self, query: SearchQuery, limit: int) -> list[Ranked]:
        """Up to limit keys the visitor may see that match query's filters, best first."""

    def hits(self, query: SearchQuery, ranked: list[Ranked]) -> list[Hit]:
        """Results for keys ranked elsewhere, in that order, highlighted for query."""

    def translations(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """key -> (key, language) of its translation, as stored, for keys (None: all)."""

    def suggest(
        self, text: str, locale: str, audiences: tuple[str, ...], limit: int = 6
    ) -> list[Suggestion]:
        """Titles matching what has been typed so far."""

    def correct(self, text: str) -> str | None:
        """The query with misspelled words replaced, or None when nothing looks misspelled."""

    def rebuild(
        self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Replace the whole index with documents; returns how many were indexed."""

    def check(self) -> bool:
        """True when an index is in place and readable."""

    def keys(self) -> set[str]:
        """Every document key in the index."""


class Retriever(Protocol):
    """A ranking of document keys for a question, best first (lexical or dense)."""

    def rank(self, query: SearchQuery, limit: int) -> list[Ranked]:
        """Up to limit keys the visitor may see that match query's filters, best first."""
