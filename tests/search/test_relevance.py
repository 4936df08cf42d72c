"""Relevance: realistic queries over the demo content, each with the article it must find.

A query passes when its article is among the first three results. `make bench-relevance`
prints the mean reciprocal rank of the same set under each analysis choice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.extensions import db
from portal.kb.content import sync_content
from portal.search import backends, services
from portal.search.documents import SearchQuery
from tests.conftest import make_app

# (query as a customer types it, slug of the article that answers it)
CASES = [
    # Plain English questions
    ("reset password", "reset-your-password"),
    ("forgot my password", "reset-your-password"),
    ("how do I get a refund", "request-a-refund"),
    ("cancel subscription", "cancel-alon-plus"),
    ("where is my order", "track-your-order"),
    ("change delivery address", "change-your-delivery-address"),
    ("wifi keeps dropping", "fix-slow-or-dropping-wifi"),
    ("slow internet", "fix-slow-or-dropping-wifi"),
    ("connected but no internet", "connected-but-no-internet"),
    ("guest wifi", "create-a-guest-network"),
    ("parental controls", "set-up-parental-controls"),
    ("download invoice", "download-invoices-and-receipts"),
    ("payment failed", "fix-a-failed-payment"),
    ("card declined", "fix-a-failed-payment"),
    ("two factor authentication", "turn-on-two-step-verification"),
    ("delete my account", "delete-your-alon-account"),
    ("damaged item", "report-a-damaged-item"),
    ("return a product", "returns-and-exchanges"),
    ("phishing email", "spot-phishing-emails"),
    ("update firmware", "update-alon-mesh-firmware"),
    ("app cannot find router", "app-cant-find-your-router"),
    ("pay with gcash", "accepted-payment-methods"),
    ("add another node", "add-a-node"),
    ("status light blinking red", "node-offline-and-status-lights"),
    ("share wifi qr code", "share-wifi-with-a-qr-code"),
    ('"factory reset"', "factory-reset-alon-mesh"),
    # Inflections the stemmer must bring together
    ("resetting the router", "factory-reset-alon-mesh"),
    ("node went offline", "node-offline-and-status-lights"),
    ("delivery fees", "delivery-times-and-fees"),
    # Misspellings
    ("refnd", "request-a-refund"),
    ("parental controlls", "set-up-parental-controls"),
    ("invoise", "download-invoices-and-receipts"),
    # Filipino
    ("i-reset ang password", "i-reset-ang-iyong-password"),
    ("paano magbayad", "mga-paraan-ng-pagbabayad"),
    ("paraan ng pagbabayad", "mga-paraan-ng-pagbabayad"),
    ("i-cancel ang alon plus", "paano-i-cancel-ang-alon-plus"),
    ("nasaan ang order ko", "i-track-ang-iyong-order"),
    ("pagbabalik ng produkto", "pagbabalik-at-pagpapalit-ng-produkto"),
    ("gumawa ng account", "gumawa-ng-alon-account"),
    ("makilala ang phishing", "paano-makilala-ang-phishing-email"),
]


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, migrated_database):
    """An app with the demo content loaded and indexed, shared by this module's tests."""
    app = make_app(tmp_path_factory.mktemp("relevance") / "instance", migrated_database)
    with app.app_context():
        sync_content(Path(app.config["PORTAL_CONTENT_DIR"]))
        backends.rebuild()
    yield app
    # Each test's clean-up disposed of the engine once; later tests opened it again.
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def rank_of(query: str, slug: str) -> int | None:
    """1-based rank of the article in the results, or None when it is not on the first page."""
    outcome = services.search(SearchQuery(text=query, per_page=10))
    urls = [hit.url.partition("#")[0] for hit in outcome.results.hits]
    target = f"/kb/{slug}"
    return urls.index(target) + 1 if target in urls else None


def test_the_set_is_big_enough_and_names_real_articles():
    assert len(CASES) >= 30
    content = Path(__file__).resolve().parents[2] / "content" / "articles"
    slugs = {path.stem for path in content.rglob("*.md")}
    assert {slug for _q, slug in CASES} <= slugs


@pytest.mark.parametrize(("query", "slug"), CASES)
def test_query_finds_its_article_in_the_top_three(demo_app, query, slug):
    with demo_app.app_context():
        rank = rank_of(query, slug)
    assert rank is not None and rank <= 3, f"{query!r}: {slug} ranked {rank}"


@pytest.mark.parametrize("query", ["bridge mode", "stuck checking for updates"])
def test_draft_demo_articles_are_never_found(demo_app, query):
    with demo_app.app_context():
        outcome = services.search(SearchQuery(text=query, per_page=50))
    urls = {hit.url.partition("#")[0] for hit in outcome.results.hits}
    assert "/kb/use-alon-mesh-with-your-isp-modem" not in urls
    assert "/kb/setup-stuck-on-checking-for-updates" not in urls
