"""Without a working embedding model search answers by words: no 500, no empty page."""

from __future__ import annotations

import logging

import pytest

from portal.search import api, embedding
from tests.factories import make_article


@pytest.fixture
def app_overrides(tmp_path):
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "model.onnx").write_bytes(b"not a model")
    (broken / "tokenizer.json").write_text("{}")
    return {"PORTAL_EMBEDDING_MODEL": str(broken)}


def test_a_broken_model_leaves_search_lexical_with_one_log_line(app, client, caplog):
    make_article("Reset the router", body="Hold the reset button for ten seconds.", slug="reset")
    caplog.set_level(logging.ERROR, logger="portal.search.embedding")
    first = client.get("/search?q=reset+router")
    second = client.get("/search/suggest?q=how+do+I+reset+the+router")
    assert first.status_code == 200 and "/kb/reset" in first.text
    assert second.status_code == 200 and "/kb/reset" in second.text
    assert [r.name for r in caplog.records].count("portal.search.embedding") == 1
    assert [d.title for d in api.rank("reset router", mode="fused")] == ["Reset the router"]
    assert api.rank("reset router", mode="dense") == []


def test_healthz_flags_the_missing_model_but_stays_ok(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["semantic_search"] == "unavailable"


def test_reindex_says_what_to_do_without_a_model(app, runner):
    make_article("Reset the router")
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 1
    assert "could not be loaded" in result.output and "PORTAL_EMBEDDING_MODEL" in result.output


def test_an_unknown_model_name_is_reported_as_unavailable(app):
    app.config["PORTAL_EMBEDDING_MODEL"] = "no-such-model"
    assert embedding.status() == "unavailable"
    app.config["PORTAL_EMBEDDING_MODEL"] = "off"
    assert embedding.status() == "off"
