"""Absolute links come from PORTAL_BASE_URL; hosts that are not the portal's are refused."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.feedback.surveys import external_url
from portal.tickets.links import ticket_url
from tests.factories import make_ticket, make_user

BASE = {"PORTAL_BASE_URL": "https://help.example.com", "PORTAL_TRUSTED_HOSTS": "localhost"}
TICKET = {
    "name": "Tala",
    "email": "tala@example.com",
    "subject": "No internet",
    "topic": "connection",
    "message": "The light is orange.",
}


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_reset_asked_for_under_a_forged_host_is_refused_and_mails_nothing(client, outbox):
    user = make_user()
    response = client.post(
        "/auth/reset", data={"email": user.email}, headers={"Host": "evil.example"}
    )
    assert response.status_code == 400
    assert "evil.example" not in response.text
    assert 'id="talk-to-human"' in response.text
    assert outbox() == []


def test_visitor_ticket_under_a_forged_host_is_refused(client, outbox):
    response = client.post("/contact", data=TICKET, headers={"Host": "evil.example:8443"})
    assert response.status_code == 400
    assert outbox() == []


@pytest.mark.parametrize("host", ["a" * 300, "x" * 70 + ".example", "évil.example", "a..b"])
def test_long_or_malformed_host_headers_answer_400(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 400


def test_this_machine_is_trusted_without_a_base_url(client):
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200


@pytest.mark.parametrize("app_overrides", [BASE])
def test_reset_link_is_built_on_the_base_url_whatever_the_host(client, outbox):
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    link = re.search(r"\S+/auth/reset/\S+", _body(outbox()[0])).group(0)
    assert link.startswith("https://help.example.com/auth/reset/")
    assert client.post("/auth/reset", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("app_overrides", [BASE])
def test_visitor_ticket_mail_links_to_the_base_url(client, outbox):
    client.post("/contact", data=TICKET)
    assert "https://help.example.com/tickets/T-" in _body(outbox()[0])


@pytest.mark.parametrize("app_overrides", [BASE])
def test_pages_name_the_base_url_in_their_absolute_links(client):
    page = client.get("/robots.txt").text
    assert "Sitemap: https://help.example.com/sitemap.xml" in page


@pytest.mark.parametrize("app_overrides", [BASE])
def test_links_built_outside_a_request_use_the_base_url(app):
    ticket = make_ticket(email="guest@example.com")
    db.session.commit()
    with app.app_context():
        assert external_url("core.home") == "https://help.example.com/"
        with app.test_request_context():
            assert ticket_url(ticket).startswith(f"https://help.example.com/tickets/{ticket.ref}")
