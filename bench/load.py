"""Load test: many people at once on a portal served by gunicorn, then a count of their writes.

    .venv/bin/python bench/load.py                      # or: make bench-load
    .venv/bin/python bench/load.py --users 50 --duration 20 --database postgres

It builds a throw-away instance (SQLite in a temporary folder, or a fresh PostgreSQL
database it creates and drops), migrates it, loads the demo, creates one account per
simulated member, customer and agent, serves the portal with gunicorn on 127.0.0.1 (the
pieces of bench/http_bench.py) and runs bench/locustfile.py with locust in headless mode for
a bounded time: anonymous visitors reading articles, searching, walking tutorials and typing
in the suggest box, members replying, asking and voting in the forum, customers opening
tickets and reading their history, agents replying. It prints throughput, p50/p95/p99 per
page kind and the errors, then checks the database: every write the server confirmed is
there exactly once.

Exit status: 0 when every target holds, 1 when one is missed, 2 when it could not run.
Needs the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.http_bench import (
    BENCH_DIR,
    HOST,
    BenchError,
    bench_environment,
    flask_command,
    free_port,
    gunicorn,
    machine,
    step,
)

TARGET_P99_MS = 500.0
POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PASSWORD = "load-test-password-2026"  # noqa: S105 (throw-away accounts)
KINDS = ("visitor", "member", "customer", "agent")
# Chosen by measurement with 200 users on 2 cores; see the README's performance section.
DEFAULT_WORKERS = 3
DEFAULT_THREADS = 4


def load_environment(instance: Path, database_url: str | None) -> dict[str, str]:
    """The bench environment, plus what a load test from one address on plain HTTP needs."""
    env = bench_environment(instance, database_url)
    env.update(
        # Every simulated person comes from 127.0.0.1: per-address limits would stop them.
        RATELIMIT_ENABLED="0",
        # Plain HTTP on 127.0.0.1: a Secure cookie would never come back.
        SESSION_COOKIE_SECURE="0",
        # Longer than the longest pause between clicks, so an idle keep-alive connection is
        # not closed just as the client reuses it (a reset connection, counted as an error).
        GUNICORN_CMD_ARGS="--keep-alive 15",
        PORTAL_SQLITE_BUSY_TIMEOUT=os.environ.get("PORTAL_SQLITE_BUSY_TIMEOUT", "15"),
    )
    return env


def create_postgres_database(name: str) -> str:
    """Create an empty PostgreSQL database for this run; return its URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        raise BenchError(f"PostgreSQL at {POSTGRES_SERVER} is not reachable: {exc}") from exc
    finally:
        engine.dispose()
    return f"{POSTGRES_SERVER}/{name}"


def drop_postgres_database(name: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def prepare(env: dict[str, str], users: int, run: str, folder: Path) -> Path:
    """Schema, demo, accounts; write the plan the locustfile reads and return its path."""
    step("Creating the schema (flask db upgrade)")
    flask_command(env, "db", "upgrade")
    step("Loading the demo content (flask demo load)")
    flask_command(env, "demo", "load")
    step("Building the search index (flask search reindex)")
    flask_command(env, "search", "reindex")
    os.environ.update(env)
    from sqlalchemy import select

    from portal import create_app
    from portal.auth.models import User
    from portal.auth.services import hash_password
    from portal.extensions import db
    from portal.forum.models import Thread
    from portal.kb.models import Article
    from portal.tutorials.models import Tutorial

    app = create_app()
    accounts: dict[str, list[str]] = {}
    with app.app_context():
        step(f"Creating {users} accounts of each kind")
        shared_hash = hash_password(PASSWORD)  # one hash: scrypt per account would take minutes
        for kind in KINDS:
            if kind == "visitor":  # visitors read without an account
                continue
            emails = [f"load-{kind}-{n}@{run}.example.com" for n in range(users)]
            role = "agent" if kind == "agent" else "customer"
            db.session.add_all(
                User(email=e, display_name=f"{kind} {n}", password_hash=shared_hash, role=role)
                for n, e in enumerate(emails)
            )
            accounts[kind] = emails
        db.session.commit()
        articles = db.session.scalars(
            select(Article.slug).where(Article.status == "published")
        ).all()
        published = select(Tutorial).where(Tutorial.status == "published")
        tutorials = [(t.slug, len(t.steps)) for t in db.session.scalars(published).all()]
        threads = db.session.scalars(select(Thread.id)).all()
        db.engine.dispose()
    if not (articles and tutorials and threads):
        raise BenchError("The demo has no articles, tutorials or forum threads: check content/.")
    plan = folder / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "run": run,
                "password": PASSWORD,
                "accounts": accounts,
                "articles": list(articles),
                "tutorials": tutorials,
                "threads": list(threads),
                "writes_file": str(folder / "writes.json"),
            }
        )
    )
    return plan


