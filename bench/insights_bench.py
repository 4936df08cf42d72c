"""Insights benchmark: a year of a busy help centre, then the p95 of /insights/.

Generates (in bulk: COPY on PostgreSQL, executemany on SQLite) 1,000 tickets and 50,000
searches a day for a year by default, with their solves, clicks, CSAT/CES/NPS answers, helpful
votes, deflections and chats; rolls the days up as `flask insights rollup` does; then times the
page for the last 7, 30 and 90 days through the app, logged in as an agent.

    .venv/bin/python bench/insights_bench.py                     # or: make bench-insights
    .venv/bin/python bench/insights_bench.py --days 30 --requests 20
    .venv/bin/python bench/insights_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

A PostgreSQL database must be empty (the bench creates the schema with the migrations).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.config import engine_options
from portal.extensions import db

TARGET_MS = 300
WORDS = [
    "router",
    "node",
    "mesh",
    "wifi",
    "password",
    "reset",
    "slow",
    "signal",
    "app",
    "pair",
    "update",
    "firmware",
    "refund",
    "invoice",
    "gcash",
    "order",
    "guest",
    "parental",
    "light",
    "red",
    "blinking",
    "setup",
    "install",
    "range",
    "speed",
    "drop",
    "evening",
    "account",
    "email",
    "login",
    "plan",
    "plus",
    "billing",
    "card",
    "receipt",
    "cancel",
    "upgrade",
]
TOPICS = ("setup", "connection", "app", "billing", "other")
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def _queries(rng: random.Random, n: int) -> list[str]:
    return sorted({" ".join(rng.sample(WORDS, rng.randint(1, 3))) for _ in range(n)})


class Loader:
    """Writes rows in bulk through the database's fastest path."""

    def __init__(self) -> None:
        self.connection = db.engine.raw_connection()
        self.postgres = db.engine.dialect.name == "postgresql"

    def _value(self, value):
        if self.postgres:
            return json.dumps(value) if isinstance(value, list | dict) else value
        if isinstance(value, datetime):
            return value.strftime(SQLITE_TIME)
        if isinstance(value, list | dict):
            return json.dumps(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Add rows to a table."""
        if not rows:
            return
        cursor = self.connection.cursor()
        names = ", ".join(columns)
        if self.postgres:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([self._value(v) for v in row])
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 (fixed names)
                [[self._value(v) for v in row] for row in rows],
            )
        cursor.close()

    def searches_in_sql(
        self, day_start: datetime, first_id: int, count: int, queries: list, zero: list
    ) -> None:
        """One day of searches (8% finding nothing) and their clicks (40%), drawn by SQL."""
        cursor = self.connection.cursor()
        cursor.execute(
            """
            INSERT INTO search_logs (id, query, result_count, language, visitor, created_at)
            SELECT %(first)s::bigint + g,
                   CASE WHEN r < 0.08 THEN (%(zero)s::text[])[1 + floor(random() * %(nz)s)::int]
                        ELSE (%(queries)s::text[])[1 + floor(random() * %(nq)s)::int] END,
                   CASE WHEN r < 0.08 THEN 0 ELSE 1 + floor(random() * 40)::int END,
                   'en', 'v' || floor(random() * 1000000)::int,
                   %(start)s + random() * interval '1 day'
            FROM (SELECT g, random() AS r FROM generate_series(1, %(count)s::int) AS g) AS draws
            """,
            {
                "first": first_id,
                "count": count,
                "start": day_start,
                "queries": queries,
                "zero": zero,
                "nq": len(queries),
                "nz": len(zero),
            },
        )
        cursor.execute(
            """
            INSERT INTO search_clicks (search_id, url, position, created_at)
            SELECT id, '/kb/article-' || floor(random() * 200)::int, 1, created_at
            FROM search_logs
            WHERE id > %(first)s::bigint AND id <= %(first)s::bigint + %(count)s::int
              AND result_count > 0
              AND random() < 0.4
            """,
            {"first": first_id, "count": count},
        )
        cursor.close()

    def finish(self, tables: tuple[str, ...]) -> None:
        """Commit, and move PostgreSQL's id sequences past the ids written."""
        if self.postgres:
            cursor = self.connection.cursor()
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            cursor.execute("ANALYZE")
            cursor.close()
        self.connection.commit()
        self.connection.close()


def _base_rows(rng: random.Random) -> tuple[list[int], list[str], list[int]]:
    """Agents, a category and articles, made the ordinary way."""
    from portal.auth import services as auth
    from portal.kb.models import Article, Category

    agents = [
        auth.create_user(f"agent{n}@bench.example", f"Agent {n}", "bench password 1", role="agent")
        for n in range(20)
    ]
    category = Category(slug="bench", name="Bench")
    db.session.add(category)
    db.session.flush()
    now = datetime.now()
    articles = []
    for n in range(200):
        article = Article(
            slug=f"article-{n}",
            title=f"Article {n}: {' '.join(rng.sample(WORDS, 3))}",
            category_id=category.id,
            status="published",
            updated_at=now - timedelta(days=rng.randint(0, 600)),
        )
        db.session.add(article)
        articles.append(article)
    db.session.commit()
    return [a.id for a in agents], [a.slug for a in articles], [a.id for a in articles]


def _day_rows(rng, day_start, ids, counts, queries, zero_queries, agents, slugs, article_ids):
    """Every row of one day, by table."""
    rows: dict[str, list[tuple]] = {name: [] for name in TABLES}

    def moment() -> datetime:
        return day_start + timedelta(seconds=rng.randrange(86400))

    # PostgreSQL draws the searches itself (see Loader.searches_in_sql); SQLite gets rows.
    for _ in range(0 if counts["searches_in_sql"] else counts["searches"]):
        ids["search"] += 1
        zero = rng.random() < 0.08
        query = rng.choice(zero_queries) if zero else rng.choice(queries)
        when = moment()
        results = 0 if zero else rng.randint(1, 40)
        rows["search_logs"].append(
            (ids["search"], query, results, "en", f"v{rng.randrange(10**6)}", when)
        )
        if results and rng.random() < 0.4:
            ids["click"] += 1
            url = f"/kb/{rng.choice(slugs)}"
            rows["search_clicks"].append((ids["click"], ids["search"], url, 1, when))
    for _ in range(counts["tickets"]):
        ids["ticket"] += 1
        created = moment()
        first = (
            created + timedelta(minutes=rng.lognormvariate(4, 1)) if rng.random() < 0.8 else None
        )
        solved = (
            created + timedelta(hours=rng.lognormvariate(2.5, 1))
            if first and rng.random() < 0.75
            else None
        )
        context = []
        if rng.random() < 0.5:
            context = [
                {
                    "key": "from",
                    "label": "From",
                    "values": [{"text": f"/kb/{rng.choice(slugs)}", "note": None}],
                },
                {
                    "key": "searches",
                    "label": "Searches",
                    "values": [{"text": rng.choice(queries), "note": None}],
                },
            ]
        ref = f"T-B{ids['ticket']:07d}"
        email = f"customer{rng.randrange(200_000)}@bench.example"
        rows["tickets"].append(
            (
                ids["ticket"],
                ref,
                email.split("@")[0],
                email,
                "en",
                "Bench ticket",
                rng.choice(TOPICS),
                "solved" if solved else "open",
                rng.choice(agents),
                context,
                "agent",
                created,
                solved or created,
                first,
                solved,
            )
        )
        if solved:
            ids["solve"] += 1
            rows["ticket_solves"].append((ids["solve"], ids["ticket"], solved))
        if solved and rng.random() < 0.1:
            ids["survey"] += 1
            rows["survey_responses"].append(
                (
                    ids["survey"],
                    "csat",
                    rng.choice((1, 2, 3, 4, 4, 5, 5, 5)),
                    "",
                    "ticket",
                    ref,
                    f"email:{email}",
                    solved + timedelta(hours=1),
                )
            )
    for kind, low, high, n in (("nps", 0, 10, 30), ("ces", 1, 7, 50)):
        for _ in range(n):
            ids["survey"] += 1
            rows["survey_responses"].append(
                (
                    ids["survey"],
                    kind,
                    rng.randint(low, high),
                    "",
                    "bench",
                    f"b{ids['survey']}",
                    f"bench:{ids['survey']}",
                    moment(),
                )
            )
    for _ in range(300):
        ids["vote"] += 1
        when = moment()
        rows["helpful_votes"].append(
            (
                ids["vote"],
                "article",
                rng.choice(article_ids),
                f"v:b{ids['vote']}",
                rng.random() < 0.7,
                "",
                when,
                when,
            )
        )
    for _ in range(200):
        ids["deflection"] += 1
        rows["deflections"].append((ids["deflection"], rng.choice(queries), "/kb/x", moment()))
    for _ in range(counts["chats"]):
        ids["chat"] += 1
        started = moment()
        queued = started + timedelta(minutes=2) if rng.random() < 0.4 else None
        taken = (
            queued + timedelta(seconds=rng.lognormvariate(4, 1))
            if queued and rng.random() < 0.85
            else None
        )
        rows["chats"].append(
            (
                ids["chat"],
                f"C-B{ids['chat']:07d}",
                f"s{ids['chat']}",
                "ended",
                "en",
                "",
                "",
                [],
                0,
                0,
                started,
                queued,
                taken,
            )
        )
        for minute, kind in enumerate(("customer", "bot"), start=1):
            ids["message"] += 1
            helpful = rng.choice((True, False, None)) if kind == "bot" else None
            data = {"found": rng.random() < 0.7} if kind == "bot" else None
            rows["chat_messages"].append(
                (
                    ids["message"],
                    ids["chat"],
                    kind,
                    "…",
                    data,
                    helpful,
                    started + timedelta(minutes=minute),
                )
            )
    return rows


TABLES = {
    "search_logs": ("id", "query", "result_count", "language", "visitor", "created_at"),
    "search_clicks": ("id", "search_id", "url", "position", "created_at"),
    "tickets": (
        "id",
        "ref",
        "requester_name",
        "requester_email",
        "locale",
        "subject",
        "topic",
        "status",
        "assignee_id",
        "context",
        "last_speaker",
        "created_at",
        "updated_at",
        "first_response_at",
        "solved_at",
    ),
    "ticket_solves": ("id", "ticket_id", "created_at"),
    "survey_responses": (
        "id",
        "kind",
        "score",
        "comment",
        "subject_kind",
        "subject_ref",
        "respondent_key",
        "created_at",
    ),
    "helpful_votes": (
        "id",
        "page_kind",
        "page_id",
        "voter_key",
        "helpful",
        "comment",
        "created_at",
        "updated_at",
    ),
    "deflections": ("id", "query", "target_url", "created_at"),
    "chats": (
        "id",
        "ref",
        "secret",
        "status",
        "locale",
        "visitor_name",
        "visitor_email",
        "context",
        "revision",
        "last_message_id",
        "created_at",
        "queued_at",
        "taken_at",
    ),
    "chat_messages": ("id", "chat_id", "kind", "body", "data", "helpful", "created_at"),
}


def generate(days: int, counts: dict[str, int], seed: int) -> None:
    """Fill the database with `days` days of events up to today."""
    from portal.insights.periods import day_start_utc, local_today
    from portal.insights.tracking import portal_timezone

    rng = random.Random(seed)
    tz: ZoneInfo = portal_timezone()
    today = local_today(tz)
    agents, slugs, article_ids = _base_rows(rng)
    queries, zero_queries = _queries(rng, 3000), [f"zz {q}" for q in _queries(rng, 400)]
    ids = dict.fromkeys(
        ("search", "click", "ticket", "solve", "survey", "vote", "deflection", "chat", "message"),
        0,
    )
    loader = Loader()
    counts = {**counts, "searches_in_sql": loader.postgres}
    dates = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    with click.progressbar(dates, label="Generating days") as bar:
        for day in bar:
            rows = _day_rows(
                rng,
                day_start_utc(day, tz),
                ids,
                counts,
                queries,
                zero_queries,
                agents,
                slugs,
                article_ids,
            )
            for table, columns in TABLES.items():
                loader.write(table, columns, rows[table])
            if counts["searches_in_sql"]:
                loader.searches_in_sql(
                    day_start_utc(day, tz), ids["search"], counts["searches"], queries, zero_queries
                )
                ids["search"] += counts["searches"]
            loader.connection.commit()
    loader.finish(tuple(TABLES))


def rollup_all(days: int) -> None:
    """Roll every generated day up, as the hourly command would have done."""
    from portal.insights import rollup
    from portal.insights.periods import local_today
    from portal.insights.tracking import portal_timezone

    tz = portal_timezone()
    today = local_today(tz)
    dates = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    with click.progressbar(dates, label="Rolling up days") as bar:
        for day in bar:
            rollup.ensure_rolled([day], tz, 300)


def measure(app, requests: int) -> dict[str, list[tuple[float, float]]]:
    """Milliseconds per request of /insights/ for each preset, after a warm-up: wall-clock
    time, and this process's CPU time (on SQLite that includes the database's work, and it
    depends much less than wall-clock time on what else runs on the machine)."""
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": "agent0@bench.example", "password": "bench password 1"}
    )
    if response.status_code != 303:
        raise click.ClickException("Logging in as the bench agent failed.")
    timings: dict[str, list[tuple[float, float]]] = {}
    for days in (7, 30, 90):
        url = f"/insights/?days={days}"
        for _ in range(2):
            client.get(url)
        found = []
        for _ in range(requests):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            found.append(
                ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
            )
            if response.status_code != 200:
                raise click.ClickException(f"{url} answered {response.status_code}.")
        timings[url] = found
    return timings


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


