"""Chat benchmark: message delivery with many chats open, and page latency meanwhile.

    .venv/bin/python bench/chat_bench.py            # or: make bench-chat
    .venv/bin/python bench/chat_bench.py --chats 200 --duration 30

It builds a throw-away instance (SQLite, migrations, demo content), opens CHATS chats that
agents have taken (10 agents, capacity 20 each), and serves the portal with gunicorn as in
production (2 gthread workers of 4 threads). Then, on one asyncio loop:

- every chat's customer page polls /chat/updates as chat.js does (one request, then
  PORTAL_CHAT_POLL_MS of pause, over a kept-alive connection);
- agents post replies to random chats at --rate messages per second, each with a marker;
  a message's delivery time runs from the moment its POST starts until the customer's poll
  returns it. A share of the replies (--typed) is typed first, as in the console: a typing
  notice goes out, the agent types for 1.5-3 s, then sends; the customer's page polls more
  often while it shows "typing" (chat.js does the same). The rest arrive with no notice (the
  worst case), and both kinds are reported apart;
- a few visitors read the article page and search while all this goes on; their latency
  is compared with a run of the same visitors before any chat was open.

It prints delivery p50/p95/max against the 1 s target and the page latencies, and keeps the
run as JSON in bench/results/. The figures are reported, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.http_bench import (  # noqa: E402
    HOST,
    RESULTS_DIR,
    BenchError,
    bench_environment,
    flask_command,
    gunicorn,
    machine,
    server_cpu_seconds,
    step,
)

AGENTS = 10
AGENT_PASSWORD = "bench agent password 42"  # noqa: S105  (a throw-away instance)
MARKER = re.compile(r"bench-(\d+)-end")
PAGES = ("/kb/fix-slow-or-dropping-wifi", "/search?q=wifi+drops")


# Setup ---------------------------------------------------------------------------------


def prepare(instance: Path, chats: int) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Demo data, agents and chats; returns customer session cookies and agents' chat ids."""
    env = bench_environment(instance)
    env.update(SESSION_COOKIE_SECURE="0", PORTAL_CHAT_AGENT_TIMEOUT="600")
    step("Creating the schema and loading the demo")
    flask_command(env, "db", "upgrade")
    flask_command(env, "demo", "load")
    flask_command(env, "search", "reindex")
    os.environ.update(env)
    from portal import create_app
    from portal.auth.services import create_user
    from portal.chat import access, conversation, queue
    from portal.extensions import db

    app = create_app()
    cookies: list[str] = []
    agents: list[tuple[str, list[int]]] = []
    with app.app_context(), app.test_request_context():
        signer = app.session_interface.get_signing_serializer(app)
        people = []
        for n in range(AGENTS):
            agent = create_user(
                f"bench-agent{n}@example.com", f"Agent {n}", AGENT_PASSWORD, "agent"
            )
            queue.set_availability(agent, True)
            queue.set_capacity(agent, (chats + AGENTS - 1) // AGENTS)
            people.append((agent, []))
        step(f"Opening {chats} chats, each taken by an agent")
        for n in range(chats):
            chat = conversation.start_chat(None, [], "en")
            conversation.send(chat, None, f"Bench question {n}")
            queue.request_person(chat)
            agent, mine = people[n % AGENTS]
            queue.take(agent, chat)
            mine.append(chat.id)
            cookies.append(signer.dumps({"chat_token": access.chat_token(chat)}))
        agents = [(agent.email, mine) for agent, mine in people]
        db.engine.dispose()
    return cookies, agents


def log_in(port: int, email: str) -> tuple[str, str]:
    """Log an agent in over HTTP; returns their Cookie header and a CSRF token for posts."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://{HOST}:{port}"
    page = opener.open(base + "/auth/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    data = urllib.parse.urlencode({"email": email, "password": AGENT_PASSWORD, "csrf_token": token})
    opener.open(base + "/auth/login", data=data.encode(), timeout=10).read()
    console = opener.open(base + "/agent/chats", timeout=10).read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', console)
    if csrf is None:
        raise BenchError(f"{email} could not log in to /agent/chats.")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, csrf[1]


# A small HTTP/1.1 client: one kept-alive connection per simulated browser -------------


class Connection:
    """One browser's connection to the server, reused between requests like a browser's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port)

    async def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> tuple[int, bytes]:
        """Send a request and read the whole answer; reconnect once if the server hung up."""
        for attempt in (1, 2):
            if self.writer is None:
                await self._open()
            try:
                return await self._exchange(method, path, headers or {}, body)
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, method, path, headers, body) -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


# The load ------------------------------------------------------------------------------


