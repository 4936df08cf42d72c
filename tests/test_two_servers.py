"""Two app servers (gunicorn) from one checkout, one PostgreSQL database and one Redis.

Runs when DATABASE_URL is PostgreSQL and Redis answers at PORTAL_TEST_REDIS_URL (CI's
PostgreSQL pass starts both). Ports: PORTAL_TEST_PORTS ("5711,5712"), else two free ones.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest

from deploy.local import Topology, portal_environment
from portal.extensions import db
from tests.conftest import POSTGRES_URL, USE_POSTGRES
from tests.factories import PASSWORD, make_article, make_user

pytestmark = pytest.mark.skipif(
    not USE_POSTGRES, reason="two servers share a PostgreSQL database (DATABASE_URL)"
)


def free_ports(count: int) -> list[int]:
    configured = os.environ.get("PORTAL_TEST_PORTS")
    if configured:
        return [int(p) for p in configured.split(",")][:count]
    ports = []
    for _ in range(count):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    return ports


class FormFields(HTMLParser):
    """The fields of the forms in a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "radio"):
            self.fields[name] = a.get("value") or ""
        elif tag == "input" and name and "checked" in a:
            self.fields[name] = a.get("value") or "y"
        elif tag == "textarea" and name:
            self._textarea, self.fields[name] = name, ""
        elif tag == "select" and name:
            self._select = name
            self.fields.pop(name, None)
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or self._select not in self.fields)
        ):
            # The selected option, else the first one, as a browser sends it.
            self.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


class Browser:
    """One person's browser: one cookie jar, whichever server a request goes to."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def token(self, url: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.open(url)[1])[1]

    def log_in(self, server: str, email: str, password: str = PASSWORD) -> int:
        token = self.token(f"{server}/auth/login")
        data = {"csrf_token": token, "email": email, "password": password}
        return self.open(f"{server}/auth/login", data)[0]


@pytest.fixture
def app_overrides():
    return {"PORTAL_SEARCH_BACKEND": "postgresql"}


@pytest.fixture
def servers(app, redis_url, tmp_path):
    """Two gunicorn servers with separate instance folders, and a job worker."""
    env = portal_environment(
        POSTGRES_URL,
        redis_url,
        "two-servers-secret",
        PORTAL_LOGIN_ACCOUNT_LIMIT="3 per minute",
        PORTAL_LOGIN_LIMIT="100 per minute",
        PORTAL_PAGE_CACHE_SECONDS=60,
        PORTAL_VIEW_FLUSH_SECONDS=0,
        # Words only: dense retrieval is tested on its own, and its model is slow to load.
        PORTAL_EMBEDDING_MODEL="off",
    )
    db.session.commit()
    with Topology(tmp_path / "run", env, free_ports(2), workers=1, threads=4) as topology:
        yield topology


def wait_for(check, seconds: float) -> float:
    """Poll check until it holds; the seconds it took, or fail after `seconds`."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, "not seen in time"
        time.sleep(0.05)
    return time.monotonic() - started


def test_an_edit_on_one_server_shows_on_the_other_at_once(app, servers):
    first, second = servers.urls
    editor = make_user(role="editor")
    article = make_article(slug="mesh-lights", title="Mesh lights", body="Green means online.")
    visitor = Browser()
    assert "<h1>Mesh lights</h1>" in visitor.open(f"{second}/kb/mesh-lights")[1]
    assert "<h1>Mesh lights</h1>" in visitor.open(f"{second}/kb/mesh-lights")[1]  # cached

    person = Browser()
    assert person.log_in(first, editor.email) == 200
    edit_url = f"{first}/editor/articles/{article.id}"
    fields = form_fields(person.open(edit_url)[1])
    fields.update(
        title="Mesh node lights",
        body_md="Amber means the node lost its backhaul.",
        action="publish",
        confirm_publish="1",
    )
    status, page = person.open(edit_url, fields)
    assert status == 200 and "Mesh node lights" in page

    took = wait_for(
        lambda: "<h1>Mesh node lights</h1>" in visitor.open(f"{second}/kb/mesh-lights")[1], 1.0
    )
    assert took < 1.0
    results = visitor.open(f"{second}/search?q=backhaul")[1]
    assert "/kb/mesh-lights" in results and "1 result" in results


def test_a_ticket_opened_on_one_server_is_in_the_others_agent_queue(app, servers):
    first, second = servers.urls
    customer, agent = make_user(), make_user(role="agent")
    person = Browser()
    assert person.log_in(first, customer.email) == 200
    fields = form_fields(person.open(f"{first}/contact")[1])
    fields.update(
        topic="connection",
        subject="Router keeps rebooting at night",
        message="Every night at 2 a.m.",
    )
    status, _ = person.open(f"{first}/contact", fields)
    assert status == 200
    # The same browser, now served by the other server: still logged in.
    assert "Router keeps rebooting at night" in person.open(f"{second}/tickets/")[1]

    staff = Browser()
    assert staff.log_in(second, agent.email) == 200
    assert "Router keeps rebooting at night" in staff.open(f"{second}/agent/")[1]


def test_log_in_limits_count_across_both_servers(app, servers):
    first, second = servers.urls
    user = make_user()
    person = Browser()
    codes = [
        person.log_in(server, user.email, "not the password")
        for server in (first, second, first, second)
    ]
    # Three tries a minute per account, wherever they land; the fourth is refused.
    assert codes == [200, 200, 200, 429]


def test_removing_a_servers_instance_folder_changes_nothing_for_its_search(app, servers):
    first, _ = servers.urls
    make_article(slug="gcash", title="Pay with GCash", body="Open the app and scan.")
    visitor = Browser()
    before = visitor.open(f"{first}/search?q=gcash")[1]
    assert "/kb/gcash" in before
    shutil.rmtree(servers.instance(0))
    after = visitor.open(f"{first}/search?q=gcash")[1]
    assert "/kb/gcash" in after and "1 result" in after
    status, health = visitor.open(f"{first}/healthz")
    assert status == 200 and '"search":"ok"' in health.replace(" ", "")
