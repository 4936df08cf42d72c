"""`flask content ...`: keep articles and tutorials in Markdown files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from portal.content.sync import ContentKind, export, sync

content = AppGroup("content", help="Import and export content files (articles, tutorials).")


def _kinds() -> list[ContentKind]:
    return [make() for make in current_app.extensions.get("portal_content_kinds", [])]


@content.command("sync")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def sync_command(directory: Path | None) -> None:
    """Import or update articles and tutorials from DIR (default content/)."""
    directory = directory or Path(current_app.config["PORTAL_CONTENT_DIR"])
    if not directory.is_dir():
        raise click.ClickException(
            f"{directory} is not a folder. Give the folder that holds categories.yml and articles/."
        )
    failed = False
    for kind in _kinds():
        total = len(kind.files(directory))
        label = f"Syncing {total} {kind.name}"
        with click.progressbar(length=total, label=label, show_pos=True) as bar:

            def progress(paths: Iterable[Path], bar: Any = bar) -> Iterator[Path]:
                for path in paths:
                    yield path
                    bar.update(1)

            report = sync(kind, directory, progress=progress)
        click.echo(f"{kind.name.capitalize()}: {report.summary()}")
        for path, slug in report.conflicts:
            click.echo(
                f"conflict: {path}: {slug!r} was edited in the browser since the last sync; "
                "the file was not imported. Export it (flask content export) or undo the "
                "browser edit.",
                err=True,
            )
        for path, problem in report.errors:
            click.echo(f"error: {path}: {problem}", err=True)
        failed = failed or not report.ok
    if failed:
        raise click.ClickException(
            "Some files were not imported; fix the files named above and run sync again."
        )


@content.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_command(directory: Path) -> None:
    """Write every article, category and tutorial to DIR as files that sync reads back."""
    for kind in _kinds():
        click.echo(f"Exported {export(kind, directory)} {kind.name} to {directory}.")
