"""`flask search ...` commands."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup

from portal.search import backends, embedding, jobs, sources

search = AppGroup("search", help="Maintain the search index.")


@search.command("reindex")
def reindex() -> None:
    """Rebuild the whole search index and the embeddings from the database."""
    total = sum(1 for _ in sources.all_documents())
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        count = backends.rebuild(progress=bar.update)
    where = "the database" if backends.in_database() else backends.backend().path
    click.echo(f"Indexed {count} document(s) into {where}.")
    if embedding.model_name() == "off":
        return
    # The command has the machine to itself: every core embeds (a web worker uses one).
    os.environ.setdefault("PORTAL_EMBEDDING_THREADS", str(os.cpu_count() or 1))
    model = embedding.embedder()
    if model is None:
        raise click.ClickException(
            f"The embedding model {embedding.model_name()!r} could not be loaded, so search "
            "answers by words only. Reinstall with `make setup`, or set PORTAL_EMBEDDING_MODEL "
            "to a directory holding model.onnx and tokenizer.json (or to off)."
        )
    with click.progressbar(length=total, label="Embedding", show_pos=True) as bar:
        computed = jobs.embed_all(progress=bar.update)
    click.echo(f"Embedded {computed} passage(s) with {model.name}; unchanged ones were kept.")


@search.command("check")
def check() -> None:
    """Report documents missing from, extra in or outdated in the index; exits 1 on any drift."""
    backend = backends.ready_backend()
    expected: set[str] = set()
    links: dict[str, tuple[str, str]] = {}
    for doc in sources.all_documents():
        expected.add(doc.key)
        if doc.translation:
            links[doc.key] = (doc.translation, doc.translation_language)
    present = backend.keys()
    missing, extra = sorted(expected - present), sorted(present - expected)
    stored = backend.translations()
    # A translation published, unpublished or linked without its partner's document rebuilt.
    stale = sorted(key for key in expected & present if links.get(key) != stored.get(key))
    for key in missing:
        click.echo(f"missing: {key}")
    for key in extra:
        click.echo(f"extra: {key}")
    for key in stale:
        click.echo(f"outdated translation: {key}")
    if missing or extra or stale:
        raise click.ClickException(
            f"{len(missing)} missing, {len(extra)} extra, {len(stale)} with an outdated "
            "translation. Run `flask search reindex` to repair."
        )
    click.echo(f"The index matches the database: {len(expected)} document(s).")
