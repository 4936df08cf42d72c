"""Dates: one format on every page, in the reader's language and the portal's time zone."""

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from portal.clock import utcnow
from portal.core import dates
from portal.extensions import db
from tests.factories import make_forum_category, make_reply, make_thread, make_user

NOW = datetime(2026, 12, 1, 9, 46, 30)
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def filipino(app):
    with app.test_request_context(headers={"Accept-Language": "fil"}):
        yield


def test_a_recent_moment_reads_as_time_ago(english):
    assert dates.readable(NOW - timedelta(hours=3), NOW) == "3 hours ago"
    assert dates.readable(NOW - timedelta(minutes=5), NOW) == "5 minutes ago"
    assert dates.readable(NOW - timedelta(seconds=20), NOW) == "just now"


def test_a_recent_moment_reads_as_time_ago_in_filipino(filipino):
    assert dates.readable(NOW - timedelta(hours=3), NOW) == "3 oras ang nakalipas"
    assert dates.readable(NOW - timedelta(seconds=20), NOW) == "ngayon lang"


def test_an_older_moment_is_a_date_and_time_in_the_portal_zone_without_seconds(english):
    # 09:46 UTC is 17:46 in Manila, the configured default zone.
    assert dates.readable(NOW - timedelta(days=30), NOW) == "Nov 1, 2026, 5:46\u202fPM"


def test_a_future_moment_is_never_relative(filipino):
    assert dates.readable(NOW + timedelta(days=2), NOW) == "Dis 3, 2026, 5:46\u202fPM"


def test_the_time_element_carries_the_exact_moment(english):
    html = str(dates.when(NOW - timedelta(hours=3), NOW))
    exact = "Tuesday, December 1, 2026, 2:46\u202fPM GMT+08:00"
    assert html == (
        f'<time datetime="2026-12-01T06:46Z" title="{exact}">3 hours ago'
        f'<span class="visually-hidden"> ({exact})</span></time>'
    )
    assert dates.when(None) == ""


def test_an_older_moment_shows_its_date_and_needs_no_hidden_words(english):
    html = str(dates.when(NOW - timedelta(days=30), NOW))
    assert html == (
        '<time datetime="2026-11-01T09:46Z" title="Sunday, November 1, 2026, 5:46\u202fPM '
        'GMT+08:00">Nov 1, 2026, 5:46\u202fPM</time>'
    )


def test_a_relative_date_on_a_page_says_the_exact_moment_in_words_not_only_on_hover(client):
    thread = make_thread(title="Where does the second node go?")
    page = client.get(f"/forum/t/{thread.id}").text
    time_tag = re.search(r'<a class="post-time" href="[^"]*">(<time [^>]*>.*?</time>)</a>', page)
    assert time_tag, "the post's time"
    title, visible, said = re.fullmatch(
        r'<time datetime="[^"]*" title="([^"]*)">(.*?)<span class="visually-hidden"> \((.*)\)'
        r"</span></time>",
        time_tag.group(1),
    ).groups()
    assert visible == "just now"
    assert said == title
    assert re.fullmatch(r"\w+day, \w+ \d+, \d{4}, \d+:\d\d\W+[AP]M GMT\+08:00", said)


def test_templates_print_dates_only_through_the_when_filter():
    printed = re.compile(r"\|\s*datetimeformat|\.strftime\(|\.isoformat\(\)\s*}}Z")
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if printed.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_forum_list_shows_who_asked_when_and_the_last_reply_apart(client):
    category = make_forum_category(slug="setup", name="Setting up")
    asker, helper = make_user(display_name="Maria Asker"), make_user(display_name="Ben Helper")
    thread = make_thread(author=asker, category=category, title="Where does the second node go?")
    thread.created_at = utcnow() - timedelta(days=40)
    db.session.commit()
    make_reply(thread, author=helper)
    text = client.get("/forum/setup/").text
    asked = re.search(r'<span class="thread-asked">(.*?)</span>', text, re.S).group(1)
    assert "asked by Maria Asker" in asked and "<time" in asked and "ago" not in asked
    activity = re.search(r'<span class="thread-activity">(.*?)</span>', text, re.S).group(1)
    assert "last reply by Ben Helper" in activity and "just now" in activity


def test_forum_list_of_an_unanswered_thread_has_no_last_reply(client):
    make_thread(category=make_forum_category(slug="quiet"), title="Nobody has answered me yet")
    text = client.get("/forum/quiet/").text
    assert "asked by" in text and "thread-activity" not in text


def test_chart_days_are_named_in_the_readers_language(filipino):
    assert dates.day_label(datetime(2026, 12, 1).date()) == "Dis 1"
