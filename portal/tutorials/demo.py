"""The demo tutorials: the files in content/tutorials/."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from portal.tutorials.content import sync_tutorials


def load_demo_tutorials() -> str:
    """Sync the tutorials of the content folder."""
    report = sync_tutorials(Path(current_app.config["PORTAL_CONTENT_DIR"]))
    problems = [f"{path}: {problem}" for path, problem in report.errors]
    problems += [f"{path}: edited in the browser, kept" for path, _slug in report.conflicts]
    return report.summary() + "".join(f"\n    {p}" for p in problems)
