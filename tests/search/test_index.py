"""The index follows the database: every change, rollbacks, several writers, repairs."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.kb import services as kb
from portal.kb.models import Article
from portal.search import backends
from portal.search.documents import SearchQuery
from tests.factories import make_article, make_category
from tests.search.writer import write_articles


def indexed_keys() -> set[str]:
    return backends.ready_backend().keys()


def titles_for(text: str) -> list[str]:
    return [hit.title for hit in backends.ready_backend().search(SearchQuery(text=text)).hits]


def fields_of(article: Article, **changes) -> kb.ArticleFields:
    values = {
        "title": article.title,
        "slug": article.slug,
        "category_id": article.category_id,
        "body_md": article.body_md,
        "summary": article.summary,
        "language": article.language,
        "tags": tuple(article.tag_names),
    }
    values.update(changes)
    return kb.ArticleFields(**values)


def test_publishing_adds_the_article_and_drafts_stay_out(app):
    draft = make_article("Pair the remote control", status="draft")
    assert titles_for("remote control") == []
    kb.set_status(draft, "published")
    assert titles_for("remote control") == ["Pair the remote control"]


def test_an_edit_replaces_the_indexed_text(app):
    article = make_article("Router lights", body="The light glows amber.")
    kb.update_article(article, fields_of(article, body_md="The light glows turquoise."), None)
    assert titles_for("turquoise") == ["Router lights"]
    assert titles_for("amber") == []


def test_unpublish_and_archive_remove_the_article(app):
    first = make_article("Mounting bracket one")
    second = make_article("Mounting bracket two")
    kb.set_status(first, "draft")
    kb.set_status(second, "archived")
    assert titles_for("mounting bracket") == []
    assert indexed_keys() == set()


def test_deleting_an_article_removes_it(app):
    article = make_article("Temporary notice")
    key = f"article:{article.id}"
    assert key in indexed_keys()
    db.session.delete(article)
    db.session.commit()
    assert key not in indexed_keys()


def test_a_rename_moves_the_link_to_the_new_slug(app):
    article = make_article("Speed test", slug="old-speed-test")
    kb.update_article(
        article, fields_of(article, slug="speed-test", title="Run a speed test"), None
    )
    hits = backends.ready_backend().search(SearchQuery(text="speed test")).hits
    assert [(h.title, h.url) for h in hits] == [("Run a speed test", "/kb/speed-test")]


def test_a_rolled_back_change_never_reaches_the_index(app):
    article = make_article("Channel width")
    article.title = "Secret zebra heading"
    db.session.flush()
    db.session.rollback()
    assert titles_for("zebra") == []
    assert titles_for("channel width") == ["Channel width"]


def test_the_index_is_built_on_first_use_when_missing(app):
    make_article("Antenna placement")
    shutil.rmtree(app.config["PORTAL_SEARCH_DIR"], ignore_errors=True)
    backends.backend().reset()
    app.extensions.pop(backends.READY, None)
    assert titles_for("antenna") == ["Antenna placement"]


def test_a_corrupt_index_is_rebuilt_and_the_page_still_answers(app, client):
    make_article("Mesh backhaul explained")
    backends.ready_backend()
    folder = Path(app.config["PORTAL_SEARCH_DIR"])
    # Segment files lost or cut short, as after a full disk or a crash mid-copy.
    for path in folder.iterdir():
        if not path.name.endswith(".toc"):
            path.unlink()
    backends.backend().reset()
    response = client.get("/search?q=backhaul")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Mesh <mark>backhaul</mark> explained" in page


def test_reindex_rebuilds_and_check_reports_drift(app, runner):
    article = make_article("Firmware rollback")
    make_article("Firmware channel")
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 2 document(s)" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0

    backends.ready_backend().remove([f"article:{article.id}"])
    backends.ready_backend().update([], [])
    drift = runner.invoke(args=["search", "check"])
    assert drift.exit_code == 1
    assert f"missing: article:{article.id}" in drift.output

    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_check_reports_documents_that_should_not_be_there(app, runner):
    article = make_article("Ghost article")
    backends.ready_backend()
    db.session.execute(Article.__table__.update().values(status="draft"))
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"extra: article:{article.id}" in result.output


def test_writers_in_several_processes_lose_nothing(app):
    category = make_category()
    backends.ready_backend()
    db.session.commit()
    config = {
        key: app.config[key]
        for key in ("TESTING", "INSTANCE_PATH", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")
    }
    config["PORTAL_SEARCH_DIR"] = app.config["PORTAL_SEARCH_DIR"]
    workers, each = 3, 4
    spawn = multiprocessing.get_context("spawn")
    processes = [
        spawn.Process(target=write_articles, args=(config, n, each)) for n in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    ids = db.session.scalars(select(Article.id).where(Article.category_id == category.id)).all()
    assert len(ids) == workers * each
    assert indexed_keys() == {f"article:{i}" for i in ids}
