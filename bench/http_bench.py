"""HTTP benchmark: serve the portal with gunicorn and drive its pages with wrk.

    .venv/bin/python bench/http_bench.py            # or: make bench
    .venv/bin/python bench/http_bench.py --only article --duration 30

It builds a throw-away instance (SQLite in a temporary folder, migrations, demo content),
starts gunicorn on 127.0.0.1 with bench/wsgi.py (the portal plus a hello-world view), warms
each scenario up, measures it with wrk for a fixed time at a fixed number of connections, and
prints requests per second, p50 and p99 latency, errors, and throughput as a share of
hello-world's. The targets are reported, not asserted: the command fails only on errors.

A later feature adds its page with one more Scenario in SCENARIOS; its `setup` function runs
in an app context after the demo is loaded and may create the data the page needs (as the
forum scenarios do: a thread of 1,000 posts, a category of 10,000 threads, see
bench/forum_data.py) and return the path to drive. A scenario's `targets` are the issue's
goals for that page.

Pages that visitors who are not logged in see alike come from the page cache
(portal/core/pagecache.py), and wrk's requests are such visitors: every page driven here
but hello-world (the article, KB home, forum thread and category) is rendered once per
worker and then served from memory, as it is for real visitors; logged-in members get a
page rendered for them (from the shared fragments where a page has them).
`--no-page-cache` turns the cache off to measure what rendering a page costs.

The logged-in scenarios (`member-article`, `member-thread`, `poster-thread`,
`member-tickets`, `agent-ticket`) send the session cookie of an account (a demo one, or for
`member-thread` a member who wrote nothing in the thread), obtained once per run by a real
log-in: GET /auth/login for the CSRF token, then POST the form. They never get the visitors'
page cache; they get what a member or agent gets, shared fragments included.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
HOST = "127.0.0.1"  # the benchmark only ever talks to this machine
if str(REPO_ROOT) not in sys.path:  # run as a script: the forum scenarios import bench.*
    sys.path.insert(0, str(REPO_ROOT))


# Chosen by measurement on a 2-core machine; see the README's performance section.
DEFAULT_WORKERS = 2
DEFAULT_WORKER_CLASS = "gthread"
DEFAULT_THREADS = 4


@dataclass(frozen=True)
class Targets:
    """A page's goals: at least a share of hello-world's throughput, and a p99 under a limit."""

    ratio: float
    p99_ms: float
    label: str = ""  # how the ratio reads in the issue, e.g. "1/3"
    cpu_ms: float | None = None  # server CPU time per request, where the issue sets one

    def met(self, result: Result) -> tuple[bool, ...]:
        """Whether the result meets the ratio, the p99 and (where set) the CPU target."""
        ratio_ok = result.ratio is not None and result.ratio >= self.ratio
        met = (ratio_ok, result.p99_ms < self.p99_ms)
        if self.cpu_ms is not None:
            met += (result.cpu_ms is not None and result.cpu_ms <= self.cpu_ms,)
        return met

    def verdict(self, result: Result) -> str:
        ratio_ok, p99_ok, *cpu_ok = self.met(result)
        text = (
            f"ratio >= {self.label or f'{self.ratio:g}'}: {'met' if ratio_ok else 'MISSED'}, "
            f"p99 < {self.p99_ms:.0f} ms: {'met' if p99_ok else 'MISSED'}"
        )
        if cpu_ok:
            text += f", CPU <= {self.cpu_ms:g} ms: {'met' if cpu_ok[0] else 'MISSED'}"
        return text


# The targets on 2 cores: an article page at half of hello-world's throughput or
# better with a p99 under 50 ms; forum pages (a thread of 1,000 posts, first and last page,
# and a category of 10,000 threads) at a third or better with a p99 under 80 ms.
ARTICLE_TARGETS = Targets(ratio=0.5, p99_ms=50.0)
FORUM_TARGETS = Targets(ratio=1 / 3, p99_ms=80.0, label="1/3")
# Logged-in pages (issue #18): each at least a quarter of hello-world's throughput, p99 under
# 60 ms, and at most 1.5 ms of server CPU per request.
MEMBER_TARGETS = Targets(ratio=0.25, p99_ms=60.0, cpu_ms=1.5)
LONG_THREAD_POSTS = 1000
BUSY_CATEGORY_THREADS = 10_000


@dataclass(frozen=True)
class Scenario:
    """A page to drive: a fixed path, or a setup function that prepares data and returns one."""

    name: str
    path: str = ""
    setup: Callable[[], str] | None = None
    # The goals for this page, reported beside its figures; None: no target.
    targets: Targets | None = None
    # A demo account (email) whose log-in session the requests carry; None: a visitor.
    user: str | None = None


def _article_path() -> str:
    """A long published demo article with a table of contents, tags and neighbours."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.kb.models import Article

    slug = "fix-slow-or-dropping-wifi"
    found = db.session.scalar(select(Article.slug).where(Article.slug == slug))
    if found is None:
        raise BenchError(f"The demo article {slug!r} is missing: check content/articles/.")
    return f"/kb/{slug}"


