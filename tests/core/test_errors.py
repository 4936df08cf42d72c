import pytest
from flask import abort
from sqlalchemy import event

from portal.extensions import db


@pytest.fixture
def failing_routes(app):
    """Routes that fail on purpose, added before the first request."""

    @app.get("/_test/abort/<int:code>")
    def _abort(code):
        abort(code)

    @app.get("/_test/crash")
    def _crash():
        raise RuntimeError("boom")

    @app.get("/_test/crash-after-commit")
    def _crash_after_commit():
        def fail(_session):
            raise RuntimeError("boom after commit")

        event.listen(db.session(), "after_commit", fail, once=True)
        db.session.commit()
        return "not reached"

    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (400, "Something in that request was not right"),
        (403, "This page is not open to you"),
        (404, "We couldn"),
        (413, "That was too large to send"),
        (429, "Too many tries in a short time"),
    ],
)
def test_error_pages_use_the_layout_and_keep_the_way_to_a_human(
    failing_routes, client, code, words
):
    response = client.get(f"/_test/abort/{code}")
    assert response.status_code == code
    assert words in response.text
    assert 'id="talk-to-human"' in response.text
    assert 'role="search"' in response.text


def test_unexpected_error_is_a_friendly_500(failing_routes, client):
    response = client.get("/_test/crash")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'id="talk-to-human"' in response.text


def test_a_failure_inside_a_commit_still_gives_the_friendly_500(failing_routes, client):
    response = client.get("/_test/crash-after-commit")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text


def test_unknown_page_is_404_in_the_normal_layout(client):
    response = client.get("/this/does/not/exist")
    assert response.status_code == 404
    assert "We couldn" in response.text
    assert 'id="talk-to-human"' in response.text


def test_wrong_method_is_405_with_allow_header(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_error_pages_speak_filipino_too(client):
    response = client.get("/nowhere", headers={"Accept-Language": "fil"})
    assert "Hindi namin mahanap ang pahinang iyon" in response.text


def test_404_searches_the_words_of_the_missing_address(client):
    from tests.factories import make_article

    make_article(title="Reset your password", body="Open Settings, then Password, then Reset.")
    response = client.get("/kb/reset-pasword-help")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert 'id="talk-to-human"' in text
    assert 'id="missing-q" name="q" type="search" maxlength="200"' in text
    assert 'value="reset pasword help"' in text
    assert "Were you looking for one of these?" in text
    assert ">Reset your password</a>" in text


def test_404_without_matching_words_still_offers_the_search_box(client):
    text = client.get("/kb/zzqx-qqzv").get_data(as_text=True)
    assert 'id="missing-q"' in text
    assert "Were you looking for one of these?" not in text


def test_404_stays_a_404_when_the_suggestions_fail(app, client):
    def broken(words):
        raise RuntimeError("index gone")

    app.extensions["portal_missing_page_suggesters"] = [broken]
    response = client.get("/kb/reset-password")
    assert response.status_code == 404
    assert 'value="reset password"' in response.get_data(as_text=True)


def test_the_words_of_a_missing_address_leave_out_sections_and_numbers(app):
    from portal.core.errors import words_of_path

    with app.test_request_context():
        assert words_of_path("/kb/reset-pasword-help") == "reset pasword help"
        assert words_of_path("/forum/t/123/router%20lights_blinking") == "router lights blinking"
        assert words_of_path("/" + "-".join(["word"] * 20)) == " ".join(["word"] * 8)


def test_404_suggests_pages_in_the_readers_language_first(client):
    from tests.factories import make_article

    make_article(title="Reset your router", body="Hold the button for ten seconds.")
    make_article(title="I-reset ang router", body="Pindutin ang button.", language="fil")
    page = client.get("/kb/reset-router", headers={"Accept-Language": "fil"}).text
    assert page.index(">I-reset ang router</a>") < page.index(">Reset your router</a>")
