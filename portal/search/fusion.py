"""Fusion of rankings: the one place where lexical and dense results are merged.

Each ranking's scores become z-scores (how far above that question's typical result a
document stands), and the two are added with the weight the answering model earned on the
development questions (`Embedder.weight`: meaning counts 0.8 with the English model, 0.5 with
the multilingual one, whose Filipino is weaker). A ranking that finds one clear answer thus
outweighs one that finds none, which rank-only fusion cannot tell apart. A document missing
from one ranking gets that ranking's lowest score. Three adjustments:

- A question made of exact words (a quoted phrase, an error code, a plan or product name in
  capitals or with digits) trusts the words more, and a lexical first result that scores far
  above the second keeps its lead.
- Meaning alone may add a document only when it is close enough to the question (the
  model's floor): a question about nothing in the corpus finds nothing.
- Documents in the asker's language rank above others of the same merit, so a Filipino
  question finds the Filipino article first and the English one where no translation exists.
"""

from __future__ import annotations

import re
from statistics import fmean, pstdev

from portal.search.interface import Ranked

# The weight of meaning when the question is made of exact words.
EXACT_DENSE = 0.3
# A lexical first result this many times the second's score keeps first place.
LEAD = 1.6
# Added (in z-score units) to documents in the asker's language.
LANGUAGE_BONUS = 0.6

_EXACT = re.compile(r'"[^"]+"|\b\w*\d\w*\b|\b[A-Z]{2,}\w*\b')
# Words that mark a question as Filipino: particles, pronouns, question words and everyday
# words that English does not share. Taglish questions carry English nouns and verbs, so
# these, not the content words, tell the languages apart.
_FILIPINO = frozenset({
    "ang", "ng", "mga", "sa", "ko", "mo", "po", "paano", "ano", "bakit", "hindi", "nang",
    "naman", "lang", "yung", "kung", "ako", "ito", "saan", "kailan", "ayaw", "gusto", "pano",
    "wala", "walang", "nawala", "ba", "siya", "namin", "natin", "niya", "kasi",
    "magkano", "ilan", "ilang", "nasaan", "sino", "alin", "nito", "niyo", "nyo", "ninyo",
    "kayo", "kami", "tayo", "sila", "ikaw", "ka", "din", "rin", "daw", "raw", "nga", "pa",
    "na", "meron", "mayroon", "pero", "kapag", "pag", "tapos", "dahil", "ayoko", "pwede",
    "puwede", "kailangan", "talaga", "sana", "yun", "iyon", "iyong", "yong", "dito", "doon",
    "diyan", "ngayon", "kanina", "bago", "araw", "gabi", "lahat", "nung", "noong", "paki",
    "salamat", "di", "si", "kay", "nila", "amin", "atin", "inyo", "ayun", "eh",
})  # fmt: skip
# A Filipino affix joined by a hyphen to a borrowed word: "i-reset", "na-charge", "mag-load".
_AFFIXED = re.compile(r"\b(?:i|na|nag|mag|ma|pa|ipa|maka|naka|nakaka|pina|ka|ika|pinaka)-[a-z]")
# Words that mark a question as English (none of them is a Filipino word).
_ENGLISH = frozenset({
    "the", "is", "are", "my", "how", "what", "why", "where", "when", "which", "who", "do",
    "does", "did", "can", "could", "should", "would", "i", "you", "it", "to", "of", "in",
    "on", "for", "with", "and", "not", "a", "an", "this", "that", "from", "keeps", "won",
    "don", "doesn", "isn", "there", "your", "me", "we", "our", "have", "has", "get", "will",
    "but", "if", "or", "was", "were", "be", "been", "again", "after", "any", "some",
})  # fmt: skip


def exact_words(text: str) -> bool:
    """True when the question holds a quoted phrase, a code or a name in capitals."""
    return bool(_EXACT.search(text))


