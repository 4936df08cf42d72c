"""An editor writes and publishes an article; a visitor finds it. Every page checked with axe."""

from playwright.sync_api import expect

from portal.extensions import db
from portal.kb.models import Article
from tests.e2e.conftest import assert_accessible
from tests.factories import make_article, make_category, make_flag, make_user


def test_write_with_live_preview_publish_and_a_visitor_finds_it(
    live_server, page, csp_violations, log_in
):
    category = make_category("Billing")
    editor = make_user("editor", display_name="Maya")

    log_in(page, editor, next="/editor/")
    expect(page.get_by_role("heading", name="Editor", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Write a new article").click()
    expect(page.get_by_role("heading", name="New article")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("Paying with GCash")
    page.get_by_label("Summary").fill("Link your GCash wallet and pay in one tap.")
    page.get_by_label("Category").select_option(label="Billing")
    page.get_by_label("Text", exact=True).press_sequentially(
        "## Before you start\n\nYou need a **verified** wallet."
    )
    preview = page.locator("#preview-pane")
    expect(preview.locator("strong")).to_have_text("verified")
    expect(preview.get_by_role("heading", name="Before you start")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", name="Publish this now?")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Paying with GCash")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.get_by_label("Slug")).to_have_value("paying-with-gcash")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.goto(live_server + "/kb/")
    assert_accessible(page)
    page.get_by_role("link", name="Billing").first.click()
    expect(page.get_by_role("heading", name="Billing")).to_be_visible()
    page.get_by_role("link", name="Paying with GCash").click()
    expect(page.get_by_role("heading", name="Paying with GCash")).to_be_visible()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    assert_accessible(page)
    assert category.slug in page.content()
    assert csp_violations == []


def test_the_other_editor_pages_are_accessible(live_server, page, csp_violations, log_in):
    billing = make_category("Billing")
    make_category("Refunds", parent=billing)
    article = make_article(title="Cards we take", category=billing, body="Visa.\n\nMastercard.")
    make_flag(article, reason="We take GCash now.")
    editor = make_user("editor")
    log_in(page, editor)

    page.goto(live_server + f"/editor/articles/{article.id}")
    page.get_by_label("Text", exact=True).fill("Visa.\n\nMastercard and GCash.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_role("link", name="Revision history").click()
    assert_accessible(page)
    page.get_by_role("button", name="Show the differences").click()
    expect(page.locator("ins").filter(has_text="Mastercard and GCash.")).to_be_visible()
    assert_accessible(page)
    for path in ("/editor/categories", f"/editor/categories/{billing.id}", "/editor/review"):
        page.goto(live_server + path)
        assert_accessible(page)
    assert csp_violations == []


def test_publishing_in_filipino_asks_first_and_the_formatting_help_lists_boxes(
    live_server, page, log_in
):
    draft = make_article(title="Mga card", status="draft", language="fil")
    editor = make_user("editor", locale="fil")
    log_in(page, editor)
    page.goto(live_server + f"/editor/articles/{draft.id}")
    page.get_by_text("Tulong sa pag-format (Markdown)").click()
    expect(page.get_by_text('!!! note "…"')).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="I-publish", exact=True).click()
    expect(page.get_by_role("heading", name="I-publish na ito ngayon?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Hindi pa, mag-e-edit pa ako").click()
    expect(page.get_by_role("heading", name="I-publish na ito ngayon?")).to_have_count(0)
    expect(page.get_by_label("Pamagat")).to_have_value("Mga card")
    db.session.expire_all()
    assert db.session.get(Article, draft.id).status == "draft"


def test_publishing_without_javascript_is_a_second_click(browser, live_server, log_in):
    draft = make_article(title="Refund times", status="draft")
    editor = make_user("editor")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, editor)
    page.goto(live_server + f"/editor/articles/{draft.id}")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", name="Publish this now?")).to_be_visible()
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    context.close()
