"""Search benchmark: Whoosh and PostgreSQL (the portal's backends) beside SQLite FTS5.

Builds synthetic help-article corpora (10,000 and 100,000 documents by default) and prints
index build time, index size and query latency p50/p95 over a few hundred queries. Whoosh
queries go through the portal's own search path, highlights and facets included; FTS5 queries
rank with bm25() and cut a highlighted snippet() per hit.

    .venv/bin/python bench/search_bench.py            # or: make bench-search
    .venv/bin/python bench/search_bench.py --sizes 2000 --queries 100
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_bench_pg import bench_postgresql
from portal.search.documents import SearchDocument, SearchQuery, Section
from portal.search.whoosh import WhooshBackend

TOPICS = [
    "password",
    "account",
    "email",
    "sign-in",
    "verification",
    "router",
    "node",
    "mesh",
    "wifi",
    "network",
    "guest",
    "parental",
    "controls",
    "firmware",
    "update",
    "refund",
    "payment",
    "invoice",
    "receipt",
    "card",
    "gcash",
    "order",
    "delivery",
    "tracking",
    "return",
    "exchange",
    "damaged",
    "phishing",
    "privacy",
    "data",
    "app",
    "bluetooth",
    "modem",
    "bridge",
    "channel",
    "speed",
    "signal",
    "light",
    "offline",
    "reset",
    "setup",
    "subscription",
    "plan",
    "cancel",
]
VERBS = [
    "reset",
    "change",
    "fix",
    "set",
    "up",
    "update",
    "cancel",
    "track",
    "request",
    "download",
    "share",
    "turn",
    "on",
]
FILLER = [
    "the",
    "a",
    "your",
    "to",
    "and",
    "of",
    "in",
    "for",
    "on",
    "with",
    "it",
    "you",
    "this",
    "that",
    "is",
    "are",
    "can",
    "be",
    "from",
    "if",
    "when",
    "then",
    "tap",
    "open",
    "go",
    "select",
    "choose",
    "check",
    "make",
    "sure",
    "wait",
    "minutes",
    "settings",
    "screen",
    "button",
    "after",
    "before",
    "again",
    "still",
    "works",
    "home",
    "phone",
    "device",
    "unit",
    "account",
    "page",
    "link",
]
SYLLABLES = [
    "ka",
    "ma",
    "la",
    "na",
    "ta",
    "sa",
    "pa",
    "ra",
    "ba",
    "da",
    "ga",
    "ha",
    "ki",
    "mi",
    "li",
    "ni",
    "ti",
    "si",
    "pi",
    "ri",
    "bo",
    "do",
    "go",
    "lo",
]


def rare_words(rng: random.Random, count: int) -> list[str]:
    """Made-up words, so the vocabulary grows with the corpus as real text's does."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def corpus(size: int, seed: int = 7):
    """Yield `size` help articles of about 250 words in 3 sections, each about two topics."""
    rng = random.Random(seed)
    rare = rare_words(rng, 20_000)
    domain = TOPICS + rare_words(rng, 400)  # product words: each in a few % of articles
    categories = [f"category-{n}" for n in range(12)]

    def sentence(n: int, topic: list[str]) -> str:
        words = []
        for _ in range(n):
            roll = rng.random()
            if roll < 0.55:
                words.append(rng.choice(FILLER))
            elif roll < 0.65:
                words.append(rng.choice(topic))
            elif roll < 0.75:
                words.append(rng.choice(domain))
            else:
                # Zipf-like: a few rare words are common, most are rare.
                words.append(rare[min(int(rng.paretovariate(1.1)) - 1, len(rare) - 1)])
        return " ".join(words).capitalize() + "."

    for n in range(size):
        topic = rng.sample(TOPICS, 2)
        title = f"{rng.choice(VERBS).capitalize()} your {topic[0]} {topic[1]} {rng.choice(rare)}"
        sections = [Section("", "", " ".join(sentence(12, topic) for _ in range(3)))]
        for k in range(3):
            heading = f"{rng.choice(VERBS).capitalize()} the {rng.choice(topic + domain[:60])}"
            body = " ".join(sentence(rng.randint(8, 16), topic) for _ in range(4))
            sections.append(Section(f"section-{k}", heading, body))
        yield SearchDocument(
            kind="article",
            id=n,
            title=title,
            url=f"/kb/article-{n}",
            sections=sections,
            summary=sentence(14, topic),
            language="fil" if n % 10 == 0 else "en",
            category=rng.choice(categories),
            category_labels={"en": "Category"},
            tags=topic,
        )