class Run:
    """Shared state of one measured run."""

    def __init__(self, port: int, interval: float, stop_at: float) -> None:
        self.port = port
        self.interval = interval
        self.stop_at = stop_at
        self.sent: dict[int, float] = {}
        self.typed: set[int] = set()
        self.delivery: list[float] = []
        self.delivery_typed: list[float] = []
        self.delivery_untyped: list[float] = []
        self.polls = 0
        self.polls_with_news = 0
        self.poll_errors = 0
        self.send_errors = 0
        self.duplicates = 0
        self.page_times: list[float] = []
        self.page_errors = 0


async def customer(run: Run, cookie: str, start_delay: float) -> None:
    """A customer's open chat page: poll, pause, poll again, as chat.js does."""
    await asyncio.sleep(start_delay)
    connection = Connection(run.port)
    after, rev, mark = 0, -1, "-"
    typing_until = 0.0
    quick = max(0.25, run.interval / 3)
    seen: set[int] = set()
    headers = {"Cookie": f"session={cookie}", "X-Chat-Client": "1"}
    while time.monotonic() < run.stop_at:
        path = f"/chat/updates?after={after}&rev={rev}&mark={mark}"
        try:
            status, body = await connection.request("GET", path, headers)
        except OSError:
            run.poll_errors += 1
            await asyncio.sleep(run.interval)
            continue
        now = time.monotonic()
        run.polls += 1
        if status == 200:
            run.polls_with_news += 1
            data = json.loads(body)
            rev, mark = data["rev"], data.get("mark", "-")
            typing_until = now + 6 if data.get("typing") else 0.0
            for message in data["messages"]:
                after = max(after, message["id"])
                for found in MARKER.finditer(message["html"]):
                    number = int(found.group(1))
                    if number in seen:
                        run.duplicates += 1
                        continue
                    seen.add(number)
                    if number in run.sent:
                        took = now - run.sent[number]
                        run.delivery.append(took)
                        kind = run.delivery_typed if number in run.typed else run.delivery_untyped
                        kind.append(took)
        elif status != 204:
            run.poll_errors += 1
        await asyncio.sleep(quick if time.monotonic() < typing_until else run.interval)
    connection.close()


async def agents_sending(
    run: Run, agents: list[tuple[str, str, list[int]]], rate: float, typed: float
) -> None:
    """Agents answer random chats, `rate` messages a second in all, each with a marker.

    A `typed` share of the replies is typed first: the typing notice (on a second connection,
    as a browser would use), 1.5-3 s of typing, then the reply.
    """
    connections = [Connection(run.port) for _ in agents]
    typing_connections = [Connection(run.port) for _ in agents]
    # A browser sends one request at a time on a connection.
    locks = [asyncio.Lock() for _ in agents]
    typing_locks = [asyncio.Lock() for _ in agents]
    number = 0
    while time.monotonic() < run.stop_at - 5:  # typed replies land 1.5-3 s later
        index = random.randrange(len(agents))
        cookie, csrf, chat_ids = agents[index]
        chat_id = random.choice(chat_ids)
        number += 1
        body = urllib.parse.urlencode({"body": f"Reply bench-{number}-end", "csrf_token": csrf})
        headers = {
            "Cookie": cookie,
            "X-Chat-Client": "1",
            "X-CSRFToken": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }

        notice = random.random() < typed

        async def post(
            index=index, chat_id=chat_id, body=body, headers=headers, number=number, notice=notice
        ):
            if notice:
                async with typing_locks[index]:
                    with contextlib.suppress(OSError):
                        await typing_connections[index].request(
                            "POST",
                            f"/agent/chats/{chat_id}/typing",
                            headers,
                            b"",
                        )
                await asyncio.sleep(random.uniform(1.5, 3))
                run.typed.add(number)
            async with locks[index]:
                run.sent[number] = time.monotonic()
                try:
                    status, _ = await connections[index].request(
                        "POST", f"/agent/chats/{chat_id}/reply", headers, body.encode()
                    )
                    if status != 200:
                        run.send_errors += 1
                except OSError:
                    run.send_errors += 1

        asyncio.get_running_loop().create_task(post())
        await asyncio.sleep(random.expovariate(rate))


async def agents_watching(run: Run, agents: list[tuple[str, str, list[int]]]) -> None:
    """Each agent's console refreshes its queue every 2 s (its heartbeat, too)."""

    async def one(cookie: str) -> None:
        connection = Connection(run.port)
        headers = {"Cookie": cookie, "X-Chat-Client": "1"}
        while time.monotonic() < run.stop_at:
            with contextlib.suppress(OSError):
                await connection.request("GET", "/agent/chats/updates", headers)
            await asyncio.sleep(2)

    await asyncio.gather(*(one(cookie) for cookie, _, _ in agents))


