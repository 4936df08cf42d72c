"""Mean reciprocal rank of the relevance set (tests/search/test_relevance.py), per analysis.

Loads the demo content into a temporary instance, indexes it under each analysis choice and
prints, for each, the MRR over the set and how many queries find their article in the top 3.

    .venv/bin/python bench/search_relevance.py        # or: make bench-relevance
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VARIANTS = [
    ("Snowball English + unstemmed Filipino (default)", "snowball", "plain"),
    ("Snowball English for all text", "snowball", "english"),
    ("StemmingAnalyzer (Porter) + unstemmed Filipino", "porter", "plain"),
    ("StemmingAnalyzer (Porter) for all text", "porter", "english"),
]


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="search-relevance-"))
    os.environ["PORTAL_INSTANCE_PATH"] = str(instance)
    os.environ.pop("DATABASE_URL", None)

    from flask_migrate import upgrade

    from portal import create_app
    from portal.kb.content import sync_content
    from portal.search import sources
    from portal.search.index import WhooshBackend
    from tests.search.test_relevance import CASES, rank_of

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'portal.db'}"})
    with app.app_context():
        upgrade(directory=str(app.config["MIGRATIONS_DIR"]))
        sync_content(Path(app.config["PORTAL_CONTENT_DIR"]))
        print(f"{len(CASES)} queries over the demo content\n")
        for label, english, filipino in VARIANTS:
            backend = WhooshBackend(instance / f"index-{english}-{filipino}", english, filipino)
            backend.rebuild(sources.all_documents())
            app.extensions["portal_search_backend"] = backend
            app.extensions[sources.READY] = True
            ranks = [rank_of(query, slug) for query, slug in CASES]
            mrr = sum(1 / r for r in ranks if r) / len(ranks)
            top3 = sum(1 for r in ranks if r and r <= 3)
            print(f"{label:<50} MRR {mrr:.3f}   top 3: {top3}/{len(CASES)}")
            misses = [(q, r) for (q, _s), r in zip(CASES, ranks, strict=True) if not r or r > 3]
            for query, rank in misses:
                print(f"    miss: {query!r} (rank {rank or '-'})")


if __name__ == "__main__":
    main()