def _demo_people() -> list[int]:
    """The ids of the demo's forum members, who write the benchmark's posts in turn."""
    from portal.auth.services import find_user_by_email
    from portal.forum.demo_content import DEMO_AUTHORS

    users = [find_user_by_email(email) for email in DEMO_AUTHORS.values()]
    if None in users:
        raise BenchError("The demo users are missing: check `flask demo load`.")
    return [user.id for user in users]


@functools.cache
def _long_thread() -> tuple[int, int]:
    """A thread of 1,000 posts in a demo category (made once per run): its id and pages."""
    from sqlalchemy import select

    from bench.forum_data import create_long_thread
    from portal.extensions import db
    from portal.forum.models import ForumCategory
    from portal.forum.queries import POSTS_PER_PAGE, page_count

    category = db.session.scalar(select(ForumCategory.id).where(ForumCategory.slug == "connection"))
    if category is None:
        raise BenchError("The demo forum category 'connection' is missing.")
    thread_id = create_long_thread(category, _demo_people(), posts=LONG_THREAD_POSTS)
    return thread_id, page_count(LONG_THREAD_POSTS, POSTS_PER_PAGE)


def _thread_first_page() -> str:
    return f"/forum/t/{_long_thread()[0]}"


def _thread_last_page() -> str:
    thread_id, pages = _long_thread()
    return f"/forum/t/{thread_id}?page={pages}"


def _busy_category() -> str:
    """A category of 10,000 threads, its first page in the default order (latest activity)."""
    from bench.forum_data import create_busy_category

    return f"/forum/{create_busy_category(_demo_people(), threads=BUSY_CATEGORY_THREADS).slug}/"


def _customer_ticket() -> str:
    """The agent's view of one of the demo customer's tickets."""
    from sqlalchemy import select

    from portal.auth.services import find_user_by_email
    from portal.extensions import db
    from portal.tickets.models import Ticket

    customer = find_user_by_email(CUSTOMER)
    ref = customer and db.session.scalar(
        select(Ticket.ref).where(Ticket.user_id == customer.id).order_by(Ticket.id)
    )
    if ref is None:
        raise BenchError("The demo customer has no ticket: check `flask demo load`.")
    return f"/agent/tickets/{ref}"


CUSTOMER = "customer@example.com"
AGENT = "agent@example.com"
# A member who wrote nothing in the long thread, as most of its readers: every demo account
# wrote some of its posts, and a post's author sees it with their own Edit and Delete.
READER = ("reader@example.com", "bench-reader-pass")


def _reader_thread_page() -> str:
    """The long thread's first page, for a member account the benchmark makes for reading."""
    from portal.auth.services import create_user, find_user_by_email

    if find_user_by_email(READER[0]) is None:
        create_user(READER[0], "Rina Reader", READER[1], role="customer")
    return _thread_first_page()


SCENARIOS: list[Scenario] = [
    Scenario("hello", path="/_bench/hello"),
    Scenario("article", setup=_article_path, targets=ARTICLE_TARGETS),
    Scenario("kb-home", path="/kb/"),
    Scenario("thread-first", setup=_thread_first_page, targets=FORUM_TARGETS),
    Scenario("thread-last", setup=_thread_last_page, targets=FORUM_TARGETS),
    Scenario("category", setup=_busy_category, targets=FORUM_TARGETS),
    Scenario("member-article", setup=_article_path, targets=MEMBER_TARGETS, user=CUSTOMER),
    Scenario("member-thread", setup=_reader_thread_page, targets=MEMBER_TARGETS, user=READER[0]),
    Scenario("poster-thread", setup=_thread_first_page, targets=MEMBER_TARGETS, user=CUSTOMER),
    Scenario("member-tickets", path="/tickets/", targets=MEMBER_TARGETS, user=CUSTOMER),
    Scenario("agent-ticket", setup=_customer_ticket, targets=MEMBER_TARGETS, user=AGENT),
]


