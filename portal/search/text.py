"""Plain-text helpers of search that need no engine: stop words, query cleaning, sections."""

from __future__ import annotations

import re

# Particles, question words and affixes that carry no meaning on their own once "i-reset"
# splits at the hyphen (as "how" and "what" are English stop words).
FILIPINO_STOP_WORDS = frozenset({
    "ang", "ng", "mga", "sa", "na", "at", "ay", "si", "ni", "kay", "ko", "mo", "ka", "ako",
    "ikaw", "siya", "kami", "tayo", "kayo", "sila", "ito", "iyan", "iyon", "yan", "yun", "po",
    "ho", "ba", "nang", "kung", "para", "lang", "din", "rin", "pa", "naman", "mag", "nag",
    "pag", "ma", "ipa", "kapag", "paano", "ano", "saan", "nasaan", "kailan", "bakit", "alin",
    "sino",
})  # fmt: skip
ENGLISH_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "that", "the", "this", "to",
    "was", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
})  # fmt: skip


def clean_query(text: str, limit: int = 200) -> str:
    """Query text without control characters, cut to a sane length."""
    text = "".join(ch if ch.isprintable() else " " for ch in text[: limit * 2])
    return re.sub(r"\s+", " ", text).strip()[:limit]


def best_section(sections: list, words: set[str]) -> tuple[str, str, str]:
    """The section where most of the query's words occur (the intro wins ties)."""
    if not sections:
        return "", "", ""
    # Stems are (nearly always) the start of the words they come from, so a substring
    # test is a cheap stand-in for analysing every section of every hit.
    best, best_score = sections[0], 0
    for section in sections:
        _anchor, title, text = section
        lowered, heading = text.lower(), title.lower()
        score = sum(2 if word in heading else 1 for word in words if word in lowered)
        score += sum(2 for word in words if word in heading and word not in lowered)
        if score > best_score:
            best, best_score = section, score
    anchor, title, text = best
    if best_score <= 0:
        anchor, title = "", ""
    return anchor, title, text
