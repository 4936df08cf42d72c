"""The Whoosh index's fields and how each language's text is analysed.

Analysis (measured with `bench/search_relevance.py`, see README "Search performance"):
English text goes into `*_en` fields stemmed by Snowball (`LanguageAnalyzer("en")`-style), which
keeps "resetting" -> "reset" where the Porter-based `StemmingAnalyzer` gives "resett".
Filipino text goes into `*_fil` fields that fold case and accents and drop particles but do
not stem, so an English stemmer never mangles Filipino words. A query is matched against both.
"""

from __future__ import annotations

import hashlib

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from portal.search.documents import SearchDocument
from portal.search.text import FILIPINO_STOP_WORDS

FIELDS = ("title", "headings", "body", "text")
# Which fields a query searches, and their weights. "text" is the whole document in one
# field, so BM25 saturates a word's count across title and body together.
BOOSTS = {"text": 1.0, "title": 0.3, "headings": 0.0, "body": 0.0}
FACETS = ("kind", "category", "language")
AUDIENCES = ("public", "staff")
# The "group" column of a document without a translation.
NO_GROUP = 0


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
        "translation": STORED,
        "translation_language": STORED,
        # A number shared by a document and its translation (a column, so that counting
        # results with each translated answer once costs an array operation).
        "group": NUMERIC(bits=64, signed=True, sortable=True),
    }
    for name in FIELDS:
        fields[f"{name}_en"] = TEXT(analyzer=en)
        fields[f"{name}_fil"] = TEXT(analyzer=fil)
    return Schema(**fields)


def document_fields(doc: SearchDocument) -> dict:
    """The fields a document is indexed and stored with."""
    lang = "fil" if doc.language == "fil" else "en"
    intro = " ".join(s.text for s in doc.sections if not s.anchor)
    rest = " ".join(f"{s.title} {s.text}" for s in doc.sections if s.anchor)
    headings = " ".join(s.title for s in doc.sections if s.anchor)
    tags = " ".join(t.replace("-", " ") for t in doc.tags)
    body = f"{doc.summary} {intro} {rest}"
    fields = {
        "key": doc.key,
        "kind": doc.kind,
        "ref": str(doc.id),
        "language": doc.language,
        "category": doc.category,
        "audience": doc.audience,
        f"title_{lang}": doc.title,
        f"headings_{lang}": f"{headings} {tags}",
        f"body_{lang}": body,
        f"text_{lang}": f"{doc.title} {headings} {tags} {body}",
        "spell": f"{doc.title} {tags} {body}",
        "complete": f"{doc.title} {headings} {tags}",
        "title": doc.title,
        "url": doc.url,
        "summary": doc.summary,
        "sections": [(s.anchor, s.title, s.text) for s in doc.sections],
        "category_labels": dict(doc.category_labels),
        "updated": doc.updated,
        "translation": doc.translation,
        "translation_language": doc.translation_language,
        "group": group_number(doc.group) if doc.translation else NO_GROUP,
    }
    if doc.boost != 1.0:
        fields["_boost"] = doc.boost
    return fields


def group_number(group: str) -> int:
    """A positive 63-bit number for a translation group's key (never NO_GROUP)."""
    digest = hashlib.blake2b(group.encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 1) or 1
