"""The same form sent twice at once creates one thing, and answers both copies alike."""

from __future__ import annotations

import threading

from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.extensions import db
from portal.feedback.models import FeedbackItem
from portal.tickets.models import Ticket, TicketMessage
from tests.factories import PASSWORD, make_ticket, make_user

VISITOR = {
    "name": "Tala",
    "email": "tala@example.com",
    "subject": "No internet",
    "topic": "connection",
    "message": "The light is orange.",
}


def _count(model) -> int:
    db.session.commit()  # see what the requests committed
    return db.session.scalar(select(func.count()).select_from(model))


def _at_once(app, n: int, send) -> list:
    """Send n copies from n threads, all released together."""
    barrier, answers = threading.Barrier(n), []

    def run():
        client = FlaskClient(app, app.response_class, use_cookies=True)
        barrier.wait()
        answers.append(send(client))

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_a_ticket_form_sent_twice_at_once_opens_one_ticket_and_mails_once(app, outbox):
    answers = _at_once(app, 3, lambda c: c.post("/contact", data=VISITOR))
    assert [a.status_code for a in answers] == [303, 303, 303]
    assert len({a.headers["Location"] for a in answers}) == 1
    assert _count(Ticket) == 1
    assert len(outbox()) == 1


def test_a_reply_sent_twice_lands_once(app, client, login):
    user = login()
    ticket = make_ticket(user)
    db.session.commit()
    for _ in range(2):
        response = client.post(f"/tickets/{ticket.ref}/reply", data={"body": "Still broken"})
        assert response.status_code == 303
    assert _count(TicketMessage) == 2  # the first message and one reply


def test_feedback_sent_twice_at_once_is_one_item(app):
    email = make_user().email
    db.session.commit()

    def send(client):
        client.post("/auth/login", data={"email": email, "password": PASSWORD})
        return client.post(
            "/feedback/", data={"kind": "idea", "subject": "Dark mode", "message": "Please"}
        )

    answers = _at_once(app, 2, send)
    assert [a.status_code for a in answers] == [303, 303]
    assert _count(FeedbackItem) == 1


def test_a_corrected_form_goes_through_and_a_different_one_is_new(client, login):
    login()
    bad = {"kind": "idea", "subject": "", "message": "Please"}
    assert client.post("/feedback/", data=bad).status_code != 303
    good = {**bad, "subject": "Dark mode"}
    assert client.post("/feedback/", data=good).status_code == 303
    assert client.post("/feedback/", data={**good, "message": "And bigger text"}).status_code == 303
    assert _count(FeedbackItem) == 2
