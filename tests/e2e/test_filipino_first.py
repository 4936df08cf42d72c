"""A Filipino reader sees Filipino first: article lists, forum categories, box titles."""

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_category, make_forum_category, make_thread


@pytest.mark.parametrize("language", ["English", "Filipino"])
def test_each_reader_sees_their_language_first_and_a_filipino_article_speaks_filipino(
    live_server, page, csp_violations, language
):
    category = make_category(name="Billing", name_fil="Bayarin")
    english = make_article(title="Read by everyone", category=category)
    english.view_count = 900
    make_article(
        title="Paano magbayad gamit ang GCash",
        slug="gcash",
        category=category,
        language="fil",
        body="!!! note\n    Kailangan ng verified na GCash account.\n",
    )
    forum = make_forum_category(slug="connection", name="Connection and speed")
    forum.name_fil = "Koneksyon at bilis"
    db.session.commit()
    make_thread(category=forum, title="Mabagal ang Wi-Fi sa gabi")

    page.goto(live_server + "/")
    if language == "Filipino":
        page.get_by_role("button", name="Filipino").click()
    first, second = ("Paano magbayad gamit ang GCash", "Read by everyone")
    if language == "English":
        first, second = second, first
    for path in ("/", "/kb/"):
        page.goto(live_server + path)
        links = page.locator("main a").all_inner_texts()
        assert links.index(first) < links.index(second)
        assert_accessible(page)

    page.goto(live_server + "/forum/")
    name, other = ("Koneksyon at bilis", "Connection and speed")
    if language == "English":
        name, other = other, name
    expect(page.locator("main a.category-name")).to_have_text(name)
    expect(page.locator("main")).not_to_contain_text(other)
    assert_accessible(page)

    page.goto(live_server + "/kb/gcash")
    expect(page.locator(".admonition-title")).to_have_text("Paalala")
    assert_accessible(page)
    assert not csp_violations
