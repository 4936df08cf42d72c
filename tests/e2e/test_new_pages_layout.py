"""The console views, canned replies, customer panel and account pages at 320 and 1280 px:
no button, tab or column heading breaks inside a word, in English or Filipino."""

from __future__ import annotations

import pytest

from portal.tickets.canned import save_canned_reply
from tests.e2e.conftest import split_words
from tests.factories import make_ticket, make_user

WIDTHS = (320, 1280)


@pytest.mark.parametrize("locale", ["en", "fil"])
def test_new_pages_keep_words_whole(live_server, browser, log_in, locale):
    customer = make_user(display_name="Maria Santos", locale=locale)
    ticket = make_ticket(customer, subject="Mesh drops every evening")
    make_ticket(customer, subject="Earlier question", status="closed")
    reply = save_canned_reply(None, "Restart", "Hi {{customer_name}}")
    admin = make_user(role="admin", locale=locale)
    staff_pages = (
        "/agent/",
        "/agent/?view=waiting&done=1",
        "/agent/canned",
        "/agent/canned/new",
        f"/agent/canned/{reply.id}/edit",
        f"/agent/tickets/{ticket.ref}",
    )
    problems = []
    for user, paths in ((admin, staff_pages), (customer, ("/account", "/account/delete"))):
        context = browser.new_context()
        page = context.new_page()
        log_in(page, user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for path in paths:
                assert page.goto(live_server + path).status == 200, path
                problems += [f"{path} at {width}px: {p}" for p in split_words(page)]
        context.close()
    assert not problems, "\n".join(problems)
