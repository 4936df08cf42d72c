"""Dense retrieval benchmark: embedding time per document and fused search latency.

Uses the synthetic corpus of `search_bench.py`. Embedding runs the configured model (the
packaged multilingual-e5-small unless PORTAL_EMBEDDING_MODEL names another) on a sample of
documents with 2 threads and projects the time for 10,000 documents (or embeds them all with
--embed-docs 10000). Search latency is the whole fused path at 10,000 documents: the query's
embedding, the lexical ranking with facets, the dense ranking, fusion and highlighted hits.

    .venv/bin/python bench/dense_bench.py            # run by: make bench-search
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_bench import corpus, percentile, queries
from portal.search import fusion
from portal.search.dense import DenseIndex
from portal.search.documents import SearchQuery
from portal.search.embedding import DEFAULT_MODEL, for_language, load, members
from portal.search.jobs import passages_of
from portal.search.retrieval import admission
from portal.search.whoosh import WhooshBackend


def bench_embedding(model, docs: int) -> dict:
    """Seconds to embed docs documents with every model (whole texts and long sections)."""
    count, started = 0, time.perf_counter()
    for each in members(model):
        passages = [
            text for doc in corpus(docs, seed=3) for _a, text in passages_of(doc, each.whole_only)
        ]
        count += len(passages)
        for start in range(0, len(passages), 16):
            each.passages(passages[start : start + 16])
    seconds = time.perf_counter() - started
    return {"docs": docs, "passages": count, "seconds": seconds}


def dense_matrix(model, size: int) -> DenseIndex:
    model = for_language(model, "en")
    """A worker's matrix for size documents; random unit vectors cost what real ones do."""
    rng = np.random.default_rng(5)
    rows = [
        (doc.key, anchor, doc.language) for doc in corpus(size) for anchor, _ in passages_of(doc)
    ]
    matrix = rng.standard_normal((len(rows), model.dim)).astype(np.float32)
    index = DenseIndex(model.name)
    index.matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    index.keys = np.array([r[0] for r in rows], dtype=object)
    index.anchors = [r[1] for r in rows]
    index.columns = {
        "kind": np.array(["article"] * len(rows), dtype=object),
        "language": np.array([r[2] for r in rows], dtype=object),
        "category": np.array([""] * len(rows), dtype=object),
        "audience": np.array(["public"] * len(rows), dtype=object),
    }
    index.signature, index.checked = ("bench",), float("inf")
    return index


def bench_search(model, size: int, qs: list[str], workdir: Path) -> dict:
    """Fused search latency at size documents, query embedding included."""
    backend = WhooshBackend(workdir / f"whoosh-{size}")
    backend.rebuild(corpus(size), procs=2)
    index = dense_matrix(model, size)
    timings, embed = [], []
    english = for_language(model, "en")
    for text in qs:
        query = SearchQuery(text=text)
        before = time.perf_counter()  # the query's embedding alone, also part of the whole
        english.queries([text])
        embed.append((time.perf_counter() - before) * 1000)
        started = time.perf_counter()
        facets = backend.search(query)
        lexical = backend.rank(query, 100)
        dense = index.rank(english, query, 100)  # embeds the query again, as a search does
        ranked = fusion.fuse(text, lexical, dense, "en", english.weight, admission(english, dense))
        backend.hits(query, ranked[:10])
        timings.append((time.perf_counter() - started) * 1000)
        assert facets is not None
    return {
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "embed_p50_ms": percentile(embed, 50),
        "embed_p95_ms": percentile(embed, 95),
        "vectors": len(index.keys),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embed-docs", type=int, default=200, help="documents to embed")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ["PORTAL_EMBEDDING_THREADS"] = str(args.threads)
    name = os.environ.get("PORTAL_EMBEDDING_MODEL") or DEFAULT_MODEL
    started = time.perf_counter()
    model = load(name)
    print(
        f"model {model.name}: loaded in {time.perf_counter() - started:.2f} s, "
        f"{args.threads} threads"
    )
    e = bench_embedding(model, args.embed_docs)
    per_doc = e["seconds"] / e["docs"]
    projected = per_doc * args.size / 60
    print(
        f"embedding: {e['docs']} documents ({e['passages']} passages) in {e['seconds']:.1f} s = "
        f"{per_doc * 1000:.0f} ms a document; {args.size} documents: {projected:.1f} min "
        f"(target 10 min)"
    )
    workdir = Path(tempfile.mkdtemp(prefix="dense-bench-"))
    try:
        r = bench_search(model, args.size, queries(args.queries), workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"fused search at {args.size} documents ({r['vectors']} vectors), {args.queries} queries: "
        f"p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms (target 30 ms); of which the "
        f"query embedding p50 {r['embed_p50_ms']:.1f} ms, p95 {r['embed_p95_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