@click.command()
@click.option("--days", default=365, show_default=True, help="Days of data, up to today.")
@click.option("--tickets", default=1000, show_default=True, help="Tickets a day.")
@click.option("--searches", default=50_000, show_default=True, help="Searches a day.")
@click.option("--chats", default=200, show_default=True, help="Chats a day.")
@click.option("--requests", default=30, show_default=True, help="Timed requests per period.")
@click.option("--database-url", default="", help="An empty PostgreSQL database; else SQLite.")
@click.option("--seed", default=16, show_default=True)
@click.option(
    "--measure-only", is_flag=True, help="Time the page on a database a previous run filled."
)
def main(days, tickets, searches, chats, requests, database_url, seed, measure_only) -> None:
    """Generate the data, roll it up, and report the page's p95 against the 300 ms target."""
    instance = Path(tempfile.mkdtemp(prefix="insights-bench-"))
    url = database_url or f"sqlite:///{instance / 'portal.db'}"
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "PORTAL_EMBEDDING_MODEL": "off",
            "PORTAL_SEARCH_DIR": str(instance / "search"),
            "PORTAL_OUTBOX_DIR": str(instance / "outbox"),
            "MAIL_SERVER": "",
        }
    )
    if measure_only:
        if not database_url:
            raise click.ClickException("--measure-only needs the --database-url of a filled run.")
        _report(measure(app, requests))
        return
    with app.app_context():
        if database_url and inspect(db.engine).get_table_names():
            raise click.ClickException(
                "The database is not empty: give an empty one (createdb NAME) or none for SQLite."
            )
        upgrade()
        counts = {"tickets": tickets, "searches": searches, "chats": chats}
        started = time.perf_counter()
        generate(days, counts, seed)
        click.echo(f"Generated {days} day(s) in {time.perf_counter() - started:.0f} s.")
        started = time.perf_counter()
        rollup_all(days)
        click.echo(f"Rolled up in {time.perf_counter() - started:.0f} s.")
        if db.engine.dialect.name == "postgresql":
            # As autovacuum would have by now: statistics and a visibility map for the
            # roll-ups, so the page's index-only scans skip the table.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE insight_days, insight_rollups"))
        rows = db.session.execute(text("SELECT count(*) FROM search_logs")).scalar()
        click.echo(f"{rows:,} searches, {days * tickets:,} tickets ({db.engine.dialect.name}).")
        db.session.remove()
    _report(measure(app, requests))


def _report(timings: dict[str, list[tuple[float, float]]]) -> None:
    worst = 0.0
    for url, pairs in timings.items():
        values, cpu = [wall for wall, _cpu in pairs], [used for _wall, used in pairs]
        worst = max(worst, p95(values))
        click.echo(
            f"{url:24} p50 {statistics.median(values):6.1f} ms   p95 {p95(values):6.1f} ms"
            f"   CPU p50 {statistics.median(cpu):6.1f} ms   p95 {p95(cpu):6.1f} ms"
        )
    verdict = "met" if worst <= TARGET_MS else "MISSED"
    click.echo(f"p95 {worst:.1f} ms against a target of {TARGET_MS} ms: {verdict}.")


if __name__ == "__main__":
    main()
