"""Plain-text helpers of search that need no engine: stop words, query cleaning, sections."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

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


# The index's tokenizer: words, with dots inside them kept ("v2.1", "e.g").
WORD = re.compile(r"\w+(?:\.?\w+)*")


def highlight(
    text: str,
    matches: Callable[[str], bool],
    whole: bool = False,
    maxchars: int = 220,
    surround: int = 80,
    top: int = 2,
) -> str:
    """Text escaped as HTML with the words that match in <mark>; "" when none match.

    whole keeps all of the text; otherwise up to top fragments of about maxchars, each
    the matches with surround characters of context, in reading order joined by " … ".
    """
    spans = [m.span() for m in WORD.finditer(text) if matches(m.group())]
    if not spans:
        return ""
    if whole:
        return _marked(text, spans, 0, len(text))
    fragments: list[list] = []  # [start, end, spans]
    for start, end in spans:
        current = fragments[-1] if fragments else None
        if current and end + surround - current[0] <= maxchars:
            current[1] = end
            current[2].append((start, end))
        else:
            fragments.append([max(0, start - surround), end, [(start, end)]])
    chosen = sorted(fragments, key=lambda f: -len(f[2]))[:top]
    parts = []
    for start, end, inside in sorted(chosen, key=lambda f: f[0]):
        end = min(len(text), end + surround)
        # Never cut a word in two at either end.
        if start > 0 and text[start - 1].isalnum():
            gap = re.search(r"\W", text[start : inside[0][0]])
            start = start + gap.end() if gap else inside[0][0]
        if end < len(text) and text[end].isalnum():
            last = inside[-1][1]
            cut = max(text.rfind(" ", last, end), last)
            end = cut
        parts.append(_marked(text, inside, start, end).strip())
    return " … ".join(parts)


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, position = [], start
    for first, last in spans:
        out.append(html.escape(text[position:first]))
        out.append(f"<mark>{html.escape(text[first:last])}</mark>")
        position = last
    out.append(html.escape(text[position:end]))
    return "".join(out)