def run_locust(plan: Path, port: int, users: int, duration: float, folder: Path) -> list[dict]:
    """Run the locustfile headless; return locust's per-name statistics rows."""
    # Logging in costs a deliberate scrypt hash: people arrive over a ramp, and the
    # statistics restart once all are in (--reset-stats), so the figures cover the
    # full load for `duration` seconds.
    spawn_rate = max(1, min(users, 8))
    ramp = users / spawn_rate + 5
    command = [
        sys.executable, "-m", "locust",
        "-f", str(BENCH_DIR / "locustfile.py"),
        "--headless",
        "--host", f"http://{HOST}:{port}",
        "--users", str(users),
        "--spawn-rate", str(spawn_rate),
        "--run-time", f"{round(ramp + duration)}s",
        "--reset-stats",
        "--stop-timeout", "10",
        "--csv", str(folder / "locust"),
        "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "PORTAL_LOAD_PLAN": str(plan)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    stats = folder / "locust_stats.csv"
    if not stats.exists():
        raise BenchError(f"locust gave no statistics (exit {done.returncode}):\n{done.stderr}")
    failures = folder / "locust_failures.csv"
    if failures.exists() and failures.read_text().count("\n") > 1:
        print(failures.read_text())
    with stats.open() as fh:
        return list(csv.DictReader(fh))


def count_writes(env: dict[str, str], run: str, writes_file: Path) -> tuple[list[str], dict]:
    """Compare the writes the load made with what the database holds; return the problems."""
    import sqlalchemy as sa

    data = json.loads(writes_file.read_text())
    pattern = re.compile(rf"LOAD{run}x\d+")
    engine = sa.create_engine(env["DATABASE_URL"])
    like = f"%LOAD{run}x%"
    found: dict[str, Counter] = {}
    queries = {
        "forum thread": "SELECT title FROM forum_threads WHERE title LIKE :like",
        "forum post": "SELECT body_md FROM forum_posts WHERE body_md LIKE :like",
        "ticket": "SELECT subject FROM tickets WHERE subject LIKE :like",
        "ticket message": "SELECT body FROM ticket_messages WHERE body LIKE :like",
    }
    with engine.connect() as conn:
        for table, sql in queries.items():
            rows = conn.execute(sa.text(sql), {"like": like}).scalars()
            found[table] = Counter(m for text in rows for m in set(pattern.findall(text)))
        votes = Counter(
            (email, post)
            for email, post in conn.execute(
                sa.text(
                    "SELECT u.email, v.post_id FROM forum_votes v JOIN users u ON u.id = v.user_id"
                    " WHERE u.email LIKE :like"
                ),
                {"like": f"%@{run}.example.com"},
            )
        )
    engine.dispose()
    # Where each kind of write must appear: a thread is a title and its first post, a new
    # ticket is a subject and its first message, replies are one post or one message.
    places = {
        "forum thread": ("forum thread", "forum post"),
        "forum reply": ("forum post",),
        "ticket": ("ticket", "ticket message"),
        "ticket reply": ("ticket message",),
        "agent reply": ("ticket message",),
    }
    problems: list[str] = []
    confirmed: Counter = Counter()
    for kind, mark, outcome in data["writes"]:
        for place in places[kind]:
            times = found[place][mark]
            if outcome == "ok" and times != 1:
                problems.append(f"{kind} {mark}: confirmed, found {times} times in {place}")
            elif outcome != "ok" and times > 1:
                problems.append(f"{kind} {mark}: failed, yet found {times} times in {place}")
        confirmed[kind] += outcome == "ok"
    expected_votes = {(email, post) for email, post, _ in data["votes"]}
    for pair in expected_votes:
        if votes[pair] != 1:
            problems.append(f"vote {pair}: confirmed, found {votes[pair]} times")
    confirmed["forum vote"] = len(expected_votes)
    return problems, dict(confirmed)


def report(rows: list[dict], duration: float) -> tuple[str, dict]:
    """The per-kind table and the totals."""
    header = f"{'page kind':<20} {'requests':>8} {'fails':>6} {'req/s':>7} "
    header += f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    lines = [header, "-" * len(header)]
    totals = {}
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        line = (
            f"{name:<20} {int(row['Request Count']):>8} {int(row['Failure Count']):>6} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} "
            f"{row['99%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
        if name == "ALL":
            lines.append("-" * len(header))
            totals = row
        lines.append(line)
    return "\n".join(lines), totals


def server_errors(log: Path) -> int:
    """5xx answers: locust's failures name the status; gunicorn logs the tracebacks."""
    if not log.exists():
        return 0
    return log.read_text(errors="replace").count("Traceback")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="concurrent simulated people")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="threads per worker")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance folder")
    parser.add_argument(
        "--servers",
        choices=["1", "2", "compare"],
        default="compare",
        help="compare: one app server, then two, on PostgreSQL and Redis (bench/load_servers.py);"
        " 1: one server on --database without Redis",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="emptied first")
    parser.add_argument("--ports", type=int, nargs=2, help="ports of the two app servers")
    parser.add_argument(
        "--embedding-model",
        default="",
        help="PORTAL_EMBEDDING_MODEL for the servers (off: search by words only, no embedding)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.servers != "1":
        from bench.load_servers import compare

        info = machine()
        print(
            f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}; "
            f"{args.workers} gthread workers of {args.threads} threads per app server; "
            f"{args.users} users for {args.duration:g} s.\nLoad average before the run: "
            f"{os.getloadavg()[0]:.1f} (other work on this machine)."
        )
        return compare(args)
    info = machine()
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['system']}, Python {info['python']}"
        f"\nDatabase: {args.database}; gunicorn: {args.workers} gthread workers of "
        f"{args.threads} threads; {args.users} users for {args.duration:g} s.\n"
        f"Load average before the run: {os.getloadavg()[0]:.1f} (other work on this machine)."
    )
    run = uuid.uuid4().hex[:10]
    instance = Path(tempfile.mkdtemp(prefix="portal-load-"))
    pg_name = f"portal_load_{run}"
    database_url = None
    try:
        if args.database == "postgres":
            database_url = create_postgres_database(pg_name)
        env = load_environment(instance, database_url)
        plan = prepare(env, args.users, run, instance)
        port = free_port()
        step(f"Starting gunicorn on http://{HOST}:{port}")
        with gunicorn(instance, port, args.workers, "gthread", args.threads, env=env):
            step(f"Playing the mix: {args.users} users for {args.duration:g} s")
            started = time.monotonic()
            rows = run_locust(plan, port, args.users, args.duration, instance)
            elapsed = time.monotonic() - started
        load_after = os.getloadavg()
        step("Counting the writes in the database")
        problems, confirmed = count_writes(env, run, instance / "writes.json")
        crashes = server_errors(instance / "gunicorn.log")
        if crashes:
            print((instance / "gunicorn.log").read_text(errors="replace")[-4000:])
    except BenchError as exc:
        print(f"\nThe load test could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"Instance kept in {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)
        if database_url:
            drop_postgres_database(pg_name)

    text, totals = report(rows, elapsed)
    print()
    print(text)
    failures = int(totals.get("Failure Count", 0))
    p99 = float(totals.get("99%", 0) or 0)
    print(
        f"\nThroughput: {float(totals.get('Requests/s', 0)):.1f} requests/s overall "
        f"({int(totals.get('Request Count', 0))} requests in {elapsed:.0f} s)."
        f"\nFailed requests: {failures}; server errors (tracebacks in gunicorn's log): {crashes}."
        f"\nWrites confirmed: "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(confirmed.items()))
        + f".\nLost or doubled writes: {len(problems)}."
        f"\nLoad average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in load_after)
    )
    for problem in problems[:20]:
        print(f"  {problem}")
    missed = []
    if failures or crashes:
        missed.append("zero errors")
    if problems:
        missed.append("no lost or doubled writes")
    if p99 >= TARGET_P99_MS:
        missed.append(f"p99 under {TARGET_P99_MS:.0f} ms (was {p99:.0f} ms)")
    print("Targets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed) + "."))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
