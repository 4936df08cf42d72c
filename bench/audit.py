"""Audit the demo portal's pages with Lighthouse and the Nu HTML Checker.

    .venv/bin/python bench/audit.py                  # or: make audit
    .venv/bin/python bench/audit.py --runs 1
    .venv/bin/python bench/audit.py --only /forum/ --only /kb/   # pages whose path starts so

It builds a throw-away instance with the demo (bench/http_bench.py's pieces), serves it with
gunicorn on 127.0.0.1 and, for home, /kb/, an article, /search?q=wifi, a tutorial step, a
forum thread, /contact and /tickets/ (logged in as the demo customer):

- runs Lighthouse (Debian's Chromium, headless) --runs times and keeps the median score of
  performance, accessibility, best practices and SEO;
- feeds the page's HTML to the Nu HTML Checker (vnu.jar, with Java) and counts its errors.

Both tools come from the npm registry into bench/tools/node_modules (ignored by git),
installed with --ignore-scripts so nothing downloads a browser or a runtime. Targets:
performance >= 95, accessibility 100, best practices >= 95, SEO >= 95, no HTML errors.
Exit status 1 when one is missed, 2 when the audit could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
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
    step,
)
from bench.wapiti import log_in

TOOLS = BENCH_DIR / "tools"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}


def install_tools() -> None:
    """Lighthouse and vnu-jar from npm into bench/tools, without install scripts."""
    if LIGHTHOUSE.exists() and VNU_JAR.exists():
        return
    if not shutil.which("npm"):
        raise BenchError("npm was not found: install Node.js (with npm), then run again.")
    step("Installing lighthouse and vnu-jar from npm into bench/tools")
    TOOLS.mkdir(exist_ok=True)
    if not (TOOLS / "package.json").exists():
        (TOOLS / "package.json").write_text('{"private": true}\n')
    npm = shutil.which("npm") or "npm"
    packages = ["lighthouse", "vnu-jar"]
    flags = ["--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run([npm, "install", *flags, *packages], cwd=TOOLS, check=True)  # noqa: S603


def pages(env: dict[str, str]) -> list[tuple[str, bool]]:
    """(path, logged in) for each page to audit."""
    os.environ.update(env)
    from sqlalchemy import select

    from portal import create_app
    from portal.extensions import db
    from portal.forum.models import Thread

    app = create_app()
    with app.app_context():
        thread = db.session.scalar(select(Thread.id).order_by(Thread.id))
        db.engine.dispose()
    return [
        ("/", False),
        ("/kb/", False),
        ("/kb/fix-slow-or-dropping-wifi", False),
        ("/search?q=wifi", False),
        ("/tutorials/set-up-alon-mesh/2", False),
        (f"/forum/t/{thread}", False),
        ("/contact", False),
        ("/tickets/", True),
    ]


def lighthouse(url: str, cookie: str | None, runs: int, folder: Path) -> dict[str, int]:
    """Median Lighthouse score per category over `runs` runs."""
    scores: dict[str, list[float]] = {c: [] for c in CATEGORIES}
    for n in range(runs):
        out = folder / f"lh-{n}.json"
        command = [
            str(LIGHTHOUSE), url,
            "--quiet",
            "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ]  # fmt: skip
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": f"session={cookie}"}))
        done = subprocess.run(  # noqa: S603
            command, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True,
            check=False, timeout=300,
        )  # fmt: skip
        if not out.exists():
            raise BenchError(f"Lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        report = json.loads(out.read_text())
        for category in CATEGORIES:
            scores[category].append((report["categories"][category]["score"] or 0) * 100)
        failing = [
            audit["id"]
            for audit in report["audits"].values()
            if audit.get("score") is not None
            and audit["score"] < 0.9
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ]
        if failing and n == 0:
            print(f"    audits below 0.9: {', '.join(sorted(failing))}")
    return {c: round(statistics.median(v)) for c, v in scores.items()}


def html_errors(url: str, cookie: str | None) -> list[str]:
    """The Nu HTML Checker's errors for the page's HTML, fed on standard input."""
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (127.0.0.1 only)
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        html = response.read()
    done = subprocess.run(  # noqa: S603
        ["java", "-jar", str(VNU_JAR), "--format", "json", "-"],  # noqa: S607
        input=html, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    messages = json.loads(done.stderr or b'{"messages": []}')["messages"]
    return [
        f"line {m.get('lastLine', '?')}: {m.get('message', '')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument(
        "--only", action="append", default=[], metavar="PATH",
        help="audit only the pages whose path starts with PATH (repeatable)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    print(f"Load average before the audit: {os.getloadavg()[0]:.1f} (other work on this machine)")
    instance = Path(tempfile.mkdtemp(prefix="portal-audit-"))
    rows = []
    try:
        install_tools()
        env = bench_environment(instance)
        step("Creating the schema and loading the demo")
        flask_command(env, "db", "upgrade")
        flask_command(env, "demo", "load")
        targets = [p for p in pages(env) if not args.only or p[0].startswith(tuple(args.only))]
        if not targets:
            raise BenchError(f"No page matches --only {' '.join(args.only)}")
        port = free_port()
        with gunicorn(instance, port, 2, "gthread", 4, env=env):
            cookie = log_in(port)
            for path, logged_in in targets:
                url = f"http://{HOST}:{port}{path}"
                step(f"{path}: Lighthouse x{args.runs}, Nu HTML Checker")
                session = cookie if logged_in else None
                scores = lighthouse(url, session, args.runs, instance)
                errors = html_errors(url, session)
                for error in errors:
                    print(f"    HTML error, {error}")
                rows.append((path, scores, len(errors)))
    except (BenchError, subprocess.CalledProcessError) as exc:
        print(f"\nThe audit could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(instance, ignore_errors=True)

    header = f"{'page':<34} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'SEO':>5} {'HTML errors':>12}"
    print("\n" + header + "\n" + "-" * len(header))
    missed = []
    for path, scores, errors in rows:
        print(
            f"{path:<34} {scores['performance']:>5} {scores['accessibility']:>5} "
            f"{scores['best-practices']:>5} {scores['seo']:>5} {errors:>12}"
        )
        missed += [f"{path} {c} {s}" for c, s in scores.items() if s < TARGETS[c]]
        if errors:
            missed.append(f"{path} {errors} HTML errors")
    print(f"\nMedian of {args.runs} Lighthouse runs (mobile emulation, Lighthouse's defaults).")
    print("Targets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
