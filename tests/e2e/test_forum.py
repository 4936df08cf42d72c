"""A community journey in a real browser: ask, answer, vote, accept; each page axe-checked."""

import json

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_forum_category, make_user


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()


def test_ask_answer_vote_and_accept(app, live_server, page, csp_violations, log_in):
    make_forum_category(slug="setup", name="Setting up Alon Mesh")
    asker = make_user(display_name="Maria Santos")
    helper = make_user(display_name="Paolo Garcia")

    log_in(page, asker)
    page.goto(live_server + "/forum/")
    assert_accessible(page)
    page.get_by_role("link", name="Ask a question").click()
    expect(page.get_by_role("heading", name="Ask a question")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Category").select_option(label="Setting up Alon Mesh")
    page.get_by_label("Title").fill("Node light stays orange after setup")
    page.get_by_label("Details").fill("The second node shows a **steady orange** light.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#post-preview strong")).to_have_text("steady orange")
    assert_accessible(page)
    page.get_by_role("button", name="Post question").click()
    expect(page.get_by_text("Your question is posted.")).to_be_visible()
    expect(page.get_by_role("heading", name="Node light stays orange after setup")).to_be_visible()
    thread_url = page.url
    assert_accessible(page)
    log_out(page)

    log_in(page, helper)
    page.goto(thread_url)
    page.get_by_label("Your reply").fill("Move the node one room closer to the router.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    question = page.locator("article.post").first
    helpful = question.get_by_role("button", name="Helpful")
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()
    expect(question.get_by_role("button", name="Helpful")).to_have_attribute("aria-pressed", "true")
    expect(question.locator(".vote-count")).to_have_text("1")
    assert_accessible(page)
    log_out(page)

    log_in(page, asker)
    page.goto(thread_url)
    expect(page.locator("article.post").first.locator(".vote-count")).to_have_count(0)
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("Marked as the accepted answer.")).to_be_visible()
    heading = page.get_by_role("heading", name="Node light stays orange after setup")
    expect(heading.get_by_text("Solved")).to_be_visible()
    accepted = page.locator("#accepted-answer")
    expect(accepted).to_contain_text("Move the node one room closer to the router.")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "QAPage"
    assert_accessible(page)

    page.goto(live_server + "/forum/setup/?sort=solved")
    expect(page.get_by_role("link", name="Node light stays orange after setup")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


def test_moderator_pages_are_accessible(app, live_server, page, csp_violations, log_in):
    from portal.forum import moderation
    from tests.factories import make_reply, make_thread

    thread = make_thread(title="A thread that gets flagged")
    post = make_reply(thread, body="Cheap routers at spam.example")
    moderation.flag_post(make_user(), post, "spam", "advert")
    agent = make_user(role="agent")
    log_in(page, agent)
    page.goto(live_server + f"/forum/t/{thread.id}")
    assert_accessible(page)
    page.goto(live_server + "/forum/moderation/")
    assert_accessible(page)
    page.get_by_role("button", name="Hide post").click()
    expect(page.get_by_text("The post is hidden.")).to_be_visible()
    page.get_by_role("link", name="Moderation log").click()
    expect(page.get_by_role("cell", name="hid a post")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