@dataclass
class Result:
    """One scenario's measurement."""

    name: str
    path: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    error_detail: dict
    cpu_ms: float | None = None
    ratio: float | None = None
    target_ratio: float | None = None
    target_p99_ms: float | None = None
    targets_met: bool | None = None


class BenchError(Exception):
    """Something the person running the benchmark must fix; the message says what."""


# Setup ---------------------------------------------------------------------------------


def find_wrk() -> str:
    """The wrk executable, installed with apt-get when missing and possible."""
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    apt = shutil.which("apt-get")
    can_install = apt and (os.geteuid() == 0 or shutil.which("sudo"))
    if not can_install:
        raise BenchError(
            "The load generator wrk is not installed. Install it (Debian/Ubuntu: "
            "`sudo apt-get install wrk`, macOS: `brew install wrk`), then run again."
        )
    print("wrk (the load generator) is not installed; installing Debian's package with apt-get")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(prefix + args, env=env, check=False).returncode != 0:  # noqa: S603
            raise BenchError("Installing wrk failed; run `sudo apt-get install wrk`, then again.")
    return shutil.which("wrk") or "wrk"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_environment(instance: Path, database_url: str | None = None) -> dict[str, str]:
    """Environment for every step: the temporary instance, its own SQLite file, no debug.

    `database_url` replaces the SQLite file (the load command's PostgreSQL run).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG", "FLASK_APP")}
    env.update(
        PORTAL_INSTANCE_PATH=str(instance),
        # Set explicitly so a DATABASE_URL from the shell or .env never gets the demo loaded.
        DATABASE_URL=database_url or f"sqlite:///{instance / 'portal.db'}",
        PORTAL_SEARCH_DIR=str(instance / "search"),
        PYTHONUNBUFFERED="1",
    )
    return env


def flask_command(env: dict[str, str], *args: str) -> None:
    """Run `flask --app portal ARGS` for the bench instance; stop with its output on failure."""
    command = [sys.executable, "-m", "flask", "--app", "portal", *args]
    done = subprocess.run(  # noqa: S603
        command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(
            f"`flask {' '.join(args)}` failed:\n{done.stdout}{done.stderr}\n"
            "Fix the problem above (does `make run` work?), then run the benchmark again."
        )


def prepare_instance(instance: Path, scenarios: list[Scenario]) -> list[tuple[Scenario, str]]:
    """Migrate, load the demo and run each scenario's setup; return the paths to drive."""
    env = bench_environment(instance)
    step("Creating the schema (flask db upgrade)")
    flask_command(env, "db", "upgrade")
    step("Loading the demo content (flask demo load)")
    flask_command(env, "demo", "load")
    # Built now, from the demo alone: otherwise the first /healthz builds it, after the
    # scenarios' bulk data is in (10,000 forum threads would take a minute to index).
    step("Building the search index (flask search reindex)")
    flask_command(env, "search", "reindex")
    os.environ.update(env)
    from portal import create_app
    from portal.extensions import db

    app = create_app()
    targets = []
    with app.app_context():
        for scenario in scenarios:
            if scenario.setup:
                step(f"Preparing scenario {scenario.name}")
            targets.append((scenario, scenario.setup() if scenario.setup else scenario.path))
        db.engine.dispose()
    return targets


