"""The Filipino relevance sets name real Filipino articles and never echo their titles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "bench" / "relevance"

# Filipino and English function words a question may share with a title.
FUNCTION_WORDS_TEXT = """
ang ng sa mga na at o ko mo ka ba may pero kahit nang iyong ano paano kapag pag ito para
kung hindi di i nasa akong the a to of
"""
FUNCTION_WORDS = set(FUNCTION_WORDS_TEXT.split())


def words(text: str) -> set[str]:
    """Lower-cased words of a text, each hyphenated word also whole ("wi-fi" gives "wifi")."""
    found = set()
    for token in re.findall(r"[\w-]+", text.lower()):
        found.add(token.replace("-", ""))
        found.update(part for part in token.split("-") if part)
    return found - FUNCTION_WORDS


def front_matter() -> dict[str, dict]:
    """Front matter of every demo article, by slug."""
    articles = {}
    for path in (ROOT / "content" / "articles").rglob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        articles[meta["slug"]] = meta
    return articles


def load(name: str) -> list[dict]:
    """One relevance set."""
    return yaml.safe_load((SETS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "minimum"), [("demo_fil_test.yml", 30), ("demo_fil_dev.yml", 8)])
def test_each_question_targets_published_articles_without_their_title_words(name, minimum):
    articles = front_matter()
    cases = load(name)
    assert len(cases) >= minimum
    for case in cases:
        assert set(case) == {"q", "expected", "lang"} and case["lang"] == "fil", case
        targets = [articles.get(slug) for slug in case["expected"]]
        assert all(t and t.get("status", "published") == "published" for t in targets), case
        assert targets[0].get("language") == "fil", case
        shared = words(case["q"]) & words(targets[0]["title"])
        assert not shared, f"{case['q']!r} repeats {shared} from {targets[0]['title']!r}"


def test_the_sets_do_not_share_questions_and_cover_most_filipino_articles():
    test, dev = load("demo_fil_test.yml"), load("demo_fil_dev.yml")
    assert not {c["q"] for c in test} & {c["q"] for c in dev}
    assert len({c["q"] for c in test}) == len(test)
    filipino = {s for s, m in front_matter().items() if m.get("language") == "fil"}
    assert len({c["expected"][0] for c in test + dev}) >= 0.9 * len(filipino)
