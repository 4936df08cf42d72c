"""One list of XSS payloads, written into every field people write, read back where shown.

The payloads are those of tests/test_markdown.py. Each is stored through the portal's
own services (as the forms would store it), then every page that shows it, staff
consoles included, must carry no executable HTML of it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from portal.tickets.models import AGENT
from portal.tickets.services import add_message
from tests.factories import (
    make_article,
    make_feedback,
    make_flag,
    make_forum_category,
    make_reply,
    make_thread,
    make_ticket,
    make_user,
    make_vote,
)
from tests.security.world import log_in
from tests.test_markdown import XSS_PAYLOADS


class _Executable(HTMLParser):
    """Collects what a browser would run: handlers, javascript: URLs, scripts, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            url = re.sub(r"\s", "", (value or "")).lower()
            if name in ("href", "src", "action", "data", "formaction") and url.startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
        kind = dict(attrs).get("type") or "text/javascript"
        self._in_script = tag == "script" and kind in ("text/javascript", "module")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:80]}")


def assert_inert(page: str, payload: str, where: str) -> None:
    parser = _Executable()
    parser.feed(page)
    assert not parser.found, f"{payload!r} is executable on {where}: {parser.found}"
    if "<" in payload:
        assert payload not in page, f"{payload!r} is shown unescaped on {where}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_are_inert_wherever_they_are_shown(app, client, payload):
    short = payload[:70]
    customer = make_user("customer", display_name=short[:80])
    agent = make_user("agent", display_name=short[:80])
    editor = make_user("editor")
    article = make_article(title=short, summary=payload, body=payload, author=editor)
    make_flag(article, customer, reason=payload)
    make_vote(article, helpful=False, comment=payload)
    category = make_forum_category()
    thread = make_thread(customer, category, title=f"Thread {short}", body=payload)
    post = make_reply(thread, customer, body=payload)
    from portal.forum.moderation import flag_post

    flag_post(agent, post, "spam", note=payload)
    ticket = make_ticket(customer, subject=short, body=payload)
    visitor_ticket = make_ticket(None, subject=short, body=payload, name=short[:80])
    add_message(ticket, agent, AGENT, payload)
    add_message(ticket, agent, "internal", payload)
    from portal.extensions import db

    db.session.commit()
    item = make_feedback(customer, subject=short, message=payload)

    pages = {
        None: [f"/kb/{article.slug}", "/kb/", f"/forum/t/{thread.id}", f"/forum/{category.slug}/",
               "/forum/"],
        customer: [f"/tickets/{ticket.ref}", "/tickets/", f"/feedback/{item.id}", "/account"],
        agent: ["/agent/", f"/agent/tickets/{ticket.ref}", f"/agent/tickets/{visitor_ticket.ref}",
                "/forum/moderation/", "/feedback/inbox", f"/feedback/inbox/{item.id}",
                "/feedback/report"],
        editor: ["/editor/", "/editor/review", f"/editor/articles/{article.id}"],
    }  # fmt: skip
    for user, paths in pages.items():
        log_in(client, user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_inert(response.get_data(as_text=True), payload, path)
