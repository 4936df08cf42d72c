"""The PostgreSQL search backend: stemming, weights, typos, Filipino, highlights, facets."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.extensions import db
from portal.search.documents import SearchDocument, SearchQuery, Section
from portal.search.postgresql import PostgresBackend
from tests.conftest import USE_POSTGRES

pytestmark = pytest.mark.skipif(
    not USE_POSTGRES, reason="the PostgreSQL backend runs when DATABASE_URL is PostgreSQL"
)


def doc(ident, title, *sections, language="en", kind="article", category="wifi", **kw):
    return SearchDocument(
        kind=kind,
        id=ident,
        title=title,
        url=f"/kb/{ident}",
        sections=[Section(anchor, heading, body) for anchor, heading, body in sections],
        language=language,
        category=category,
        category_labels={"en": category.title(), "fil": f"{category} (fil)"},
        **kw,
    )


CORPUS = [
    doc(
        "reset-router",
        "Reset your router",
        ("", "", "Unplug the router for ten seconds."),
        ("factory-reset", "Factory reset", "Hold the reset button until the lights blink."),
    ),
    doc("slow-wifi", "Fix slow Wi-Fi", ("", "", "Move the router closer; resetting helps too.")),
    doc(
        "bayad",
        "Paano magbayad ng bill",
        ("", "", "Magbayad sa GCash o sa bangko. Ang resibo ay ipapadala sa email."),
        language="fil",
        category="billing",
    ),
    doc(
        "staff-notes",
        "Router escalation notes",
        ("", "", "Internal router notes."),
        audience="staff",
    ),
]


@pytest.fixture
def engine(app):
    backend = PostgresBackend()
    backend.rebuild(CORPUS)
    return backend


def keys(results):
    return [hit.key for hit in results.hits]


def test_english_is_stemmed_and_the_title_outweighs_the_body(engine):
    results = engine.search(SearchQuery(text="resetting routers"))
    assert keys(results)[:2] == ["article:reset-router", "article:slow-wifi"]
    assert results.total == 2


def test_the_best_section_gives_the_link_and_the_highlighted_snippet(engine):
    hit = engine.search(SearchQuery(text="button lights")).hits[0]
    assert hit.url == "/kb/reset-router#factory-reset"
    assert hit.section == "Factory reset"
    assert "<mark>button</mark>" in hit.snippet_html
    assert "<mark>lights</mark>" in hit.snippet_html


def test_highlights_escape_the_text_around_the_marks(app, engine):
    engine.index([doc("tags", "<b>Router</b> & modem", ("", "", "A <script> router."))])
    db.session.commit()
    hit = engine.search(SearchQuery(text="router modem")).hits[0]
    assert hit.title_html == "&lt;b&gt;<mark>Router</mark>&lt;/b&gt; &amp; <mark>modem</mark>"
    assert "<script>" not in hit.snippet_html


def test_filipino_is_found_without_stemming_and_accents_fold(engine):
    results = engine.search(SearchQuery(text="magbayád"))
    assert keys(results) == ["article:bayad"]
    assert results.hits[0].category_label == "Billing"


def test_facets_count_every_visible_match_whatever_is_chosen(engine):
    results = engine.search(SearchQuery(text="router bangko", category="billing"))
    assert keys(results) == ["article:bayad"]
    counts = {f.value: f.count for f in results.facets["category"]}
    assert counts == {"wifi": 2, "billing": 1}
    assert {f.value for f in results.facets["language"]} == {"en", "fil"}
    labels = {f.value: f.label for f in results.facets["category"]}
    assert labels["wifi"] == "Wifi"


def test_staff_documents_only_for_staff(engine):
    assert "article:staff-notes" not in keys(engine.search(SearchQuery(text="router")))
    staff = engine.search(SearchQuery(text="router", audiences=("public", "staff")))
    assert "article:staff-notes" in keys(staff)


def test_quoted_phrases_stay_exact(engine):
    assert keys(engine.search(SearchQuery(text='"reset button"'))) == ["article:reset-router"]
    assert engine.search(SearchQuery(text='"button reset"')).total == 0


def test_typos_are_forgiven_and_corrected(engine):
    assert engine.search(SearchQuery(text="ruoter")).total == 0
    fuzzy = engine.search(SearchQuery(text="ruoter", fuzzy=True))
    assert "article:reset-router" in keys(fuzzy)
    assert engine.correct("facotry reset") == "factory reset"
    assert engine.correct("factory reset") is None


def test_suggestions_complete_the_last_word(engine):
    titles = [s.title for s in engine.suggest("reset rou", "en", ("public",))]
    assert titles == ["Reset your router"]
    assert [s.title for s in engine.suggest("magba", "fil", ("public",))] == [
        "Paano magbayad ng bill"
    ]


def test_updates_replace_and_removals_disappear(app, engine):
    engine.index([doc("slow-wifi", "Fix slow wireless", ("", "", "Channels."))], ["article:bayad"])
    db.session.commit()
    assert engine.search(SearchQuery(text="wi-fi")).total == 0
    assert keys(engine.search(SearchQuery(text="wireless"))) == ["article:slow-wifi"]
    assert "article:bayad" not in set(engine.keys())
    assert engine.doc_count() == 4 - 1


@pytest.fixture
def pg_app(tmp_path, migrated_database):
    from tests.conftest import FreshContextClient, make_app

    app = make_app(
        tmp_path / "instance",
        migrated_database,
        PORTAL_SEARCH_BACKEND="postgresql",
        PORTAL_SEARCH_WRITE_BEHIND=True,
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()


def test_a_published_article_is_found_at_once_and_nothing_is_written_to_disk(pg_app):
    from tests.factories import make_article

    make_article(slug="mesh-setup", title="Set up the mesh nodes", body="Pair each node.")
    page = pg_app.test_client().get("/search?q=mesh+nodes")
    assert "/kb/mesh-setup" in page.text
    assert "1 result" in page.text
    assert "<mark>mesh</mark> <mark>nodes</mark>" in page.text
    assert not (Path(pg_app.config["PORTAL_SEARCH_DIR"])).exists()


def test_a_rolled_back_change_never_reaches_the_index(pg_app):
    from tests.factories import make_article

    article = make_article(slug="kept", title="Router lights", body="Blinking.")
    article.title = "Modem lights"
    db.session.flush()
    db.session.rollback()
    from portal.search import api

    assert api.search(SearchQuery(text="modem")).results.total == 0
    assert [hit.url for hit in api.search(SearchQuery(text="router")).results.hits] == ["/kb/kept"]


def test_search_check_and_reindex_work_on_the_database(pg_app):
    from tests.factories import make_article

    make_article(slug="one", title="First article")
    runner = pg_app.test_cli_runner()
    assert (
        "The index matches the database: 1 document(s)."
        in runner.invoke(args=["search", "check"]).output
    )
    db.session.execute(db.text("DELETE FROM search_documents"))
    db.session.commit()
    drift = runner.invoke(args=["search", "check"])
    assert drift.exit_code == 1
    assert "missing: article:" in drift.output
    rebuilt = runner.invoke(args=["search", "reindex"])
    assert "Indexed 1 document(s) into the database." in rebuilt.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_the_upgrade_names_each_indexed_documents_translation(pg_app):
    from flask_migrate import downgrade, upgrade

    from portal.content.translations import pair
    from tests.factories import make_article, make_tutorial

    english = make_article(slug="track-order", title="Track your order")
    filipino = make_article(slug="i-track-ang-order", title="I-track ang order", language="fil")
    pair(english, filipino)
    router = make_tutorial("set-up-router", steps=3)
    pair(router, make_tutorial("i-set-up-ang-router", steps=2, language="fil"))
    db.session.commit()
    downgrade(revision="insights_0004")  # an index written before documents named translations
    upgrade()
    links = PostgresBackend().translations()
    assert links[f"article:{english.id}"] == (f"article:{filipino.id}", "fil")
    assert links[f"article:{filipino.id}"] == (f"article:{english.id}", "en")
    other = router.translation.id
    assert links[f"tutorial:{router.id}-2"] == (f"tutorial:{other}-2", "fil")
    assert f"tutorial:{router.id}-3" not in links  # the translation has no third step
    assert links[f"tutorial:{other}-1"] == (f"tutorial:{router.id}-1", "en")
    assert pg_app.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0
