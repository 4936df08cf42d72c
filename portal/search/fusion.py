"""Fusion of rankings: the one place where lexical and dense results are merged.

Reciprocal rank fusion (each list adds 1 / (K + rank)) needs no calibration between BM25
scores and cosine similarities. Two adjustments keep exact words exact and languages right:

- A question made of exact words (a quoted phrase, an error code, a plan or product name in
  capitals or with digits) trusts the lexical ranking more, and a lexical first result that
  scores far above the second keeps its lead.
- Documents in the asker's language rank above others of the same merit, so a Filipino
  question finds the Filipino article first and the English one where no translation exists.
"""

from __future__ import annotations

import re

from portal.search.interface import Ranked

K = 60
# Weights of the lists: lexical counts for more when the question is made of exact words,
# dense for more when it is a sentence in the asker's own words (ties go to meaning).
LEXICAL, DENSE = 1.0, 1.0
EXACT_LEXICAL = 3.0
SENTENCE_DENSE = 1.5
SENTENCE_WORDS = 4
# A lexical first result this many times the second's score keeps first place.
LEAD = 1.6
LANGUAGE_BONUS = 1.3

_EXACT = re.compile(r'"[^"]+"|\b\w*\d\w*\b|\b[A-Z]{2,}\w*\b')
# Words that mark a question as Filipino (particles and question words, not shared with English).
_FILIPINO = frozenset({
    "ang", "ng", "mga", "sa", "ko", "mo", "po", "paano", "ano", "bakit", "hindi", "nang",
    "naman", "lang", "yung", "kung", "ako", "ito", "saan", "kailan", "ayaw", "gusto", "pano",
    "wala", "walang", "nawala", "ba", "siya", "namin", "natin", "niya", "kasi",
})  # fmt: skip


def exact_words(text: str) -> bool:
    """True when the question holds a quoted phrase, a code or a name in capitals."""
    return bool(_EXACT.search(text))


def language_of(text: str, fallback: str = "") -> str:
    """ "fil" when the question reads as Filipino, "en" when English, else fallback."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return fallback
    if any(word in _FILIPINO for word in words):
        return "fil"
    return "en" if fallback != "fil" or len(words) > 2 else fallback


def fuse(text: str, lexical: list[Ranked], dense: list[Ranked], language: str = "") -> list[Ranked]:
    """One ranking from the lexical and dense ones, best first."""
    if not dense:
        return lexical
    exact = exact_words(text)
    lexical_weight = EXACT_LEXICAL if exact else LEXICAL
    sentence = not exact and len(text.split()) >= SENTENCE_WORDS
    dense_weight = SENTENCE_DENSE if sentence else DENSE
    scores: dict[str, float] = {}
    meaning = {item.key: rank for rank, item in enumerate(dense)}
    anchors: dict[str, str] = {}
    languages: dict[str, str] = {}
    for weight, ranking in ((lexical_weight, lexical), (dense_weight, dense)):
        for rank, item in enumerate(ranking, start=1):
            scores[item.key] = scores.get(item.key, 0.0) + weight / (K + rank)
            if item.anchor and not anchors.get(item.key):
                anchors[item.key] = item.anchor
            languages.setdefault(item.key, item.language)
    if language:
        for key in scores:
            if languages.get(key) == language:
                scores[key] *= LANGUAGE_BONUS
    order = sorted(scores, key=lambda key: (-scores[key], meaning.get(key, len(dense))))
    if exact and lexical:
        strong = len(lexical) == 1 or lexical[0].score >= LEAD * lexical[1].score
        leader = lexical[0].key
        if strong and (not language or languages.get(leader) in (language, "")):
            order.remove(leader)
            order.insert(0, leader)
    return [Ranked(key, scores[key], anchors.get(key, ""), languages.get(key, "")) for key in order]
