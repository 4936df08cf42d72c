"""Turning what a visitor typed into a Whoosh query, and reading back the words it matched."""

from __future__ import annotations

import re

from whoosh.qparser import MultifieldParser, OrGroup, PhrasePlugin, WhitespacePlugin
from whoosh.query import FuzzyTerm, NullQuery, Or, Phrase, Term

from portal.search.text import clean_query
from portal.search.whoosh.schema import AUDIENCES, BOOSTS, FIELDS


def make_parser(schema) -> MultifieldParser:
    """A parser over every language's title, headings and body fields."""
    names = [f"{f}_{lang}" for f in FIELDS for lang in ("en", "fil") if BOOSTS[f]]
    boosts = {name: BOOSTS[name.rsplit("_", 1)[0]] for name in names}
    parser = MultifieldParser(
        names, schema, fieldboosts=boosts, group=OrGroup.factory(0.9), plugins=[]
    )
    # Only words and "quoted phrases": no fields, wildcards, ranges or operators, so
    # nothing a visitor types is syntax that can fail.
    parser.replace_plugin(WhitespacePlugin())
    parser.add_plugin(PhrasePlugin())
    return parser


def parse(parser: MultifieldParser, text: str, fuzzy: bool = False):
    """The query for text; NullQuery when nothing searchable is left."""
    text = clean_query(text)
    if not text:
        return NullQuery
    try:
        query = parser.parse(text)
    except Exception:
        query = parser.parse(re.sub(r"[^\w\s]", " ", text))
    if fuzzy:
        query = widen(query)
    return query


def widen(query):
    """Every single term also matches words one or two edits away."""

    def fuzzy(q):
        if isinstance(q, Term) and len(q.text) >= 4:
            distance = 1 if len(q.text) < 7 else 2
            return FuzzyTerm(
                q.fieldname, q.text, boost=q.boost * 0.8, maxdist=distance, prefixlength=1
            )
        return q if q.is_leaf() or isinstance(q, Phrase) else q.apply(fuzzy)

    return fuzzy(query)


def mask(audiences: tuple[str, ...]):
    """Documents the visitor may not see. A mask, not a filter: it costs only for those."""
    hidden = [Term("audience", a) for a in AUDIENCES if a not in audiences]
    return Or(hidden) if hidden else None


def matched_terms(parsed, searcher) -> dict[str, set[str]]:
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
