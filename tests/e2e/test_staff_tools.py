"""Staff find their tools from the header, in English and Filipino, at phone and desktop width."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_user


def test_admin_reaches_every_staff_tool_from_the_header(app, live_server, page, log_in):
    admin = make_user(role="admin")
    log_in(page, admin)
    tools = page.get_by_role("navigation", name="Staff tools")
    for name in (
        "Editor",
        "Search insights",
        "Agent console",
        "Chats",
        "Moderation",
        "Feedback inbox",
        "Feedback report",
        "Insights",
    ):
        expect(tools.get_by_role("link", name=name, exact=True)).to_be_visible()

    tools.get_by_role("link", name="Feedback inbox").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Not a valid choice")).to_have_count(0)
    expect(tools.get_by_role("link", name="Feedback inbox")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Filipino").click()
    tools = page.get_by_role("navigation", name="Mga tool ng staff")
    expect(tools.get_by_role("link", name="Moderasyon")).to_be_visible()
    assert_accessible(page)
    tools.get_by_role("link", name="Moderasyon").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_editor_at_phone_width_sees_only_their_tools_and_account_slash_works(
    app, live_server, page, log_in
):
    page.set_viewport_size({"width": 390, "height": 844})
    editor = make_user(role="editor", display_name="Elena Cruz")
    log_in(page, editor)
    tools = page.get_by_role("navigation", name="Staff tools")
    expect(tools.get_by_role("link")).to_have_text(
        ["Editor", "Search insights", "Feedback inbox", "Feedback report", "Insights"]
    )
    tools.get_by_role("link", name="Search insights").click()
    expect(tools.get_by_role("link", name="Search insights")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    page.goto(live_server + "/account/")
    expect(page).to_have_url(live_server + "/account")
    expect(page.get_by_label("Display name")).to_have_value("Elena Cruz")
