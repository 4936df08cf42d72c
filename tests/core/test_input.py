"""Raw input: NUL bytes, line separators and huge numbers never make a 500."""

from __future__ import annotations

import pytest

from portal.auth.models import User
from portal.extensions import db
from portal.feedback.models import FeedbackItem
from tests.factories import make_thread

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/forum/t/{HUGE}",
        f"/forum/t/{2**31}",
        f"/forum/p/{HUGE}",
        f"/forum/t/1?page={HUGE}",
        "/forum/t/1?page=%C2%B2",
        f"/forum/t/1/reply?quote={HUGE}",
        f"/feedback/?sent={HUGE}",
        f"/tickets/?page={HUGE}",
        f"/tickets/?q=a%00b&page={HUGE}",
        "/kb/a%00b",
        "/forum/%00/",
        f"/agent/?page={HUGE}",
        f"/editor/?page={HUGE}",
    ],
)
def test_huge_numbers_and_nul_bytes_in_urls_never_answer_500(client, login, url):
    login(role="admin")
    make_thread()
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 404), response.status_code
    if response.status_code == 404:
        assert 'id="talk-to-human"' in response.text


def test_nul_bytes_in_a_form_are_dropped_and_the_text_kept(client, login):
    user = login()
    response = client.post(
        "/account", data={"display_name": "Li\x00to", "locale": ""}, follow_redirects=True
    )
    assert response.status_code == 200
    assert db.session.get(User, user.id).display_name == "Lito"


def test_line_separators_in_a_feedback_subject_become_line_breaks(client, login):
    login()
    response = client.post(
        "/feedback/",
        data={"kind": "idea", "subject": "Dark\u2028mode\x00", "message": "Please\u2029add it"},
    )
    assert response.status_code == 303
    item = db.session.scalar(db.select(FeedbackItem))
    assert "\u2028" not in item.subject and "\x00" not in item.subject
    assert item.message == "Please\nadd it"
