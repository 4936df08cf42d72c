"""What the search backend stores and answers, independent of the engine behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.search.interface import Ranked

KINDS = ("article", "tutorial", "thread")
PUBLIC = "public"


@dataclass
class Section:
    """A part of a document under one heading; anchor is its id in the page ("" for the intro)."""

    anchor: str
    title: str
    text: str


@dataclass
class SearchDocument:
    """One searchable thing: an article, a tutorial step, a forum thread."""

    kind: str
    id: int | str
    title: str
    url: str
    sections: list[Section] = field(default_factory=list)
    summary: str = ""
    language: str = "en"
    category: str = ""
    # The category's name in each language, e.g. {"en": "Billing", "fil": "Bayad"}.
    category_labels: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    updated: datetime | None = None
    # Who may find it: "public" for everyone, or a role such as "staff".
    audience: str = PUBLIC
    # Ranking weight against other matches (a solved thread outranks an unsolved one).
    boost: float = 1.0
    # The key and language of its published translation ("" without one): results show
    # each translated answer once, and no search reads the database to find out.
    translation: str = ""
    translation_language: str = ""

    @property
    def key(self) -> str:
        return document_key(self.kind, self.id)

    @property
    def group(self) -> str:
        """The key it shares with its translation (its own key without one)."""
        return translation_group(self.key, self.translation)


def document_key(kind: str, ident: int | str) -> str:
    """The unique key of a document in the index: "article:12"."""
    return f"{kind}:{ident}"


def translation_group(key: str, translation: str) -> str:
    """The key a document and its translation share: the lesser of the two."""
    return min(key, translation) if translation else key


@dataclass
class SearchQuery:
    """A visitor's search: the text as typed plus filters and the page wanted."""

    text: str
    kind: str = ""
    category: str = ""
    language: str = ""
    page: int = 1
    per_page: int = 10
    locale: str = "en"
    audiences: tuple[str, ...] = (PUBLIC,)
    fuzzy: bool = False


@dataclass
class Hit:
    """One result, with title and snippet as safe HTML (text escaped, matches in <mark>)."""

    key: str
    kind: str
    title: str
    title_html: str
    snippet_html: str
    url: str
    section: str
    language: str
    category: str
    category_label: str
    score: float = 0.0


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    # How many results, a document and its translation counted once (as they are shown);
    # facet counts are counted the same way.
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    # The best matches in rank order, when asked for in place of the page's hits.
    ranked: list[Ranked] = field(default_factory=list)


@dataclass
class Suggestion:
    title: str
    url: str
    kind: str


@dataclass(frozen=True)
class RankedDocument:
    """One document in a ranking: its index key and URL (with the section's anchor)."""

    key: str
    url: str
    title: str
    kind: str
    language: str
    score: float
