"""Scan the portal with the wapiti web-application scanner, logged in as the demo customer.

    .venv/bin/python bench/wapiti.py                 # about 15 minutes
    .venv/bin/python bench/wapiti.py --minutes 5

It builds a throw-away instance with the demo (bench/http_bench.py's pieces), serves it with
gunicorn on 127.0.0.1, logs in as customer@example.com and hands wapiti that session cookie
(-c). The scan runs once per part of the site, each with a scope that keeps the log-out
form's URL (/auth/logout, in every page's header) out of reach, so the session survives:
folder scope for /kb/, /tutorials/, /forum/, /tickets/ and /feedback/, page scope for the
pages at the root. Only these modules run, all of them against 127.0.0.1:
xss, permanentxss, sql, blindsql, exec, file, redirect, crlf, csrf, csp, cookieflags and
http_headers. It prints every finding with its severity and exits 1 when one is of medium
severity or higher. wapiti comes from Debian (installed with apt-get when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.http_bench import (
    HOST,
    BenchError,
    bench_environment,
    flask_command,
    free_port,
    gunicorn,
    step,
)

MODULES = "xss,permanentxss,sql,blindsql,exec,file,redirect,crlf,csrf,csp,cookieflags,http_headers"
SCOPES = [
    ("/kb/", "folder"),
    ("/tutorials/", "folder"),
    ("/forum/", "folder"),
    ("/tickets/", "folder"),
    ("/feedback/", "folder"),
    ("/", "page"),
    ("/contact", "page"),
    ("/account", "page"),
    ("/auth/login", "page"),
    ("/auth/register", "page"),
    ("/auth/reset", "page"),
]
LEVELS = {"4": "critical", "3": "high", "2": "medium", "1": "low", "0": "info"}
DEMO_EMAIL = "customer@example.com"
DEMO_PASSWORD = "demo-customer-pass"  # noqa: S105 (the published demo account)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def find_wapiti() -> str:
    """The wapiti executable, installed from Debian when missing and possible."""
    found = shutil.which("wapiti")
    if found:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        raise BenchError("wapiti is not installed: run `sudo apt-get install wapiti`, then again.")
    step("Installing Debian's wapiti with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wapiti"]):
        subprocess.run(args, env=env, check=True)  # noqa: S603
    return shutil.which("wapiti") or "wapiti"


def log_in(port: int) -> str:
    """Log in as the demo customer; return the session cookie's value.

    The cookie is carried by hand, so this works whether or not it is marked Secure.
    """
    base = f"http://{HOST}:{port}"
    with urllib.request.urlopen(f"{base}/auth/login", timeout=10) as page:  # noqa: S310
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
        token = CSRF.search(page.read().decode()).group(1)
    form = urllib.parse.urlencode(
        {"csrf_token": token, "email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1 only)
        f"{base}/auth/login", data=form, headers={"Cookie": cookie}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise BenchError(f"Logging in answered {answer.code}, not 303.") from answer
        return answer.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    raise BenchError("Logging in did not redirect: check the demo account.")


def cookie_file(folder: Path, session: str) -> Path:
    """The session cookie in wapiti's JSON cookie format."""
    path = folder / "cookies.json"
    cookie = {"value": session, "expires": None, "secure": False, "port": None, "version": 0}
    path.write_text(json.dumps({HOST: {"/": {"session": cookie}}}))
    return path


def scan(
    wapiti: str, port: int, cookies: Path, folder: Path, seconds: int, scopes: list
) -> list[dict]:
    """Run wapiti on each part of the site; return every finding."""
    findings = []
    # Each part gets an equal share: a quarter to crawl, the rest split between the modules.
    per_scope = max(24, seconds // len(scopes))
    attack = max(2, per_scope * 3 // 4 // len(MODULES.split(",")))
    for path, scope in scopes:
        report = folder / f"report-{len(findings)}-{path.strip('/').replace('/', '-')}.json"
        step(f"wapiti on {path} (scope {scope}, at most {per_scope} s)")
        command = [
            wapiti,
            "-u", f"http://{HOST}:{port}{path}",
            "--scope", scope,
            "-m", MODULES,
            "-c", str(cookies),
            "--no-bugreport",
            "--flush-session",
            "--store-session", str(folder / "session"),
            "--store-config", str(folder / "config"),
            "--max-scan-time", str(per_scope // 4),
            "--max-attack-time", str(attack),
            "-f", "json",
            "-o", str(report),
        ]  # fmt: skip
        try:
            subprocess.run(  # noqa: S603
                command, capture_output=True, text=True, check=False, timeout=per_scope * 3 + 60
            )
        except subprocess.TimeoutExpired:
            # wapiti's own limits are loose (blind SQL injection waits on purpose).
            print(f"   wapiti overran its time on {path}: this part is reported as incomplete")
            findings.append(
                {"category": "Incomplete scan", "level": "info", "method": "", "path": path,
                 "info": "stopped at the time limit"}
            )  # fmt: skip
            continue
        if not report.exists():
            raise BenchError(f"wapiti wrote no report for {path}.")
        data = json.loads(report.read_text())
        for section in ("vulnerabilities", "anomalies"):
            for category, items in (data.get(section) or {}).items():
                for item in items:
                    findings.append(
                        {
                            "category": category,
                            "level": LEVELS.get(str(item.get("level")), str(item.get("level"))),
                            "method": item.get("method", ""),
                            "path": item.get("path", ""),
                            "info": item.get("info", ""),
                        }
                    )
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=15, help="time for the whole scan")
    parser.add_argument(
        "--only", action="append", metavar="PATH", help="scan only this part (repeatable)"
    )
    args = parser.parse_args(argv)
    scopes = [s for s in SCOPES if not args.only or s[0] in args.only]
    instance = Path(tempfile.mkdtemp(prefix="portal-wapiti-"))
    try:
        wapiti = find_wapiti()
        env = bench_environment(instance)
        # Every request comes from 127.0.0.1: per-address limits would stop the scan early.
        env["RATELIMIT_ENABLED"] = "0"
        # Plain HTTP: a Secure session cookie set again by the server would never be sent
        # back by the scanner, which would then scan logged out and without a CSRF session.
        env["SESSION_COOKIE_SECURE"] = "0"
        step("Creating the schema and loading the demo")
        flask_command(env, "db", "upgrade")
        flask_command(env, "demo", "load")
        port = free_port()
        with gunicorn(instance, port, 2, "gthread", 4, env=env):
            cookies = cookie_file(instance, log_in(port))
            findings = scan(wapiti, port, cookies, instance, int(args.minutes * 60), scopes)
    except BenchError as exc:
        print(f"\nThe scan could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    unique = {(f["category"], f["level"], f["method"], f["path"], f["info"]) for f in findings}
    print(f"\n{len(unique)} findings:")
    for category, level, method, path, info in sorted(unique):
        print(f"  [{level}] {category}: {method} {path} {info[:160]}")
    counts = Counter((category, level) for category, level, *_ in unique)
    print("\nSummary by category and severity:")
    for (category, level), n in sorted(counts.items()):
        print(f"  {category:<40} {level:<8} {n}")
    serious = [u for u in unique if u[1] in ("critical", "high", "medium")]
    print(f"\nMedium or higher: {len(serious)}.")
    return 1 if serious else 0


if __name__ == "__main__":
    sys.exit(main())
