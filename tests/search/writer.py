"""A writer process for the concurrency test: imports little, so spawning it is quick."""

from __future__ import annotations


def write_articles(config: dict, worker: int, count: int) -> None:
    """Create articles in an app of its own, each in its own commit and index write."""
    from sqlalchemy import select

    from portal import create_app
    from portal.extensions import db
    from portal.kb.models import Category
    from tests.factories import make_article

    app = create_app(config)
    with app.app_context():
        category = db.session.scalar(select(Category))
        for n in range(count):
            make_article(
                f"Worker {worker} note {n}", slug=f"worker-{worker}-note-{n}", category=category
            )
        db.session.remove()
        db.engine.dispose()


def write_documents(path: str, count: int) -> None:
    """Commit count small index updates one after the other, as a busy worker would."""
    from portal.search.documents import SearchDocument
    from portal.search.whoosh import WhooshBackend

    backend = WhooshBackend(path)
    for n in range(count):
        backend.update([SearchDocument(kind="article", id=n, title=f"Router note {n}", url="/")])