async def visitors(run: Run, count: int) -> None:
    """Visitors reading the article and searching, back to back, timing every page."""

    async def one(n: int) -> None:
        connection = Connection(run.port)
        i = n
        while time.monotonic() < run.stop_at:
            path = PAGES[i % len(PAGES)]
            i += 1
            started = time.monotonic()
            try:
                status, _ = await connection.request("GET", path)
            except OSError:
                run.page_errors += 1
                continue
            if status == 200:
                run.page_times.append(time.monotonic() - started)
            else:
                run.page_errors += 1
            await asyncio.sleep(0.1)

    await asyncio.gather(*(one(n) for n in range(count)))


async def hello_cost(port: int, requests: int = 300) -> int:
    """Fetch the hello-world view back to back: the yardstick for one request's cost."""
    connection = Connection(port)
    done = 0
    for _ in range(requests):
        status, _ = await connection.request("GET", "/_bench/hello")
        done += status == 200
    connection.close()
    return done


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank), in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000


async def measure(port, cookies, agents, args, with_chats: bool) -> Run:
    """One timed run: visitors alone, or visitors with every chat open and agents writing."""
    run = Run(port, args.poll_ms / 1000, time.monotonic() + args.duration)
    tasks = [visitors(run, args.visitors)]
    if with_chats:
        spread = args.poll_ms / 1000
        tasks += [customer(run, c, random.uniform(0, spread)) for c in cookies]
        tasks += [
            agents_sending(run, agents, args.rate, args.typed),
            agents_watching(run, agents),
        ]
    await asyncio.gather(*tasks)
    return run