def language_of(text: str, fallback: str = "") -> str:
    """ "fil" when the question reads as Filipino, "en" when English, else fallback.

    Filipino words (or a Filipino affix on a borrowed word) make a question Filipino, since
    Taglish mixes in English words; English function words without them make it English;
    a question with neither (names, product words) is in the reader's language.
    """
    lowered = text.lower()
    words = re.findall(r"\w+", lowered)
    if not words:
        return fallback
    if any(word in _FILIPINO for word in words) or _AFFIXED.search(lowered):
        return "fil"
    if any(word in _ENGLISH for word in words):
        return "en"
    return fallback or "en"


def _z_scores(ranking: list[Ranked], among: set[str], missing: float | None) -> dict[str, float]:
    """The z-score of each candidate's best score in ranking.

    A candidate the ranking lacks scores missing (a word ranking gives 0 to a document without
    the words), or the ranking's lowest score when missing is None (a dense ranking is cut).
    """
    best: dict[str, float] = {}
    for item in ranking:
        best.setdefault(item.key, item.score)
    if not best:
        return dict.fromkeys(among, 0.0)
    low = min(best.values()) if missing is None else missing
    values = [best.get(key, low) for key in among]
    mean, spread = fmean(values), pstdev(values) or 1.0
    return {key: (best.get(key, low) - mean) / spread for key in among}


def prefer_language(ranking: list[Ranked], language: str) -> list[Ranked]:
    """A ranking with documents in the asker's language raised as fusion raises them."""
    if not language or len({item.language for item in ranking}) < 2:
        return ranking
    z = _z_scores(ranking, {item.key for item in ranking}, None)
    scores = {
        item.key: z[item.key] + (LANGUAGE_BONUS if item.language == language else 0.0)
        for item in ranking
    }
    return sorted(ranking, key=lambda item: -scores[item.key])


def fuse(
    text: str,
    lexical: list[Ranked],
    dense: list[Ranked],
    language: str = "",
    weight: float = 0.5,
    admit: float = float("-inf"),
) -> list[Ranked]:
    """One ranking from the lexical and dense ones, best first.

    weight: how much meaning counts (0 to 1); admit: the lowest similarity at which a document
    that only the dense ranking found may join.
    """
    if not dense:
        return prefer_language(lexical, language)
    exact = exact_words(text)
    meaning_weight = min(weight, EXACT_DENSE) if exact else weight
    anchors: dict[str, str] = {}
    languages: dict[str, str] = {}
    similarity: dict[str, float] = {}
    for item in dense:
        similarity.setdefault(item.key, item.score)
    # Translations as the index stores them; the dense ranking does not know them.
    links: dict[str, tuple[str | None, str]] = {}
    for item in (*lexical, *dense):
        if item.anchor and not anchors.get(item.key):
            anchors[item.key] = item.anchor
        languages.setdefault(item.key, item.language)
        if item.translation is not None:
            links.setdefault(item.key, (item.translation, item.translation_language))
    candidates = {item.key for item in lexical}
    candidates |= {key for key, score in similarity.items() if score >= admit}
    everything = candidates | set(similarity)
    words = _z_scores(lexical, everything, 0.0)
    meaning = _z_scores(dense, everything, None)
    scores = {
        key: (1 - meaning_weight) * words[key]
        + meaning_weight * meaning[key]
        + (LANGUAGE_BONUS if language and languages.get(key) == language else 0.0)
        for key in candidates
    }
    order = sorted(scores, key=lambda key: (-scores[key], -similarity.get(key, -1.0), key))
    if exact and lexical:
        strong = len(lexical) == 1 or lexical[0].score >= LEAD * lexical[1].score
        leader = lexical[0].key
        if strong and (not language or languages.get(leader) in (language, "")):
            order.remove(leader)
            order.insert(0, leader)
    return [
        Ranked(
            key,
            scores[key],
            anchors.get(key, ""),
            languages.get(key, ""),
            *links.get(key, (None, "")),
        )
        for key in order
    ]
