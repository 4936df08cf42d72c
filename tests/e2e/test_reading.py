"""Reading the demo help centre in a real browser: every kind of page is axe-clean."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PAGES = [
    "/",
    "/kb/",
    "/kb/category/troubleshooting",
    "/kb/category/wifi-connection-problems",
    "/kb/fix-slow-or-dropping-wifi",
    "/kb/node-offline-and-status-lights",
    "/kb/billing-faq",
    "/kb/mga-paraan-ng-pagbabayad",
    "/tutorials/",
    "/tutorials/set-up-alon-mesh",
    "/tutorials/set-up-alon-mesh/2",
    "/tutorials/unang-setup-ng-alon-mesh/1",
    "/contact",
    "/auth/login",
]


def test_demo_pages_are_accessible(demo, live_server, page, csp_violations):
    for path in PAGES:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        assert_accessible(page)
    assert csp_violations == []


def test_a_visitor_finds_an_article_through_its_category(demo, live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Knowledge base").first.click()
    page.get_by_role("link", name="Troubleshooting").click()
    page.get_by_role("link", name="Factory reset your Alon router or node").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Factory reset your Alon router or node"
    )
    page.get_by_role("link", name="Basahin ito sa Filipino").or_(
        page.get_by_role("link", name="Read this in Filipino")
    ).click()
    expect(page.locator("article")).to_have_attribute("lang", "fil")


def test_the_table_of_contents_jumps_to_its_section(demo, live_server, page):
    page.goto(live_server + "/kb/fix-slow-or-dropping-wifi")
    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link").nth(2).click()
    assert page.url.endswith("#check-your-nodes-signal")
    expect(page.locator("#check-your-nodes-signal")).to_be_in_viewport()


def test_phone_width_has_no_horizontal_scroll(demo, browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", "/kb/fix-slow-or-dropping-wifi", "/tutorials/set-up-alon-mesh/1"):
        page.goto(live_server + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
