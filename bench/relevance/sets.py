"""Question sets of the relevance bench and the figures computed from ranks.

A set is a YAML list of ``{q: "...", expected: [slug, ...], lang: en|fil}``; a question is
answered at the rank of the first expected article among the first ten results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
import yaml

HERE = Path(__file__).resolve().parent
DEPTH = 10


@dataclass
class Question:
    q: str
    expected: list[str]
    lang: str = "en"


@dataclass
class QuestionSet:
    name: str
    corpus: str
    questions: list[Question]
    source: str


def load(path: Path, corpus: str) -> QuestionSet:
    """A question set from its YAML file, checked for shape."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise click.ClickException(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(entries, list):
        raise click.ClickException(f"{path} must be a list of {{q, expected, lang}} entries.")
    questions = []
    for n, entry in enumerate(entries, 1):
        expected = entry.get("expected") if isinstance(entry, dict) else None
        if isinstance(expected, str):
            expected = [expected]
        if not (isinstance(entry, dict) and entry.get("q") and expected):
            raise click.ClickException(f"{path}: entry {n} needs q and expected.")
        lang = str(entry.get("lang") or "en")
        if lang not in ("en", "fil"):
            raise click.ClickException(f"{path}: entry {n} has lang {lang!r}; use en or fil.")
        questions.append(Question(str(entry["q"]), [str(s) for s in expected], lang))
    return QuestionSet(path.stem, corpus, questions, str(path.relative_to(HERE.parent.parent)))


def sets_for(corpus: str) -> list[QuestionSet]:
    """Every question set file of a corpus in bench/relevance/ (<corpus>_*.yml)."""
    return [load(path, corpus) for path in sorted(HERE.glob(f"{corpus}_*.yml"))]


def check_slugs(qset: QuestionSet, slugs: set[str]) -> list[str]:
    """Expected slugs of a set that name no article of its corpus."""
    return sorted({s for q in qset.questions for s in q.expected if s not in slugs})


def rank(results: list[str], expected: list[str]) -> int | None:
    """1-based rank of the first expected slug among the first DEPTH results, or None."""
    wanted = set(expected)
    for position, slug in enumerate(results[:DEPTH], 1):
        if slug in wanted:
            return position
    return None


def figures(ranks: list[int | None]) -> dict[str, float]:
    """MRR@10, hit@1 and hit@10 of a list of ranks."""
    count = len(ranks) or 1
    return {
        "mrr10": sum(1 / r for r in ranks if r) / count,
        "hit1": sum(1 for r in ranks if r == 1) / count,
        "hit10": sum(1 for r in ranks if r) / count,
    }
