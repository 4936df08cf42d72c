"""The load test on one app server and then on two, over PostgreSQL and Redis, side by side.

    .venv/bin/python bench/load.py --servers compare     # the default of make bench-load

Each run gets a fresh PostgreSQL database and an emptied Redis database, and the same
topology as deploy/ (deploy/local.py): gunicorn app servers with an instance folder each,
the PostgreSQL search backend, the shared page cache and rate-limit storage in Redis, and a
`flask worker` for the jobs. With two servers every click of a simulated person goes to
either server at random, as behind a round-robin proxy. Both runs share the machine's cores:
two servers on one machine show that the portal is correct spread over servers and what
the coordination costs, not the capacity a second machine would add.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from bench.http_bench import RESULTS_DIR, BenchError, step
from bench.load import (
    TARGET_P99_MS,
    count_writes,
    create_postgres_database,
    drop_postgres_database,
    load_environment,
    prepare,
    report,
    run_locust,
)
from deploy.local import Topology, TopologyError, portal_environment


def run_servers(args, servers: int, ports: list[int]) -> dict:
    """One load run against `servers` app servers; its figures."""
    from redis import Redis

    run = uuid.uuid4().hex[:10]
    folder = Path(tempfile.mkdtemp(prefix=f"portal-load-{servers}-"))
    pg_name = f"portal_load_{run}"
    redis = Redis.from_url(args.redis_url)
    redis.flushdb()
    database_url = create_postgres_database(pg_name)
    try:
        env = load_environment(folder / "setup", database_url)
        env.update(
            portal_environment(database_url, args.redis_url, f"load-{run}"),
            RATELIMIT_ENABLED="0",
            PORTAL_SQLITE_BUSY_TIMEOUT="15",
        )
        env.pop("GUNICORN_CMD_ARGS", None)
        if args.embedding_model:
            env["PORTAL_EMBEDDING_MODEL"] = args.embedding_model
        plan = prepare(env, args.users, run, folder)
        hosts = [f"http://127.0.0.1:{port}" for port in ports[:servers]]
        plan.write_text(json.dumps({**json.loads(plan.read_text()), "hosts": hosts}))
        step(f"Starting {servers} app server(s) and a job worker")
        with Topology(folder, env, ports[:servers], args.workers, args.threads) as topology:
            step(f"Playing the mix: {args.users} users for {args.duration:g} s on {servers}")
            load_before = os.getloadavg()[0]
            cpu_before = topology.cpu_seconds()
            started = time.monotonic()
            rows = run_locust(plan, ports[0], args.users, args.duration, folder)
            elapsed = time.monotonic() - started
            cpu = topology.cpu_seconds() - cpu_before
            load_after = os.getloadavg()[0]
        problems, confirmed = count_writes(env, run, folder / "writes.json")
        logs = "".join(
            log.read_text(errors="replace") for log in folder.glob("app*.log") if log.is_file()
        )
        crashes = logs.count("Traceback")
        if crashes:
            # Kept for reading: the instance folder goes away with the run.
            RESULTS_DIR.mkdir(exist_ok=True)
            kept = RESULTS_DIR / f"load-{servers}-{run}-app.log"
            kept.write_text(logs)
            print(f"{crashes} traceback(s) in the servers' logs: read {kept}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        drop_postgres_database(pg_name)
        redis.flushdb()
        redis.close()
    text, totals = report(rows, elapsed)
    return {
        "servers": servers,
        "table": text,
        "rps": float(totals.get("Requests/s", 0) or 0),
        "p50": float(totals.get("50%", 0) or 0),
        "p95": float(totals.get("95%", 0) or 0),
        "p99": float(totals.get("99%", 0) or 0),
        "failures": int(totals.get("Failure Count", 0) or 0),
        "crashes": crashes,
        "confirmed": sum(confirmed.values()),
        "problems": problems,
        "load": (load_before, load_after),
        # The servers' and worker's CPU share over the run, in cores (2 = both cores).
        "cores": cpu / elapsed if elapsed else 0.0,
        "cpu_ms_per_request": 1000 * cpu / max(1, int(totals.get("Request Count", 0) or 0)),
    }


def compare(args) -> int:
    """Run one server, then two; print both and the targets; 1 when a target is missed."""
    ports = args.ports or [5721, 5722]
    results = []
    try:
        for servers in (1, 2) if args.servers == "compare" else (int(args.servers),):
            results.append(run_servers(args, servers, ports))
            print(results[-1]["table"])
    except (BenchError, TopologyError) as exc:
        print(f"\nThe load test could not run: {exc}")
        return 2
    print(
        "\n| app servers | req/s | p50 | p95 | p99 | failed | 5xx | writes confirmed "
        "| lost or doubled | load average start → end | server CPU (cores) | CPU per request |"
        "\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    missed = []
    for r in results:
        print(
            f"| {r['servers']} | {r['rps']:.1f} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | "
            f"{r['p99']:.0f} ms | {r['failures']} | {r['crashes']} | {r['confirmed']} | "
            f"{len(r['problems'])} | {r['load'][0]:.1f} → {r['load'][1]:.1f} | "
            f"{r['cores']:.2f} | {r['cpu_ms_per_request']:.0f} ms |"
        )
        for problem in r["problems"][:10]:
            print(f"  {problem}")
        if r["failures"] or r["crashes"]:
            missed.append(f"zero errors on {r['servers']} server(s)")
        if r["problems"]:
            missed.append(f"no lost or doubled writes on {r['servers']} server(s)")
        if r["p99"] >= TARGET_P99_MS:
            missed.append(f"p99 under {TARGET_P99_MS:.0f} ms on {r['servers']} ({r['p99']:.0f})")
    print("Targets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed) + "."))
    return 1 if missed else 0
