"""Spelling corrections and search-as-you-type suggestions from the Whoosh index."""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.query import And, NullQuery, Prefix, Term

from portal.search.documents import Suggestion
from portal.search.text import ENGLISH_STOP_WORDS, FILIPINO_STOP_WORDS, clean_query
from portal.search.whoosh import queries
from portal.search.whoosh.schema import plain_analyzer


def correct(searcher, english, text: str) -> str | None:
    """The text with unknown words replaced by the closest indexed word, or None."""
    text = clean_query(text)
    changed = False
    out = []
    reader = searcher.reader()
    for match in re.finditer(r"\w+", text):
        word = match.group(0)
        folded = next((t.text for t in plain_analyzer()(word)), word.lower())
        replacement = folded
        if len(folded) >= 4 and not folded.isdigit() and not _known(reader, english, folded):
            found = searcher.suggest(
                "spell", folded, limit=1, maxdist=1 if len(folded) < 6 else 2, prefix=1
            )
            if found and found[0] != folded:
                replacement, changed = found[0], True
        out.append(replacement)
    return " ".join(out) if changed else None


def _known(reader, english, word: str) -> bool:
    if reader.doc_frequency("spell", word):
        return True
    stems = [t.text for t in english(word)]
    return any(reader.doc_frequency("body_en", s) for s in stems)


def suggest(
    searcher, parse: Callable, text: str, audiences: tuple[str, ...], limit: int = 6
) -> list[Suggestion]:
    """Titles whose words start with what is being typed; else the best matches."""
    text = clean_query(text, 100)
    words = [t.text for t in plain_analyzer()(text)]
    if not words:
        return []
    mask = queries.mask(audiences)
    *earlier, last = words
    stop = ENGLISH_STOP_WORDS | FILIPINO_STOP_WORDS
    reader = searcher.reader()
    required = [
        Term("complete", w)
        for w in earlier
        if w not in stop and reader.doc_frequency("complete", w)
    ]
    tail = Prefix("complete", last) if len(last) >= 2 else Term("complete", last)
    results = searcher.search(And([*required, tail]), mask=mask, limit=limit)
    if results.is_empty():
        parsed = parse(text)
        if parsed is NullQuery:
            return []
        results = searcher.search(parsed, mask=mask, limit=limit)
    return [Suggestion(title=hit["title"], url=hit["url"], kind=hit["kind"]) for hit in results]