def queries(count: int, seed: int = 11) -> list[str]:
    """Realistic short queries: one to three topic words, some with a verb or a typo."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        words = rng.sample(TOPICS, rng.randint(1, 3))
        if rng.random() < 0.3:
            words.insert(0, rng.choice(VERBS))
        if rng.random() < 0.1:
            word = words[-1]
            cut = rng.randrange(1, len(word))
            words[-1] = word[:cut] + word[cut + 1 :] if len(word) > 4 else word
        found.append(" ".join(words))
    return found


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_whoosh(size: int, qs: list[str], workdir: Path, procs: int) -> dict:
    backend = WhooshBackend(workdir / f"whoosh-{size}")
    started = time.perf_counter()
    backend.rebuild(corpus(size), procs=procs)
    build = time.perf_counter() - started
    timings, total_hits = _run(backend, qs)
    # The same queries again with the postings cache emptied before each one: what a query
    # costs when none of its words were searched for recently.
    cold, _ = _run(backend, qs, cold=True)
    return {
        "build_s": build,
        "size_mb": folder_size(backend.path) / 1e6,
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "cold_p50_ms": percentile(cold, 50),
        "cold_p95_ms": percentile(cold, 95),
        "hits": total_hits,
    }


def _run(backend: WhooshBackend, qs: list[str], cold: bool = False) -> tuple[list[float], int]:
    timings = []
    total_hits = 0
    for text in qs:
        if cold:
            backend.forget_postings()
        started = time.perf_counter()
        results = backend.search(SearchQuery(text=text))
        timings.append((time.perf_counter() - started) * 1000)
        total_hits += len(results.hits)
    return timings, total_hits


def bench_fts5(size: int, qs: list[str], workdir: Path) -> dict:
    path = workdir / f"fts5-{size}.db"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, headings, body, url UNINDEXED, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    started = time.perf_counter()
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?)",
        (
            (
                doc.title,
                " ".join(s.title for s in doc.sections),
                " ".join(s.text for s in doc.sections),
                doc.url,
            )
            for doc in corpus(size)
        ),
    )
    db.commit()
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    build = time.perf_counter() - started
    timings = []
    total_hits = 0
    for text in qs:
        match = " OR ".join(f'"{w}"' for w in text.split())
        started = time.perf_counter()
        rows = db.execute(
            "SELECT url, highlight(docs, 0, '<mark>', '</mark>'), "
            "snippet(docs, 2, '<mark>', '</mark>', ' … ', 24) FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs, 4.0, 2.0, 1.0) LIMIT 10",
            (match,),
        ).fetchall()
        (count,) = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        timings.append((time.perf_counter() - started) * 1000)
        total_hits += len(rows) + 0 * count
    db.close()
    return {
        "build_s": build,
        "size_mb": path.stat().st_size / 1e6,
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "hits": total_hits,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--procs", type=int, default=2, help="Whoosh indexing processes")
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=["whoosh", "postgresql", "fts5"],
        default=["whoosh", "postgresql", "fts5"],
        help="postgresql: the portal's PostgreSQL backend on a database made for the run",
    )
    args = parser.parse_args()
    qs = queries(args.queries)
    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    print(f"{len(qs)} queries per engine; top 10 with highlights (Whoosh: with facets too)")
    print("Whoosh cold: the same queries with its postings cache emptied before each one")
    header = (
        f"{'docs':>8} {'engine':<10} {'build s':>9} {'size MB':>9} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'cold p50':>9} {'cold p95':>9}"
    )
    print(header)
    print("-" * len(header))
    try:
        for size in args.sizes:
            for name, run in (
                ("whoosh", lambda s=size: bench_whoosh(s, qs, workdir, args.procs)),
                ("postgresql", lambda s=size: bench_postgresql(s, qs, corpus, percentile)),
                ("fts5", lambda s=size: bench_fts5(s, qs, workdir)),
            ):
                if name not in args.engines:
                    continue
                r = run()
                cold = (
                    f" {r['cold_p50_ms']:>9.1f} {r['cold_p95_ms']:>9.1f}"
                    if "cold_p95_ms" in r
                    else f" {'-':>9} {'-':>9}"
                )
                print(
                    f"{size:>8} {name:<10} {r['build_s']:>9.1f} {r['size_mb']:>9.1f} "
                    f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}{cold}",
                    flush=True,
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