def page_figures(run: Run) -> dict:
    """Latency of the visitors' pages in a run."""
    return {
        "pages": len(run.page_times),
        "p50_ms": round(percentile(run.page_times, 0.5), 1),
        "p95_ms": round(percentile(run.page_times, 0.95), 1),
        "p99_ms": round(percentile(run.page_times, 0.99), 1),
        "errors": run.page_errors,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200, help="chats open at once")
    parser.add_argument("--duration", type=float, default=30, help="seconds of each run")
    parser.add_argument("--rate", type=float, default=10, help="agent messages per second")
    parser.add_argument(
        "--typed", type=float, default=0.5, help="share of replies typed first (0 to 1)"
    )
    parser.add_argument("--poll-ms", type=int, default=750, help="chat.js's pause between polls")
    parser.add_argument("--visitors", type=int, default=4, help="visitors reading pages")
    parser.add_argument("--port", type=int, default=5850, help="port for gunicorn (127.0.0.1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chat benchmark; 2 when it could not run."""
    args = parse_args(argv)
    info = machine()
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}; "
        f"load average before the run: {os.getloadavg()[0]:.1f}.\n"
        f"gunicorn: {args.workers} gthread workers of {args.threads} threads; {args.chats} chats "
        f"polling every {args.poll_ms} ms; agents send {args.rate:g} messages/s; "
        f"{args.visitors} visitors read pages. The clients run on the same cores."
    )
    instance = Path(tempfile.mkdtemp(prefix="portal-chat-bench-"))
    try:
        cookies, agent_chats = prepare(instance, args.chats)
        env = bench_environment(instance)
        # Agents' consoles are simulated by their queue polls; the long timeout keeps their
        # chats theirs through the phases without visitors' pages in between.
        env.update(
            SESSION_COOKIE_SECURE="0",
            PORTAL_CHAT_POLL_MS=str(args.poll_ms),
            PORTAL_CHAT_AGENT_TIMEOUT="600",
        )
        step(f"Starting gunicorn on http://{HOST}:{args.port}")
        with gunicorn(instance, args.port, args.workers, "gthread", args.threads, env) as server:
            agents = [(*log_in(args.port, email), ids) for email, ids in agent_chats]
            step(f"Visitors alone for {args.duration:g} s")
            cpu_start = server_cpu_seconds(server.pid)
            alone = asyncio.run(measure(args.port, cookies, agents, args, with_chats=False))
            cpu_alone = server_cpu_seconds(server.pid)
            step(f"{args.chats} chats open, agents writing, visitors reading: {args.duration:g} s")
            client_start = time.process_time()
            busy = asyncio.run(measure(args.port, cookies, agents, args, with_chats=True))
            cpu_busy = server_cpu_seconds(server.pid)
            client_busy = time.process_time() - client_start
            step("Chats alone, no visitors: the server's CPU time per poll")
            args_polls = argparse.Namespace(**{**vars(args), "visitors": 0, "rate": 0.5})
            polls_only = asyncio.run(measure(args.port, cookies, agents, args_polls, True))
            cpu_polls = server_cpu_seconds(server.pid)
            step("The hello-world view, for scale: its server CPU time per request")
            hellos = asyncio.run(hello_cost(args.port))
            cpu_hello = server_cpu_seconds(server.pid)
    except BenchError as exc:
        print(f"\n{exc}", file=sys.stderr)
        return 2
    lost = len(busy.sent) - len(busy.delivery)
    cpu = None not in (cpu_start, cpu_alone, cpu_busy, cpu_polls, cpu_hello)
    result = {
        "chats": args.chats,
        "poll_ms": args.poll_ms,
        "messages_sent": len(busy.sent),
        "delivered": len(busy.delivery),
        "not_delivered_in_run": lost,
        "duplicates": busy.duplicates,
        "delivery_p50_ms": round(percentile(busy.delivery, 0.5), 1),
        "delivery_p95_ms": round(percentile(busy.delivery, 0.95), 1),
        "delivery_max_ms": round(max(busy.delivery, default=0) * 1000, 1),
        "typed_share": args.typed,
        "typed_delivered": len(busy.delivery_typed),
        "typed_p50_ms": round(percentile(busy.delivery_typed, 0.5), 1),
        "typed_p95_ms": round(percentile(busy.delivery_typed, 0.95), 1),
        "untyped_delivered": len(busy.delivery_untyped),
        "untyped_p50_ms": round(percentile(busy.delivery_untyped, 0.5), 1),
        "untyped_p95_ms": round(percentile(busy.delivery_untyped, 0.95), 1),
        "polls_per_s": round(busy.polls / args.duration, 1),
        "polls_with_news": busy.polls_with_news,
        "poll_errors": busy.poll_errors,
        "send_errors": busy.send_errors,
        "pages_alone": page_figures(alone),
        "pages_with_chats": page_figures(busy),
        "server_cpu_share_alone": round((cpu_alone - cpu_start) / args.duration, 2)
        if cpu
        else None,
        "server_cpu_share_with_chats": round((cpu_busy - cpu_alone) / args.duration, 2)
        if cpu
        else None,
        "polls_only_per_s": round(polls_only.polls / args.duration, 1),
        "server_cpu_ms_per_poll": round((cpu_polls - cpu_busy) * 1000 / polls_only.polls, 3)
        if cpu and polls_only.polls
        else None,
        "server_cpu_ms_per_hello": round((cpu_hello - cpu_polls) * 1000 / hellos, 3)
        if cpu and hellos
        else None,
        "client_cpu_share_with_chats": round(client_busy / args.duration, 2),
        "load_average_after": round(os.getloadavg()[0], 1),
    }
    target = "met" if result["delivery_p95_ms"] <= 1000 else "MISSED"
    print(
        f"\nDelivery: {result['delivered']} of {result['messages_sent']} messages, "
        f"p50 {result['delivery_p50_ms']:.0f} ms, p95 {result['delivery_p95_ms']:.0f} ms "
        f"(target <= 1000 ms: {target}), max {result['delivery_max_ms']:.0f} ms; "
        f"{result['duplicates']} shown twice; {result['polls_per_s']:.0f} polls/s "
        f"({result['polls_with_news']} with news); "
        f"errors: {result['poll_errors']} polls, {result['send_errors']} sends."
    )
    for kind, label in (("typed", "typed first"), ("untyped", "no typing notice")):
        verdict = "met" if result[f"{kind}_p95_ms"] <= 1000 else "MISSED"
        print(
            f"  replies {label}: {result[f'{kind}_delivered']}, "
            f"p50 {result[f'{kind}_p50_ms']:.0f} ms, p95 {result[f'{kind}_p95_ms']:.0f} ms "
            f"({verdict})"
        )
    print(
        f"Server CPU: {result['server_cpu_share_alone']} cores with visitors alone, "
        f"{result['server_cpu_share_with_chats']} with chats (this client meanwhile: "
        f"{result['client_cpu_share_with_chats']} cores of the same machine); chats alone: "
        f"{result['polls_only_per_s']:.0f} polls/s at {result['server_cpu_ms_per_poll']} ms "
        f"of server CPU each; a hello-world request {result['server_cpu_ms_per_hello']} ms. "
        f"Load average now {result['load_average_after']}."
    )
    for label, key in (("alone", "pages_alone"), ("with chats", "pages_with_chats")):
        p = result[key]
        print(
            f"Pages {label:<10}: {p['pages']} pages, p50 {p['p50_ms']:.1f} ms, "
            f"p95 {p['p95_ms']:.1f} ms, p99 {p['p99_ms']:.1f} ms, {p['errors']} errors"
        )
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"chat-{stamp}.json"
    payload = {"when": stamp, "machine": info, "settings": vars(args), "result": result}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"Saved in {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
