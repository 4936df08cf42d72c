"""The demo knowledge base: the articles in content/."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from portal.kb.sync import sync_content


def load_demo_articles() -> str:
    """Sync the content folder; conflicts with browser edits are kept, not overwritten."""
    report = sync_content(Path(current_app.config["PORTAL_CONTENT_DIR"]))
    problems = [f"{path}: {problem}" for path, problem in report.errors]
    problems += [f"{path}: edited in the browser, kept" for path, _slug in report.conflicts]
    return report.summary() + "".join(f"\n    {p}" for p in problems)
