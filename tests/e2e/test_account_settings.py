"""A member chooses which mails to receive and deletes the account, as the page says;
the forum thread they started still reads well. Axe-clean in English and Filipino."""

import re

from playwright.sync_api import expect

from portal.extensions import db
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_reply, make_thread, make_ticket, make_user


def test_member_turns_off_forum_mail_then_deletes_the_account(
    live_server, page, log_in, csp_violations
):
    member = make_user(display_name="Maria Santos")
    thread = make_thread(member, title="Mesh upstairs keeps dropping")
    make_reply(thread, make_user(display_name="Helper"), body="Move the node higher.")
    make_ticket(member, subject="Router will not start")
    log_in(page, member, next="/account")

    mail = page.get_by_role("group", name="Send me mail about")
    forum = mail.get_by_label("New replies in community threads I follow")
    expect(forum).to_be_checked()
    assert_accessible(page)
    forum.uncheck()
    page.get_by_role("button", name="Save mail settings").click()
    expect(page.get_by_text("Your mail settings are saved.")).to_be_visible()
    expect(page.get_by_label("New replies in community threads I follow")).not_to_be_checked()
    expect(page.get_by_label("Replies and status changes on my requests")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", name="Delete your account", level=1)).to_be_visible()
    expect(page.get_by_text("Your requests are closed.")).to_be_visible()
    expect(page.get_by_text("they show “Deleted user” as their author")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server + f"/forum/t/{thread.id}")
    expect(page.get_by_role("heading", name="Mesh upstairs keeps dropping")).to_be_visible()
    expect(page.get_by_text("Deleted user").first).to_be_visible()
    expect(page.get_by_text("Maria Santos")).to_have_count(0)
    assert_accessible(page)
    page.goto(live_server + "/account")
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    db.session.expire_all()
    assert member.deleted_at is not None
    assert csp_violations == []


def test_account_pages_in_filipino_are_accessible(live_server, page, log_in):
    member = make_user(display_name="Tala", locale="fil")
    thread = make_thread(member, title="Mabagal ang Wi-Fi sa itaas")
    log_in(page, member)
    page.goto(live_server + "/account")
    expect(page.get_by_role("group", name="Padalhan ako ng email tungkol sa")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Burahin ang iyong account").click()
    expect(page.get_by_role("heading", name="Ano ang mangyayari")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ang iyong password").fill(PASSWORD)
    page.get_by_role("button", name="Burahin ang account ko").click()
    expect(page.get_by_text("Nabura na ang iyong account.")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server + f"/forum/t/{thread.id}")
    expect(page.get_by_text("Binurang user").first).to_be_visible()
    assert_accessible(page)