@contextlib.contextmanager
def gunicorn(
    instance: Path,
    port: int,
    workers: int,
    worker_class: str,
    threads: int,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen]:
    """Serve bench/wsgi.py with gunicorn on 127.0.0.1:port until the block ends.

    `env` replaces the default environment (bench_environment(instance)).
    """
    log = instance / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{HOST}:{port}",
        "--workers", str(workers),
        "--worker-class", worker_class,
        "--chdir", str(REPO_ROOT),
        "--error-logfile", str(log),
        "--log-level", "warning",
        "bench.wsgi:app",
    ]  # fmt: skip
    if worker_class == "gthread":
        # Only here: with --threads above 1 gunicorn silently turns sync workers into gthread.
        command[-1:-1] = ["--threads", str(threads)]
    server = subprocess.Popen(  # noqa: S603
        command, env=env or bench_environment(instance), cwd=REPO_ROOT, stdout=subprocess.DEVNULL
    )
    try:
        wait_until_healthy(server, port, log)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_healthy(server: subprocess.Popen, port: int, log: Path, timeout: float = 30) -> None:
    """Poll /healthz until it answers 200; stop with gunicorn's log if it never does."""
    deadline = time.monotonic() + timeout
    url = f"http://{HOST}:{port}/healthz"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with code {server.returncode}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise BenchError(f"/healthz did not answer within {timeout:.0f} s:\n{tail(log)}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _session_cookie(headers) -> str | None:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return None


def log_in(port: int, email: str) -> str:
    """Log a demo account in through the log-in form; return its `session=...` cookie.

    Done by hand, not with a cookie jar: outside debug mode the cookie is marked Secure,
    and a jar would not send it back over the benchmark's plain http.
    """
    from portal.demo.users import DEMO_USERS

    accounts = {e: p for e, _n, _r, p in DEMO_USERS} | dict([READER])
    password = accounts.get(email)
    if password is None:
        raise BenchError(f"{email} is not a demo account.")
    base = f"http://{HOST}:{port}/auth/login"
    with urllib.request.urlopen(base, timeout=10) as response:
        page = response.read().decode()
        cookie = _session_cookie(response.headers)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if token is None or cookie is None:
        raise BenchError("The log-in page gave no CSRF token or session cookie.")
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token[1]})
    request = urllib.request.Request(
        base, data=form.encode(), headers={"Cookie": cookie}, method="POST"
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(request, timeout=10)
        raise BenchError(f"Logging in as {email} did not redirect: wrong password?")
    except urllib.error.HTTPError as exc:
        session = _session_cookie(exc.headers) if exc.code == 303 else None
        if session is None:
            raise BenchError(f"Logging in as {email} answered {exc.code}.") from exc
        return session


def check_page(port: int, path: str, cookie: str | None = None) -> None:
    """Fetch a page once, so a broken page is reported as such rather than as slow."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", headers={"Cookie": cookie} if cookie else {}
    )
    try:
        opener = urllib.request.build_opener(_NoRedirect)
        with opener.open(request, timeout=10) as response:
            if response.status == 200:
                return
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    raise BenchError(f"{path} answered {status}, not 200; open it with `make run` to see why.")


# Measuring -----------------------------------------------------------------------------


def server_cpu_seconds(master_pid: int) -> float | None:
    """CPU time used so far by gunicorn's master and workers (Linux /proc), or None.

    Throughput depends on whatever else the machine runs; CPU time per request does not,
    so it is the fairer figure for comparing settings or code on a busy machine.
    """
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    found = False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master_pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime + stime
            found = True
    return total / ticks if found else None


def run_wrk(
    wrk: str,
    port: int,
    path: str,
    seconds: float,
    connections: int,
    threads: int,
    cookie: str | None = None,
) -> dict:
    """Drive one URL with wrk (with a session cookie if given); return its summary."""
    command = [
        wrk,
        *(["--header", f"Cookie: {cookie}"] if cookie else []),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={BENCH_DIR / 'wrk_report.lua'}",
        f"http://{HOST}:{port}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise BenchError(f"wrk gave no summary (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def measure(name: str, path: str, raw: dict, cpu_seconds: float | None) -> Result:
    """Turn wrk's summary, and the server's CPU time during it, into a Result."""
    seconds = raw["duration_us"] / 1e6
    detail = {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]}
    return Result(
        name=name,
        path=path,
        requests=raw["requests"],
        seconds=round(seconds, 2),
        rps=round(raw["requests"] / seconds, 1),
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors=sum(detail.values()),
        error_detail=detail,
        cpu_ms=round(cpu_seconds * 1000 / raw["requests"], 2)
        if cpu_seconds is not None and raw["requests"]
        else None,
    )


# Reporting -----------------------------------------------------------------------------


def step(message: str) -> None:
    """Show progress on a long step."""
    print(f"== {message}", flush=True)


def tail(path: Path, lines: int = 30) -> str:
    """The end of a log file, or a note that there is none."""
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def machine() -> dict:
    """What the figures were measured on."""
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def judge(results: list[Result]) -> None:
    """Set each result's share of hello-world's throughput and, where set, its targets."""
    hello = next(r for r in results if r.name == "hello")
    targets = {s.name: s.targets for s in SCENARIOS}
    for r in results:
        r.ratio = round(r.rps / hello.rps, 2) if hello.rps else None
        goal = targets.get(r.name)
        if goal is not None:
            r.target_ratio, r.target_p99_ms = round(goal.ratio, 3), goal.p99_ms
            r.targets_met = all(goal.met(r))


def table(results: list[Result]) -> str:
    """The results as a plain-text table, with the targets where they apply."""
    header = f"{'scenario':<14} {'path':<32} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
    header += f"{'errors':>6} {'vs hello':>8} {'CPU ms/req':>10}  targets"
    lines = [header, "-" * len(header)]
    targets = {s.name: s.targets for s in SCENARIOS}
    for r in results:
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        cpu = f"{r.cpu_ms:.2f}" if r.cpu_ms is not None else "-"
        goal = targets.get(r.name)
        verdict = goal.verdict(r) if goal is not None else ""
        lines.append(
            f"{r.name:<14} {r.path[:32]:<32} {r.rps:>8.1f} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f} "
            f"{r.errors:>6} {ratio:>8} {cpu:>10}  {verdict}"
        )
    return "\n".join(lines)


def save(results: list[Result], settings: dict) -> Path:
    """Keep the run as JSON in bench/results/ (ignored by git) for comparing runs."""
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"http-{stamp}.json"
    payload = {
        "when": stamp,
        "machine": machine(),
        "settings": settings,
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


# Command -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = [s.name for s in SCENARIOS]
    parser.add_argument("--duration", type=float, default=10, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds before each")
    parser.add_argument("--connections", type=int, default=16, help="concurrent clients")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk's own threads")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn workers")
    parser.add_argument(
        "--worker-class",
        default=DEFAULT_WORKER_CLASS,
        choices=["sync", "gthread"],
        help="gunicorn worker class",
    )
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="threads per worker")
    parser.add_argument(
        "--only", action="append", choices=names, help="run only this scenario (repeatable)"
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="turn the page cache for visitors off (PORTAL_PAGE_CACHE_SECONDS=0)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when no request failed, 1 on errors, 2 when it could not run."""
    args = parse_args(argv)
    wanted = set(args.only or [])
    # hello-world is the yardstick: always measured.
    scenarios = [s for s in SCENARIOS if not wanted or s.name in wanted or s.name == "hello"]
    settings = {
        "connections": args.connections,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "wrk_threads": args.wrk_threads,
        "gunicorn": f"{args.workers} workers, {args.worker_class}"
        + (f", {args.threads} threads" if args.worker_class == "gthread" else ""),
        "database": "SQLite (temporary instance)",
        "page_cache": "off" if args.no_page_cache else "on",
    }
    info = machine()
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['system']}, "
        f"Python {info['python']}\n"
        f"gunicorn: {settings['gunicorn']}; wrk: {args.connections} connections, "
        f"{args.wrk_threads} threads, {args.duration:g} s per page after {args.warmup:g} s "
        "warm-up.\nwrk runs on the same cores as the server, so it takes part of their time."
        f"\nLoad average before the run: {os.getloadavg()[0]:.1f} (other work on this machine)."
        f"\nPage cache for visitors (wrk is one): {settings['page_cache']}."
    )
    instance = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        wrk = find_wrk()
        targets = prepare_instance(instance, scenarios)
        port = free_port()
        step(f"Starting gunicorn on http://{HOST}:{port}")
        results = []
        env = bench_environment(instance)
        if args.no_page_cache:
            env["PORTAL_PAGE_CACHE_SECONDS"] = "0"
        serving = gunicorn(instance, port, args.workers, args.worker_class, args.threads, env)
        with serving as server:
            cookies = {s.user: log_in(port, s.user) for s, _path in targets if s.user}
            for scenario, path in targets:
                cookie = cookies.get(scenario.user or "")
                check_page(port, path, cookie)
                step(f"{scenario.name}: {path} ({args.warmup:g} s warm-up, {args.duration:g} s)")
                drive = functools.partial(
                    run_wrk, wrk, port, path, connections=args.connections, cookie=cookie
                )
                if args.warmup > 0:
                    drive(args.warmup, threads=args.wrk_threads)
                cpu_before = server_cpu_seconds(server.pid)
                raw = drive(args.duration, threads=args.wrk_threads)
                cpu_after = server_cpu_seconds(server.pid)
                cpu = None if None in (cpu_before, cpu_after) else cpu_after - cpu_before
                results.append(measure(scenario.name, path, raw, cpu))
    except BenchError as exc:
        print(f"\nThe benchmark could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"Instance kept in {instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)

    judge(results)
    print()
    print(table(results))
    print(f"\nSaved to {save(results, settings).relative_to(REPO_ROOT)}")
    failed = [r for r in results if r.errors]
    if failed:
        for r in failed:
            print(f"{r.name}: {r.errors} failed requests {r.error_detail}", file=sys.stderr)
        print("Requests failed: see the gunicorn log (run with --keep).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
