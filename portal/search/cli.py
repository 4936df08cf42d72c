"""`flask search ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.search import backends, sources

search = AppGroup("search", help="Maintain the search index.")


@search.command("reindex")
def reindex() -> None:
    """Rebuild the whole search index from the database, with a progress bar."""
    total = sum(1 for _ in sources.all_documents())
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        count = backends.rebuild(progress=bar.update)
    where = "the database" if backends.in_database() else backends.backend().path
    click.echo(f"Indexed {count} document(s) into {where}.")


@search.command("check")
def check() -> None:
    """Report documents missing from or extra in the index; exits 1 on any drift."""
    backend = backends.ready_backend()
    expected = {doc.key for doc in sources.all_documents()}
    present = backend.keys()
    missing, extra = sorted(expected - present), sorted(present - expected)
    for key in missing:
        click.echo(f"missing: {key}")
    for key in extra:
        click.echo(f"extra: {key}")
    if missing or extra:
        raise click.ClickException(
            f"{len(missing)} missing, {len(extra)} extra. Run `flask search reindex` to repair."
        )
    click.echo(f"The index matches the database: {len(expected)} document(s).")
