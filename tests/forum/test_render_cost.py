"""Rendering a member's Markdown costs at most about linear time, and previews are bounded."""

from __future__ import annotations

import time

import pytest

from portal.forum.services import MAX_BODY
from portal.markdown import closing_brackets, render_markdown, tangled_html

# Texts that made Python-Markdown or the HTML parsers rescan the rest of the text again
# and again; each is as long as a post may be.
HOSTILE = {
    "open brackets": "[",
    "open image brackets": "![",
    "links without end": "[a](",
    "nested brackets": "[[",
    "unclosed tags": "<a",
    "nested tags": "<div>",
    "emphasis": "*a",
    "quotes": ">",
    "mixed": "[<a(*",
}
# Generous for a busy machine; before the fix the first of these took minutes.
BUDGET_SECONDS = 3.0


def _seconds(source: str) -> float:
    started = time.perf_counter()
    render_markdown(source, user_content=True)
    return time.perf_counter() - started


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_post_of_the_longest_length_renders_in_bounded_time(unit):
    source = (unit * (MAX_BODY // len(unit) + 1))[:MAX_BODY]
    # As long as an ordinary post of that length takes, give or take; a busy machine slows
    # both alike, while the quadratic paths took a hundred times longer.
    ordinary = _seconds(("Restart the *router* and wait. " * MAX_BODY)[:MAX_BODY])
    assert _seconds(source) < max(BUDGET_SECONDS, 8 * ordinary)


def test_links_and_images_still_render_as_before():
    html = render_markdown(
        'See [the [mesh] guide](https://alon.example/a_(b) "Guide") and ![dot](/x.png) '
        "and [ref][r] and [r].\n\n[r]: https://ref.example/",
        user_content=True,
    )
    assert '<a href="https://alon.example/a_(b)" rel="noopener nofollow ugc" title="Guide">' in html
    assert "the [mesh] guide</a>" in html
    assert '<img alt="dot" loading="lazy" src="/x.png">' in html
    assert html.count('href="https://ref.example/"') == 2
    assert "[not a link" in render_markdown("[not a link", user_content=True)


def test_brackets_are_paired_once_counting_from_the_end():
    text = "a[b[c]d]e["
    pairs = closing_brackets(text)
    # The "[" at 1 closes at 7; from the end: after "[" is 8 left, after "]" 2 left.
    assert pairs == {8: 2, 6: 4}


def test_tangled_raw_html_is_shown_as_text():
    assert tangled_html("<a" * 1000)
    assert not tangled_html("<b>bold</b> " * 1000)
    html = render_markdown("<div>" * 3000, user_content=True)
    assert html.startswith("<pre>&lt;div&gt;")


def test_preview_needs_a_session(client):
    response = client.post("/forum/preview", data={"body": "[" * 20000})
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "PORTAL_PREVIEW_LIMIT": "3 per minute"}]
)
def test_previews_are_rate_limited_per_member(client, login):
    login()
    codes = [client.post("/forum/preview", data={"body": "*hi*"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_hostile_preview_answers_quickly(client, login):
    login()
    started = time.perf_counter()
    response = client.post("/forum/preview", data={"body": "[" * 20000})
    assert response.status_code == 200
    assert time.perf_counter() - started < BUDGET_SECONDS
