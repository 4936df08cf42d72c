"""`flask content ...`: keep the knowledge base in Markdown files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.kb.sync import article_files, export_content, sync_content

content = AppGroup("content", help="Import and export knowledge-base content files.")


@content.command("sync")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def sync(directory: Path | None) -> None:
    """Import or update articles and categories from DIR (default content/)."""
    directory = directory or Path(current_app.config["PORTAL_CONTENT_DIR"])
    if not directory.is_dir():
        raise click.ClickException(
            f"{directory} is not a folder. Give the folder that holds categories.yml and articles/."
        )
    total = len(article_files(directory))
    with click.progressbar(length=total, label=f"Syncing {total} articles", show_pos=True) as bar:

        def progress(files):
            for path in files:
                yield path
                bar.update(1)

        report = sync_content(directory, progress=progress)
    click.echo(report.summary())
    for path, slug in report.conflicts:
        click.echo(
            f"conflict: {path}: article {slug!r} was edited in the browser since the last sync; "
            "the file was not imported. Export it (flask content export) or undo the browser edit.",
            err=True,
        )
    for path, problem in report.errors:
        click.echo(f"error: {path}: {problem}", err=True)
    if not report.ok:
        raise click.ClickException(
            "Some files were not imported; fix the files named above and run sync again."
        )


@content.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export(directory: Path) -> None:
    """Write every article and category to DIR as files that sync reads back."""
    count = export_content(directory)
    click.echo(f"Exported {count} articles to {directory}.")
