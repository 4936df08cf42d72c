"""The Compose topology as local processes: app servers, a job worker, and nginx if present.

    .venv/bin/python deploy/local.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/portal \\
        --redis-url redis://127.0.0.1:6379/0 --ports 8001 8002 --proxy-port 8080 --demo

Each app server is gunicorn with an instance folder of its own (under --folder), all on one
PostgreSQL database and one Redis, with one SECRET_KEY (taken from the environment, else made
for the run). `flask worker` runs the jobs. With Debian's nginx installed, nginx listens on
--proxy-port and spreads requests over the servers with deploy/nginx/portal.conf; without it
the servers answer on their own ports. Ctrl+C stops everything. The two-server test and
`make bench-load` start the same processes through `Topology`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


class TopologyError(Exception):
    """A process of the topology did not start."""


def portal_environment(database_url: str, redis_url: str, secret_key: str, **extra) -> dict:
    """What every process of the topology shares: database, Redis, secret, search backend."""
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG",)}
    env.update(
        FLASK_APP="portal",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY=secret_key,
        PORTAL_SEARCH_BACKEND="postgresql",
        PYTHONUNBUFFERED="1",
        # Plain HTTP on 127.0.0.1: a Secure cookie would never come back.
        SESSION_COOKIE_SECURE="0",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def flask(env: dict, *args: str) -> str:
    """Run a flask command with env; its output, or TopologyError with it."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "flask", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise TopologyError(f"`flask {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def wait_healthy(port: int, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    """Wait until /healthz on port answers 200; TopologyError with the log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise TopologyError(f"the server on port {port} did not become healthy:\n{tail}")


class Topology:
    """App servers (one instance folder each), a job worker and maybe nginx, until exit."""

    def __init__(
        self,
        folder: Path,
        env: dict,
        ports: list[int],
        workers: int = 3,
        threads: int = 4,
        job_worker: bool = True,
        proxy_port: int | None = None,
        app_module: str = "portal:create_app()",
    ) -> None:
        self.folder = Path(folder)
        self.env = env
        self.ports = ports
        self.workers = workers
        self.threads = threads
        self.job_worker = job_worker
        self.proxy_port = proxy_port
        self.app_module = app_module
        self.processes: list[subprocess.Popen] = []
        self.proxy = False

    def instance(self, n: int) -> Path:
        """The instance folder of app server n (0-based)."""
        return self.folder / f"app{n + 1}"

    @property
    def urls(self) -> list[str]:
        return [f"http://{HOST}:{port}" for port in self.ports]

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def _start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        with self.log(name).open("ab") as log:
            # A process group of its own: stopping it also stops what it started (RQ's
            # scheduler process, gunicorn's workers).
            process = subprocess.Popen(  # noqa: S603
                command,
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def __enter__(self) -> Topology:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            servers = []
            for n, port in enumerate(self.ports):
                env = {**self.env, "PORTAL_INSTANCE_PATH": str(self.instance(n))}
                command = [
                    sys.executable, "-m", "gunicorn",
                    "--bind", f"{HOST}:{port}",
                    "--worker-class", "gthread",
                    "--workers", str(self.workers),
                    "--threads", str(self.threads),
                    "--keep-alive", "15",
                    "--log-level", "warning",
                    self.app_module,
                ]  # fmt: skip
                servers.append((port, self._start(f"app{n + 1}", command, env)))
            if self.job_worker:
                env = {**self.env, "PORTAL_INSTANCE_PATH": str(self.folder / "worker")}
                self._start("worker", [sys.executable, "-m", "flask", "worker"], env)
            for port, process in servers:
                wait_healthy(port, process, self.log(f"app{self.ports.index(port) + 1}"))
            if self.proxy_port and shutil.which("nginx"):
                self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self) -> None:
        """nginx with deploy/nginx/portal.conf, its upstreams pointed at the local servers."""
        site = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
        upstreams = "".join(f"    server {HOST}:{port};\n" for port in self.ports)
        site = re.sub(r"(upstream portal_app \{\n)(?:    server .*\n)+", rf"\1{upstreams}", site)
        site = site.replace("listen 80;", f"listen {HOST}:{self.proxy_port};")
        conf = self.folder / "nginx.conf"
        conf.write_text(
            "daemon off;\nworker_processes 1;\npid nginx.pid;\nerror_log nginx-error.log;\n"
            "events { worker_connections 1024; }\nhttp {\n  access_log off;\n"
            "  client_body_temp_path tmp;\n  proxy_temp_path tmp;\n"
            f"{site}\n}}\n"
        )
        (self.folder / "tmp").mkdir(exist_ok=True)
        nginx = self._start("nginx", ["nginx", "-p", str(self.folder), "-c", str(conf)], self.env)
        wait_healthy(self.proxy_port, nginx, self.log("nginx"))
        self.proxy = True

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by every process of the topology."""
        groups = {process.pid for process in self.processes}
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the name: state, ppid, pgrp, ..., utime (12th), stime (13th).
            if int(fields[2]) in groups:
                total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def stop_server(self, n: int) -> None:
        """Stop app server n (as a machine taken out of service)."""
        process = self.processes[n]
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    def stop(self) -> None:
        """Stop every process, politely first."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for process in self.processes:
            # Whatever of the group outlived its leader (a scheduler mid-job).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a postgresql+psycopg:// URL")
    parser.add_argument("--redis-url", required=True, help="e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--ports", type=int, nargs="+", default=[8001, 8002])
    parser.add_argument("--proxy-port", type=int, default=8080)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--folder", type=Path, help="instance folders and logs (default: temp)")
    parser.add_argument("--demo", action="store_true", help="load the demo content first")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="portal-topology-"))
    secret = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48)
    env = portal_environment(args.database_url, args.redis_url, secret)
    setup = {**env, "PORTAL_INSTANCE_PATH": str(folder / "setup")}
    try:
        print("Creating or upgrading the schema (flask db upgrade)")
        flask(setup, "db", "upgrade")
        if args.demo:
            print("Loading the demo (flask demo load)")
            print(flask(setup, "demo", "load"))
        with Topology(
            folder, env, args.ports, args.workers, args.threads, True, args.proxy_port
        ) as run:
            for n, url in enumerate(run.urls):
                print(f"App server {n + 1}: {url} (instance folder {run.instance(n)})")
            print(f"Job worker: flask worker (log {run.log('worker')})")
            if run.proxy:
                print(f"nginx: http://{HOST}:{args.proxy_port} spreads requests over both")
            else:
                print("nginx is not installed (apt-get install nginx): use the servers directly")
            print("Ctrl+C stops everything.")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    except TopologyError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
