"""Rate limits on votes and survey answers, switched on for these tests only."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.feedback.models import HelpfulVote
from tests.factories import make_article


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": True, "PORTAL_VOTE_LIMIT": "5 per minute"}


def test_a_script_cannot_inflate_votes(app):
    article = make_article()
    codes = []
    for _ in range(8):
        fresh = app.test_client()  # a new cookie jar each time, like a script
        codes.append(
            fresh.post(
                f"/feedback/helpful/article/{article.id}", data={"helpful": "yes"}
            ).status_code
        )
    assert codes == [303] * 5 + [429] * 3
    assert db.session.scalar(select(func.count(HelpfulVote.id))) == 5


def test_repeated_clicks_from_one_reader_stay_one_vote(client):
    article = make_article()
    for answer in ("yes", "no", "yes", "no", "yes"):
        client.post(f"/feedback/helpful/article/{article.id}", data={"helpful": answer})
    assert db.session.scalar(select(func.count(HelpfulVote.id))) == 1
    limited = client.post(f"/feedback/helpful/article/{article.id}", data={"helpful": "no"})
    assert limited.status_code == 429 and "Too many tries" in limited.text


def test_ces_answers_are_limited(client):
    data = {"subject_kind": "tutorial", "subject_ref": "1", "score": "5"}
    codes = [client.post("/feedback/ces", data=data).status_code for _ in range(31)]
    assert codes[:30] == [303] * 30 and codes[30] == 429


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "PORTAL_NEW_VOTER_LIMIT": "3 per day"}]
)
def test_fresh_cookies_from_one_address_stuff_no_ballot(app):
    article = make_article()
    db.session.commit()
    for _ in range(6):
        app.test_client().post(f"/feedback/helpful/article/{article.id}", data={"helpful": "yes"})
    assert db.session.scalar(select(func.count(HelpfulVote.id))) == 3
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    other.post(f"/feedback/helpful/article/{article.id}", data={"helpful": "no"})
    assert db.session.scalar(select(func.count(HelpfulVote.id))) == 4
