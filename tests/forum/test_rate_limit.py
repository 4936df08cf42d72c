"""The posting rate limit, switched on for these tests only."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.forum.models import Post
from tests.factories import make_thread


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": True, "PORTAL_FORUM_POST_RATE": (3, 600)}


def test_members_posting_too_fast_are_stopped_and_keep_their_text(client, login):
    login()
    thread = make_thread()
    codes = [
        client.post(f"/forum/t/{thread.id}/reply", data={"body": f"Reply {n}"}).status_code
        for n in range(3)
    ]
    assert codes == [303, 303, 303]
    response = client.post(f"/forum/t/{thread.id}/reply", data={"body": "One more thing"})
    assert response.status_code == 400
    assert "You are posting very quickly" in response.text
    assert "One more thing" in response.text
    assert db.session.scalar(select(func.count(Post.id))) == 4


def test_moderators_are_not_limited(client, login):
    login(role="agent")
    thread = make_thread()
    codes = [
        client.post(f"/forum/t/{thread.id}/reply", data={"body": f"Note {n}"}).status_code
        for n in range(5)
    ]
    assert codes == [303] * 5
