"""The PostgreSQL search backend in `make bench-search`: a fresh database, the same corpus.

The portal's own backend (portal/search/postgresql/) through a throw-away app on a database
created for the run and dropped after it; queries as the portal runs them (top 10 with
highlights, section links and facet counts). The index size is that of its three tables
with their indexes.
"""

from __future__ import annotations

import logging
import os
import time
import uuid

import sqlalchemy as sa

SERVER = os.environ.get("PORTAL_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
TABLES = ("search_documents", "search_sections", "search_words")


def admin(sql: str) -> None:
    """Run one statement on the server's postgres database (create or drop a database)."""
    engine = sa.create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


def bench_postgresql(size: int, qs: list[str], corpus, percentile) -> dict:
    """Build the index of corpus(size) in PostgreSQL and time the queries."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.config import engine_options
    from portal.extensions import db
    from portal.search.documents import SearchQuery
    from portal.search.postgresql import PostgresBackend

    name = f"portal_search_bench_{uuid.uuid4().hex[:8]}"
    admin(f'CREATE DATABASE "{name}"')
    try:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"{SERVER}/{name}",
                "SQLALCHEMY_ENGINE_OPTIONS": engine_options(f"{SERVER}/{name}"),
                "PORTAL_SEARCH_BACKEND": "postgresql",
                "PORTAL_EMBEDDING_MODEL": "off",
            }
        )
        logging.disable(logging.INFO)
        with app.app_context():
            upgrade(directory=str(app.config["MIGRATIONS_DIR"]))
            logging.disable(logging.NOTSET)
            backend = PostgresBackend()
            started = time.perf_counter()
            backend.rebuild(corpus(size))
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
            build = time.perf_counter() - started
            size_bytes = sum(
                db.session.scalar(sa.text(f"SELECT pg_total_relation_size('{table}')"))
                for table in TABLES
            )
            timings, total_hits = [], 0
            for text in qs:
                started = time.perf_counter()
                results = backend.search(SearchQuery(text=text))
                timings.append((time.perf_counter() - started) * 1000)
                total_hits += len(results.hits)
                db.session.rollback()
            db.session.remove()
            db.engine.dispose()
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        "build_s": build,
        "size_mb": size_bytes / 1e6,
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "hits": total_hits,
    }
