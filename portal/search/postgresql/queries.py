"""What a visitor typed, as PostgreSQL text-search queries with a BM25-like score.

PostgreSQL's ts_rank counts how often and where (title, headings, body) words occur but
knows nothing of how rare a word is. The score here adds that: each word of the question
is ranked on its own and weighted by its inverse document frequency, counted through the
GIN index, so "router" outweighs "how" and a document matching more words ranks higher.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import text

from portal.extensions import db
from portal.search.postgresql.schema import ENGLISH, FILIPINO

CONFIGS = (ENGLISH, FILIPINO)
# ts_rank weights for D, C, B, A: body (C) 0.4, headings and tags (B) 0.7, title (A) 1.0.
WEIGHTS = "{0.1, 0.4, 0.7, 1.0}"
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)


def tsquery_literal(lexemes: list[str], operator: str = " | ") -> str:
    """A tsquery in its text form from normalised lexemes (quoted, so never syntax)."""
    return operator.join("'" + lexeme.replace("'", "''") + "'" for lexeme in lexemes)


@dataclass
class Terms:
    """The question's lexemes for one text-search configuration, with their weights."""

    config: str
    lexemes: list[str] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)

    @property
    def any(self) -> str:
        return tsquery_literal(self.lexemes)


def split_phrases(typed: str) -> tuple[list[str], str]:
    """Quoted phrases, and the rest of the text."""
    phrases = [p.strip() for p in re.findall(r'"([^"]+)"', typed) if p.strip()]
    rest = re.sub(r'"[^"]*"?', " ", typed)
    return phrases, rest


def analyse(typed: str, extra_words: list[str] | None = None) -> dict[str, Terms]:
    """Lexemes of the question (and of extra words, e.g. typo corrections) per config."""
    phrases, _ = split_phrases(typed)
    words = " ".join([*WORD.findall(typed.replace('"', " ")), *(extra_words or [])])
    found: dict[str, Terms] = {}
    # The lexemes of both configurations in one round trip.
    row = db.session.execute(
        text(
            "SELECT ARRAY(SELECT lexeme FROM unnest(to_tsvector(CAST(:en AS regconfig), :t))), "
            "ARRAY(SELECT lexeme FROM unnest(to_tsvector(CAST(:fil AS regconfig), :t)))"
        ),
        {"en": ENGLISH, "fil": FILIPINO, "t": words},
    ).one()
    for config, lexemes in zip(CONFIGS, row, strict=True):
        terms = Terms(config, sorted(set(lexemes))[:MAX_TERMS])
        for phrase in phrases:
            query = db.session.scalar(
                text("SELECT CAST(phraseto_tsquery(CAST(:c AS regconfig), :p) AS text)"),
                {"c": config, "p": phrase},
            )
            if query:
                terms.phrases.append(query)
        found[config] = terms
    _weigh(found)
    return found


# Document frequencies change slowly: each process keeps them a minute (by database).
STATS_SECONDS = 60.0
_stats: dict[tuple, tuple[float, int]] = {}
_stats_lock = threading.Lock()


def forget_stats() -> None:
    """Drop the kept frequencies (this process just changed the index)."""
    with _stats_lock:
        _stats.clear()


def _cached(key: tuple) -> int | None:
    with _stats_lock:
        entry = _stats.get(key)
    if entry and time.monotonic() - entry[0] < STATS_SECONDS:
        return entry[1]
    return None


def _remember(key: tuple, value: int) -> None:
    with _stats_lock:
        if len(_stats) > 50_000:
            _stats.clear()
        _stats[key] = (time.monotonic(), value)


def _weigh(found: dict[str, Terms]) -> None:
    """Inverse document frequency of each lexeme among documents of its configuration."""
    database = str(db.engine.url)
    for config, terms in found.items():
        if not terms.lexemes:
            continue
        total = _cached((database, config, ""))
        if total is None:
            total = db.session.scalar(
                text("SELECT count(*) FROM search_documents WHERE config = :c"), {"c": config}
            )
            _remember((database, config, ""), total)
        unknown = [lex for lex in terms.lexemes if _cached((database, config, lex)) is None]
        if unknown:
            params = {"c": config, "any": tsquery_literal(unknown)}
            counts = ", ".join(
                f"count(*) FILTER (WHERE tsv @@ CAST(:l{n} AS tsquery))"
                for n in range(len(unknown))
            )
            params.update({f"l{n}": tsquery_literal([lex]) for n, lex in enumerate(unknown)})
            row = db.session.execute(
                text(
                    f"SELECT {counts} FROM search_documents "  # noqa: S608 (placeholders only)
                    "WHERE config = :c AND tsv @@ CAST(:any AS tsquery)"
                ),
                params,
            ).one()
            for lexeme, df in zip(unknown, row, strict=True):
                _remember((database, config, lexeme), df)
        for lexeme in terms.lexemes:
            df = _cached((database, config, lexeme)) or 0
            terms.idf[lexeme] = math.log(1 + (total - df + 0.5) / (df + 0.5))


def score_sql(found: dict[str, Terms], params: dict) -> tuple[str, str]:
    """SQL for (the match condition, the score) over search_documents; fills params."""
    matches, scores = [], []
    for n, (config, terms) in enumerate(found.items()):
        if not terms.lexemes and not terms.phrases:
            continue
        params[f"cfg{n}"] = config
        condition = [f"config = :cfg{n}"]
        if terms.lexemes:
            params[f"any{n}"] = terms.any
            condition.append(f"tsv @@ CAST(:any{n} AS tsquery)")
        for p, phrase in enumerate(terms.phrases):
            params[f"ph{n}_{p}"] = phrase
            condition.append(f"tsv @@ CAST(:ph{n}_{p} AS tsquery)")
        parts = []
        for m, lexeme in enumerate(terms.lexemes):
            params[f"t{n}_{m}"] = tsquery_literal([lexeme])
            params[f"w{n}_{m}"] = terms.idf.get(lexeme, 1.0)
            parts.append(
                f"CAST(:w{n}_{m} AS float) * ts_rank('{WEIGHTS}', tsv, CAST(:t{n}_{m} AS tsquery))"
            )
        for p in range(len(terms.phrases)):
            parts.append(f"ts_rank('{WEIGHTS}', tsv, CAST(:ph{n}_{p} AS tsquery))")
        matches.append("(" + " AND ".join(condition) + ")")
        scores.append(f"WHEN config = :cfg{n} THEN " + " + ".join(parts))
    if not matches:
        return "FALSE", "0"
    return " OR ".join(matches), "(CASE " + " ".join(scores) + " ELSE 0 END) * boost"


def highlight_query(found: dict[str, Terms], config: str) -> str:
    """The tsquery text that marks matched words of a document in config."""
    terms = found.get(config)
    if terms is None:
        return ""
    parts = [terms.any] if terms.lexemes else []
    parts += [f"({phrase})" for phrase in terms.phrases]
    return " | ".join(p for p in parts if p)
