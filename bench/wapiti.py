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
http_headers; CSRF token fields are not attacked (the csrf module still checks them). Each
part gets an equal share of the time still left and is stopped at twice that, so the whole
scan keeps within --minutes; a part stopped so is reported as incomplete. It prints every
finding with its severity and exits 1 when one is of medium severity or higher. wapiti comes
from Debian (installed with apt-get when missing).
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
import time
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
MIN_PART = 20  # seconds: enough to crawl a part and start every module
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


def part_times(remaining: float, parts_left: int) -> tuple[float, float]:
    """This part's share of the time left, and the moment it is stopped for good.

    Each part gets an equal share of what is left, so the time a quick part leaves unused
    goes to the parts after it. wapiti checks its own limits only between one page or form
    and the next (the blind SQL injection module sends its whole list of payloads to a form
    before it looks at the clock), so a part is stopped for good at twice its share, never
    later than leaves each part after it its minimum.
    """
    share = max(MIN_PART, remaining / parts_left)
    hard = max(MIN_PART, min(2 * share, remaining - MIN_PART * (parts_left - 1)))
    return share, hard


def scan(
    wapiti: str, port: int, cookies: Path, folder: Path, seconds: int, scopes: list
) -> list[dict]:
    """Run wapiti on each part of the site within seconds in all; return every finding."""
    findings = []
    deadline = time.monotonic() + seconds
    for number, (path, scope) in enumerate(scopes):
        began = time.monotonic()
        share, hard = part_times(deadline - began, len(scopes) - number)
        # A quarter of the share to crawl, the rest split between the modules.
        attack = max(2, share * 3 / 4 / len(MODULES.split(",")))
        report = folder / f"report-{number}-{path.strip('/').replace('/', '-') or 'home'}.json"
        step(f"wapiti on {path} (scope {scope}, {share:.0f} s, stopped at {hard:.0f} s)")
        command = [
            wapiti,
            "-u", f"http://{HOST}:{port}{path}",
            "--scope", scope,
            "-m", MODULES,
            "-c", str(cookies),
            # Every changed CSRF token is refused before the form is read: attacking it
            # only costs time (a fifth of the feedback form's requests).
            "--skip", "csrf_token",
            "--no-bugreport",
            "--flush-session",
            "--store-session", str(folder / "session"),
            "--store-config", str(folder / "config"),
            "--max-scan-time", f"{share / 4:.0f}",
            "--max-attack-time", f"{attack:.1f}",
            "-f", "json",
            "-o", str(report),
        ]  # fmt: skip
        try:
            subprocess.run(  # noqa: S603
                command, capture_output=True, text=True, check=False, timeout=hard
            )
        except subprocess.TimeoutExpired:
            print(f"   wapiti overran its time on {path}: this part is reported as incomplete")
            findings.append(
                {"category": "Incomplete scan", "level": "info", "method": "", "path": path,
                 "info": f"stopped after {hard:.0f} s"}
            )  # fmt: skip
            continue
        print(f"   done in {time.monotonic() - began:.0f} s")
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
    if not scopes:
        parser.error(f"--only takes one of: {', '.join(path for path, _ in SCOPES)}")
    if args.minutes * 60 < MIN_PART * len(scopes):
        parser.error(
            f"{len(scopes)} parts need at least {MIN_PART * len(scopes) / 60:.1f} minutes "
            f"({MIN_PART} s each)"
        )
    started = time.monotonic()
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
    print(f"\nMedium or higher: {len(serious)}. The scan took {time.monotonic() - started:.0f} s.")
    return 1 if serious else 0


if __name__ == "__main__":
    sys.exit(main())
