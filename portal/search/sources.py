"""The registry of document sources: which features make which documents findable.

Each feature registers the kinds of documents it owns. An article source, for example::

    from portal.search.sources import register_source
    from portal.search.documents import SearchDocument, Section

    def tutorial_steps(ids):            # ids of Tutorial rows that changed
        docs = []
        for tutorial in db.session.scalars(select(Tutorial).where(Tutorial.id.in_(ids))):
            if tutorial.is_published:   # leave out what visitors may not see
                docs += [SearchDocument(kind="tutorial", id=f"{tutorial.id}-{step.number}",
                                        title=f"{tutorial.title}: {step.title}",
                                        url=f"/tutorials/{tutorial.slug}/{step.number}",
                                        sections=[Section("", "", step.text)], ...)
                         for step in tutorial.steps]
        return docs

    register_source(app, "tutorial", documents_for=tutorial_steps,
                    all_documents=lambda: tutorial_steps(all_tutorial_ids()),
                    watch={Tutorial: None, TutorialStep: lambda step: [step.tutorial_id]},
                    keys_for=lambda ids: stored_keys_for(ids))

- `documents_for(ids)` returns the documents for those ids that should be findable; any
  document of those ids it does not return is removed from the index. It runs inside the
  committing transaction (reads see the change being committed).
- `all_documents()` yields every findable document, for `flask search reindex` and `check`.
- `watch` is a model class (its primary key is the id) or a dict {model: object -> ids or
  None}; None marks the document's own model, whose deletion removes the document.
- `keys_for(ids)` (optional) names every index key an id may own, for sources with several
  documents per id (tutorial steps); by default an id owns the single key "kind:id".
- A document names its published translation (`SearchDocument.translation` and
  `translation_language`), so that a ranking shows each translated answer once, in the
  asker's language, without reading the database. `partners(obj)` (optional) gives, for a
  changed or deleted row of the document's own model, the ids of the documents that name it
  or named it (its translation before and after the change): they are rebuilt with it, so a
  link, a publication or a deletion reaches both sides.

Changed and deleted objects are collected during flush (`portal.search.hooks`); their
documents are built just before the commit and written to the index after it. A rolled-back
transaction never reaches it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from portal.search.documents import SearchDocument, document_key


@dataclass
class Source:
    kind: str
    documents_for: Callable[[list], list[SearchDocument]]
    all_documents: Callable[[], Iterable[SearchDocument]]
    # model -> function giving the document ids an object belongs to (None: its own id)
    watch: dict[type, Callable[[object], Iterable] | None] = field(default_factory=dict)
    keys_for: Callable[[list], Iterable[str]] | None = None
    # a changed row of the own model -> ids of the documents whose translation it is or was
    partners: Callable[[Any], Iterable] | None = None

    def keys(self, ids: Iterable) -> set[str]:
        """Every index key the ids may own."""
        ids = list(ids)
        keys = {document_key(self.kind, i) for i in ids}
        if self.keys_for:
            keys.update(self.keys_for(ids))
        return keys


def register_source(
    app: Flask,
    kind: str,
    documents_for: Callable[[list], list[SearchDocument]],
    all_documents: Callable[[], Iterable[SearchDocument]],
    watch: type | dict | None = None,
    keys_for: Callable[[list], Iterable[str]] | None = None,
    partners: Callable[[Any], Iterable] | None = None,
) -> None:
    """Make a kind of document searchable and keep it in step with its models."""
    if isinstance(watch, type):
        watch = {watch: None}
    app.extensions.setdefault("portal_search_sources", {})[kind] = Source(
        kind, documents_for, all_documents, dict(watch or {}), keys_for, partners
    )


def sources() -> dict[str, Source]:
    """The registered sources by kind."""
    return current_app.extensions.get("portal_search_sources", {})


def all_documents() -> Iterable[SearchDocument]:
    """Every findable document of every source."""
    for source in sources().values():
        yield from source.all_documents()
