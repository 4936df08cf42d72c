"""Journeys through accounts in a real browser, each page checked with axe-core."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "violet kettle harbour"


def test_register_confirm_log_out_and_log_in_again(live_server, page, outbox, csp_violations):
    page.goto(live_server + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Email").fill("tala@example.com")
    page.get_by_label("Display name").fill("Tala")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Tala")
    assert_accessible(page)

    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email to finish")).to_be_visible()
    assert_accessible(page)

    # Not before the email is confirmed; the log-in page offers the link again.
    page.goto(live_server + "/auth/login")
    page.get_by_label("Email").fill("tala@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Confirm your email first")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Send the link again").click()
    page.get_by_label("Email").fill("tala@example.com")
    page.get_by_role("button", name="Send the link again").click()
    expect(page.get_by_text("If an account with that address waits")).to_be_visible()

    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    page.goto(re.search(r"http://\S+/auth/confirm/\S+", body).group(0))
    expect(page.get_by_text("Welcome, Tala! Your account is ready.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("tala@example.com")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=re.compile("Account")).click()
    expect(page.get_by_text("Signed in as tala@example.com.")).to_be_visible()
    assert_accessible(page)
    assert csp_violations == []


def test_switch_to_filipino_and_back(live_server, page, csp_violations):
    page.goto(live_server + "/contact")
    page.get_by_role("button", name="Filipino").click()
    expect(page).to_have_url(live_server + "/contact")
    expect(page.get_by_role("heading", name="Makipag-usap sa tao")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fil"
    assert_accessible(page)
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Paano kami makakatulong?")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="How can we help?")).to_be_visible()
    assert csp_violations == []


def test_reset_a_forgotten_password_through_the_mailed_link(app, live_server, page, outbox):
    user = make_user(display_name="Dani")
    page.goto(live_server + "/auth/login")
    page.get_by_role("link", name="Forgot your password?").click()
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("If an account uses that address")).to_be_visible()

    [message] = outbox()
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/auth/reset/\S+", body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed. Log in with the new one.")).to_be_visible()

    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("The email or password is not right.")).to_be_visible()
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_error_page_is_accessible_and_offers_a_human(live_server, page):
    response = page.goto(live_server + "/no/such/page")
    assert response.status == 404
    expect(page.locator("#talk-to-human")).to_have_attribute("href", re.compile(r"^/contact"))
    assert_accessible(page)


def test_the_accessibility_check_catches_a_real_violation(page):
    page.set_content('<html lang="en"><title>x</title><main><img src="a.png"></main></html>')
    results = __import__("tests.e2e.conftest", fromlist=["_axe"])._axe.run(page)
    assert results.violations_count >= 1
    assert "image-alt" in results.generate_report()
