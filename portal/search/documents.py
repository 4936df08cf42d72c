"""What the search backend stores and answers, independent of the engine behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

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

    @property
    def key(self) -> str:
        return document_key(self.kind, self.id)


def document_key(kind: str, ident: int | str) -> str:
    """The unique key of a document in the index: "article:12"."""
    return f"{kind}:{ident}"


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
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)


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
