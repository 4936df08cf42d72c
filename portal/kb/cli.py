"""`flask content ...`: keep articles and tutorials in Markdown files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.kb.sync import SyncReport, export_content

content = AppGroup("content", help="Import and export content files (articles, tutorials).")

FilesFn = Callable[[Path], list[Path]]
SyncFn = Callable[..., SyncReport]
ExportFn = Callable[[Path], int]


def register_importer(app: Flask, name: str, files: FilesFn, sync: SyncFn) -> None:
    """Let `flask content sync` import another kind of content file."""
    app.extensions.setdefault("portal_content_importers", []).append((name, files, sync))


def register_exporter(app: Flask, name: str, export: ExportFn) -> None:
    """Let `flask content export` write another kind of content file."""
    app.extensions.setdefault("portal_content_exporters", []).append((name, export))


@content.command("sync")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def sync(directory: Path | None) -> None:
    """Import or update articles and tutorials from DIR (default content/)."""
    directory = directory or Path(current_app.config["PORTAL_CONTENT_DIR"])
    if not directory.is_dir():
        raise click.ClickException(
            f"{directory} is not a folder. Give the folder that holds categories.yml and articles/."
        )
    failed = False
    for name, files, run in current_app.extensions.get("portal_content_importers", []):
        total = len(files(directory))
        with click.progressbar(length=total, label=f"Syncing {total} {name}", show_pos=True) as bar:

            def progress(paths, bar=bar):
                for path in paths:
                    yield path
                    bar.update(1)

            report = run(directory, progress=progress)
        click.echo(f"{name.capitalize()}: {report.summary()}")
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
def export(directory: Path) -> None:
    """Write every article, category and tutorial to DIR as files that sync reads back."""
    count = export_content(directory)
    click.echo(f"Exported {count} articles to {directory}.")
    for name, run in current_app.extensions.get("portal_content_exporters", []):
        click.echo(f"Exported {run(directory)} {name} to {directory}.")
