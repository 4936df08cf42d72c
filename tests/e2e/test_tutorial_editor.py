"""An editor writes a tutorial with a checkpoint, previews and publishes it; a visitor does it."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import make_user

TEXT = """Get your router online.

## Plug it in

Use the yellow port.

```checkpoint
question: Which port is for the internet?
options:
  - Yellow
  - Blue
answer: 1
explanation: The yellow port is the internet port.
```

## Wait

The light turns white.
"""


def test_write_preview_publish_and_a_visitor_completes_the_checkpoint(
    live_server, page, csp_violations, log_in
):
    editor = make_user("editor")
    log_in(page, editor, next="/editor/")
    page.get_by_label("Editor").get_by_role("link", name="Tutorials", exact=True).click()
    expect(page.get_by_role("heading", name="Tutorials", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Write a new tutorial").click()
    expect(page.get_by_role("heading", name="New tutorial")).to_be_visible()
    page.get_by_label("Title").fill("Connect your router")
    page.get_by_label("Summary").fill("Get online in minutes.")
    page.get_by_label("Introduction and steps").fill(TEXT)
    page.get_by_label("Introduction and steps").press("End")
    preview = page.locator("#preview-pane")
    expect(preview.get_by_text("Step 1 of 2: Plug it in")).to_be_visible()
    expect(preview.get_by_text("Which port is for the internet?")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    expect(page.get_by_label("Slug")).to_have_value("connect-your-router")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.goto(live_server + "/tutorials/connect-your-router/1")
    page.get_by_label("Yellow").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("That's right.")).to_be_visible()
    expect(page.get_by_text("The yellow port is the internet port.")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []
