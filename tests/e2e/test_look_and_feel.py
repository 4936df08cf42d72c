"""Look and feel in a real browser: long articles, task lists, search on phones, the 404 page.

Each journey runs at a phone and a desktop width, and axe checks every page it shows in
English and Filipino. Screenshots go to tests/e2e/artifacts/ (ignored by git).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

ARTIFACTS = Path(__file__).parent / "artifacts"
PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
LONG_ARTICLE = "/kb/fix-slow-or-dropping-wifi"


def open_page(browser, live_server, viewport, lang="en"):
    context = browser.new_context(viewport=viewport)
    context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
    return context, context.new_page()


def keep_screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
          const box = document.querySelector(selector).getBoundingClientRect();
          return box.height > 0 && box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


@pytest.mark.parametrize("lang", ["en", "fil"])
def test_contents_of_a_long_article_stay_in_view_on_wide_screens(demo, browser, live_server, lang):
    context, page = open_page(browser, live_server, DESKTOP, lang)
    page.goto(live_server + LONG_ARTICLE)
    side = page.locator(".toc-side")
    expect(side).to_be_visible()
    expect(page.locator(".toc-fold")).to_be_hidden()
    # Beside the text, not above it.
    assert side.bounding_box()["x"] > page.locator(".article-body").bounding_box()["x"] + 400
    assert_accessible(page)
    keep_screenshot(page, f"article-toc-{lang}-1280")
    page.locator(".article-body h2").last.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 300
    assert in_view(page, ".toc-side")
    page.locator(".back-to-top a").click()
    expect(page.locator("h1")).to_be_in_viewport()
    context.close()


@pytest.mark.parametrize("lang", ["en", "fil"])
def test_contents_of_a_long_article_fold_away_on_phones(demo, browser, live_server, lang):
    context, page = open_page(browser, live_server, PHONE, lang)
    page.goto(live_server + LONG_ARTICLE)
    expect(page.locator(".toc-side")).to_be_hidden()
    fold = page.locator("details.toc-fold")
    expect(fold.locator("ol")).to_be_hidden()
    assert_accessible(page)
    keep_screenshot(page, f"article-toc-{lang}-390")
    fold.locator("summary").click()
    fold.get_by_role("link").nth(1).click()
    assert "#" in page.url
    context.close()


def test_the_article_says_how_many_people_it_helped(demo, browser, live_server):
    context, page = open_page(browser, live_server, DESKTOP)
    page.goto(live_server + LONG_ARTICLE)
    page.locator("#helpful").get_by_role("button", name="Yes").click()
    expect(page.locator(".helpful-count")).to_contain_text("found this helpful")
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_readers_tick_the_steps_of_a_task_list_and_they_stay_ticked(
    demo, browser, live_server, viewport
):
    context, page = open_page(browser, live_server, viewport)
    page.goto(live_server + LONG_ARTICLE)
    steps = page.locator(".article-body .task-list").first.get_by_role("checkbox")
    expect(steps.first).to_be_enabled()
    steps.nth(1).check()
    assert_accessible(page)
    keep_screenshot(page, f"task-list-{viewport['width']}")
    steps.first.locator("xpath=ancestor::ul[1]").screenshot(
        path=ARTIFACTS / f"task-list-detail-{viewport['width']}.png"
    )
    page.reload()
    expect(steps.nth(1)).to_be_checked()
    expect(steps.first).not_to_be_checked()
    context.close()


def test_without_javascript_a_task_list_reads_as_steps_not_dead_boxes(demo, browser, live_server):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + LONG_ARTICLE)
    items = page.locator(".article-body .task-list-item")
    expect(items.first).to_be_visible()
    expect(page.locator(".article-body .task-list").get_by_role("checkbox")).to_have_count(0)
    assert items.first.evaluate("item => getComputedStyle(item).listStyleType") == "disc"
    context.close()


@pytest.mark.parametrize("lang", ["en", "fil"])
def test_search_filters_fold_away_above_the_results_on_phones(demo, browser, live_server, lang):
    context, page = open_page(browser, live_server, PHONE, lang)
    page.goto(live_server + "/search?q=wifi")
    fold = page.locator("details.facet-fold")
    expect(fold).to_be_visible()
    expect(page.locator(".search-facets-side")).to_be_hidden()
    expect(fold.locator(".facet-list").first).to_be_hidden()
    # Folded, the filters leave the first result near the top of the screen.
    assert page.locator(".hit").first.bounding_box()["y"] < 800
    assert_accessible(page)
    keep_screenshot(page, f"search-{lang}-390")
    fold.locator("summary").click()
    fold.locator(".facet-list a").first.click()
    page.wait_for_url("**type=**")
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("lang", ["en", "fil"])
def test_search_filters_sit_beside_the_results_on_wide_screens(demo, browser, live_server, lang):
    context, page = open_page(browser, live_server, DESKTOP, lang)
    page.goto(live_server + "/search?q=wifi")
    expect(page.locator(".search-facets-side")).to_be_visible()
    expect(page.locator("details.facet-fold")).to_be_hidden()
    assert_accessible(page)
    keep_screenshot(page, f"search-{lang}-1280")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("lang", ["en", "fil"])
def test_the_home_page_has_one_search_box_that_suggests(demo, browser, live_server, viewport, lang):
    context, page = open_page(browser, live_server, viewport, lang)
    page.goto(live_server + "/")
    expect(page.get_by_role("searchbox").or_(page.get_by_role("combobox"))).to_have_count(1)
    box = page.get_by_role("combobox")
    expect(box).to_have_attribute("id", "home-q")
    box.press_sequentially("wifi", delay=40)
    # On a busy machine the first suggestions of a fresh server can take several seconds.
    expect(page.get_by_role("listbox")).to_be_visible(timeout=15_000)
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("lang", ["en", "fil"])
def test_the_404_page_searches_the_words_of_the_missing_address(
    demo, browser, live_server, viewport, lang
):
    context, page = open_page(browser, live_server, viewport, lang)
    response = page.goto(live_server + "/kb/factory-resett-router")
    assert response.status == 404
    expect(page.locator("#talk-to-human")).to_be_visible()
    expect(page.locator("#missing-q")).to_have_value("factory resett router")
    expect(page.locator(".missing-suggestions a").first).to_be_visible()
    assert_accessible(page)
    keep_screenshot(page, f"404-{lang}-{viewport['width']}")
    page.locator(".missing-suggestions a").first.click()
    page.wait_for_load_state()
    assert page.url != live_server + "/kb/factory-resett-router"
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("lang", ["en", "fil"])
def test_dates_read_alike_with_the_exact_time_on_hover(
    demo, browser, live_server, log_in, viewport, lang
):
    context, page = open_page(browser, live_server, viewport, lang)
    page.goto(live_server + "/forum/")
    thread = page.locator(".thread-item").filter(has=page.locator(".thread-activity")).first
    asked, activity = thread.locator(".thread-asked time"), thread.locator(".thread-activity time")
    expect(asked).to_have_attribute("title", re.compile(r"\d{4}.*\d:\d\d"))
    expect(activity).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$"))
    assert not re.search(r"\d:\d\d:\d\d", page.locator("main").inner_text()), "no seconds"
    assert_accessible(page)
    keep_screenshot(page, f"forum-{lang}-{viewport['width']}")
    thread.locator(".thread-title").click()
    expect(page.locator(".post-time time").first).to_have_attribute("title", re.compile(r"\d:\d\d"))
    assert_accessible(page)
    log_in(page, "customer@example.com", password="demo-customer-pass")
    page.goto(live_server + "/tickets/")
    expect(page.locator("main time").first).to_have_attribute("title", re.compile(r"\d:\d\d"))
    assert_accessible(page)
    context.close()


STAFF_PAGES = [
    "/agent/",
    "/agent/mail/",
    "/editor/",
    "/editor/tutorials",
    "/editor/review",
    "/feedback/inbox",
    "/feedback/report",
    "/forum/moderation/",
    "/forum/moderation/log",
    "/insights/",
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("lang", ["en", "fil"])
def test_staff_pages_with_dates_are_accessible(demo, browser, live_server, log_in, viewport, lang):
    context, page = open_page(browser, live_server, viewport, lang)
    log_in(page, "admin@example.com", password="demo-admin-pass")
    page.goto(live_server + "/agent/")
    ticket = live_server + page.locator(".queue a").first.get_attribute("href")
    for url in [live_server + path for path in STAFF_PAGES] + [ticket]:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
    context.close()


def test_without_the_header_search_the_way_to_a_human_stays_on_the_right(
    demo, browser, live_server
):
    context, page = open_page(browser, live_server, DESKTOP)
    page.goto(live_server + "/")
    assert page.locator("#talk-to-human").bounding_box()["x"] > DESKTOP["width"] / 2
    context.close()
