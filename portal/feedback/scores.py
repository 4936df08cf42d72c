"""Survey scores by their standard definitions; pure functions, no database.

Each returns None when there is nothing to score, so "no answers" never reads as zero.
Rounding is half away from zero, as a person would round, not Python's half-to-even.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal


def _round(value: Decimal, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(value.quantize(quantum, rounding=ROUND_HALF_UP))


def csat(scores: Iterable[int]) -> float | None:
    """Percentage of 4s and 5s among 1-5 answers, to one decimal."""
    answers = list(scores)
    if not answers:
        return None
    satisfied = sum(1 for score in answers if score >= 4)
    return _round(Decimal(satisfied * 100) / Decimal(len(answers)), 1)


def nps(scores: Iterable[int]) -> int | None:
    """Percentage of promoters (9-10) minus percentage of detractors (0-6), -100 to 100."""
    answers = list(scores)
    if not answers:
        return None
    promoters = sum(1 for score in answers if score >= 9)
    detractors = sum(1 for score in answers if score <= 6)
    return int(_round(Decimal((promoters - detractors) * 100) / Decimal(len(answers)), 0))


def ces(scores: Iterable[int]) -> float | None:
    """Mean of 1-7 answers, to two decimals."""
    answers = list(scores)
    if not answers:
        return None
    return _round(Decimal(sum(answers)) / Decimal(len(answers)), 2)


SCORERS = {"csat": csat, "ces": ces, "nps": nps}
