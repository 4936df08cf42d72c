"""Visitor tickets join an account only after its email is proven by a mailed link."""

import re

from portal.extensions import db
from portal.tickets.linking import make_link_token
from portal.tickets.models import Ticket
from tests.factories import PASSWORD, make_ticket, make_user

GOOD = "violet kettle harbour"


def link_from(outbox) -> str:
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/tickets/link/\S+)", body).group(1)


def register(client, outbox, email):
    """Register through the form and open the mailed confirmation link."""
    client.post(
        "/auth/register",
        data={"email": email, "display_name": "Rosa", "password": GOOD, "confirm": GOOD},
    )
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    return client.get(re.search(r"http://localhost(/auth/confirm/\S+)", body).group(1))


def test_registering_mails_a_link_and_tickets_join_only_after_it_is_opened(client, outbox):
    ticket = make_ticket(email="rosa@example.com", subject="Sent as a visitor")
    register(client, outbox, "Rosa@Example.com")
    _confirmation, mail = outbox()
    assert mail["To"] == "rosa@example.com"
    history = client.get("/tickets/").text
    assert "Sent as a visitor" not in history
    assert "1 earlier request was sent from rosa@example.com" in history
    assert ticket.user_id is None

    link = link_from(outbox)
    assert "Add them to my history" in client.get(link).text
    response = client.post(link)
    assert response.status_code == 303
    assert ticket.user is not None and ticket.user.email == "rosa@example.com"
    assert "Sent as a visitor" in client.get("/tickets/").text


def test_logging_in_offers_the_link_too_but_not_twice_an_hour(client, outbox):
    user = make_user(email="luis@example.com")
    make_ticket(email="luis@example.com")
    for _attempt in range(2):
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        client.post("/auth/logout")
    assert len(outbox()) == 1


def test_no_mail_without_visitor_tickets(client, login, outbox):
    login()
    make_ticket(email="someone-else@example.com")
    assert outbox() == []


def test_the_link_can_be_sent_again(client, login, outbox):
    user = login()
    make_ticket(email=user.email)
    assert client.post("/tickets/link").status_code == 303
    assert client.post("/tickets/link").status_code == 303
    assert len(outbox()) == 2


def test_a_link_for_another_account_is_404(client, login):
    victim = make_user()
    ticket = make_ticket(email=victim.email)
    login()
    assert client.get(f"/tickets/link/{make_link_token(victim)}").status_code == 404
    assert client.post(f"/tickets/link/{make_link_token(victim)}").status_code == 404
    assert ticket.user_id is None


def test_a_tampered_link_is_404(client, login):
    user = login()
    make_ticket(email=user.email)
    token = make_link_token(user)
    assert client.get(f"/tickets/link/{token[:-3]}abc").status_code == 404


def test_opening_the_link_logged_out_asks_to_log_in(client):
    user = make_user()
    response = client.get(f"/tickets/link/{make_link_token(user)}")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_linking_leaves_other_peoples_and_owned_tickets_alone(client, login):
    user = login()
    mine = make_ticket(email=user.email)
    other = make_ticket(email="other@example.com")
    owned = make_ticket(make_user())
    client.post(f"/tickets/link/{make_link_token(user)}")
    db.session.expire_all()
    assert db.session.get(Ticket, mine.id).user_id == user.id
    assert db.session.get(Ticket, other.id).user_id is None
    assert db.session.get(Ticket, owned.id).user_id != user.id
