"""Content as files: Markdown with YAML front matter, synced in and exported out.

kb and tutorials each register a kind (how to parse and apply their own fields); this
package owns the rest: front matter, the sync report, conflicts with browser edits,
translations, archiving, the version claim and the `flask content` commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app

from portal.content import sync
from portal.content.cli import content
from portal.content.sync import ContentKind


def register_kind(app: Flask, make: Callable[[], ContentKind]) -> None:
    """Let `flask content sync` and `export` handle another kind of content file.

    make builds a fresh kind for each run (a kind may remember things while it syncs).
    """
    app.extensions.setdefault("portal_content_kinds", []).append(make)


def demo_step(make: Callable[[], ContentKind]) -> Callable[[], str]:
    """A `flask demo load` step that syncs one kind from the content folder."""

    def load() -> str:
        report = sync.sync(make(), Path(current_app.config["PORTAL_CONTENT_DIR"]))
        return report.summary() + "".join(f"\n    {p}" for p in report.problems())

    load.__doc__ = "Sync the content folder; conflicts with browser edits are kept."
    return load


def init_app(app: Flask) -> None:
    """Register the `flask content` commands."""
    app.cli.add_command(content)
