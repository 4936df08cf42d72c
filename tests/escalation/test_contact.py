"""/contact: channels, hours, response time, and opening a ticket as customer or visitor."""

import re
from datetime import timedelta

from portal.clock import utcnow
from portal.escalation.models import Deflection
from portal.extensions import db
from portal.tickets.models import Ticket
from tests.factories import make_ticket

WEEKDAYS = {"days": [0, 1, 2, 3, 4], "start": (8, 0), "end": (18, 0)}


def channels(**overrides):
    return {
        "email": "help@alon.example",
        "phone": "+63 2 8123 4567",
        "phone_hours": [WEEKDAYS],
        "chat_url": "",
        "chat_hours": [],
        "response_time": "one working day",
        **overrides,
    }


def test_contact_lists_configured_channels(app, client):
    app.config["PORTAL_CONTACT"] = channels()
    page = client.get("/contact").text
    assert "mailto:help@alon.example" in page
    assert "tel:+63281234567" in page
    assert '<th scope="row">Monday</th>' in page
    assert "8:00\u202fAM \u2013 6:00\u202fPM" in page
    assert "Saturday" not in page
    assert "We usually answer within one working day." in page
    assert "Live chat" not in page


def test_hours_are_shown_in_the_chosen_time_zone(app, client):
    app.config["PORTAL_CONTACT"] = channels()
    page = client.get("/contact?tz=Europe/London").text
    # Manila is 8 hours ahead of London in winter, 7 in British summer time.
    assert re.search(r"(12|11|1):00\u202fAM \u2013 (10|11):00\u202fAM", page)
    assert '<option value="Europe/London" selected>' in page
    # The choice is remembered for the next visit.
    assert '<option value="Europe/London" selected>' in client.get("/contact").text


def test_an_unknown_time_zone_falls_back_to_the_portals(app, client):
    app.config["PORTAL_CONTACT"] = channels()
    page = client.get("/contact?tz=Mars/Olympus").text
    assert '<option value="Asia/Manila" selected>' in page


def test_late_hours_crossing_midnight_name_the_next_day(app, client):
    app.config["PORTAL_CONTACT"] = channels(
        phone_hours=[{"days": [0], "start": (20, 0), "end": (24, 0)}]
    )
    page = client.get("/contact?tz=Asia/Tokyo").text
    assert '<th scope="row">Monday</th>' in page
    assert "9:00\u202fPM \u2013 Tuesday 1:00\u202fAM" in page


def test_measured_median_replaces_the_configured_response_time(app, client):
    app.config["PORTAL_CONTACT"] = channels()
    app.config["PORTAL_RESPONSE_TIME_MIN_TICKETS"] = 3
    for minutes in (30, 90, 120):
        ticket = make_ticket()
        ticket.first_response_at = ticket.created_at + timedelta(minutes=minutes)
    old = make_ticket()
    old.created_at = utcnow() - timedelta(days=40)
    old.first_response_at = old.created_at + timedelta(days=3)
    db.session.commit()
    page = client.get("/contact").text
    assert "In the last 30 days, our first reply came within 2 hours (median)." in page


def test_too_few_tickets_keep_the_configured_response_time(app, client):
    app.config["PORTAL_CONTACT"] = channels()
    ticket = make_ticket()
    ticket.first_response_at = ticket.created_at + timedelta(minutes=5)
    db.session.commit()
    assert "We usually answer within one working day." in client.get("/contact").text


def test_visitor_opens_a_ticket_and_gets_a_mail_with_a_signed_link(client, outbox):
    response = client.post(
        "/contact",
        data={
            "name": "Tala",
            "email": "Tala@Example.com",
            "subject": "No internet since the storm",
            "topic": "connection",
            "message": "The main point shows orange.",
        },
    )
    assert response.status_code == 303
    ticket = db.session.scalar(db.select(Ticket))
    assert re.fullmatch(r"T-[0-9A-HJKMNP-TV-Z]{8}", ticket.ref)
    assert ticket.user_id is None
    assert ticket.requester_email == "tala@example.com"
    assert ticket.status == "open"
    [mail] = outbox()
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert ticket.ref in mail["Subject"] and ticket.ref in body
    link = re.search(r"http://localhost(/tickets/\S+\?token=\S+)", body).group(1)
    # Until the mailed link is opened, the sender sees a confirmation, not the ticket.
    assert response.headers["Location"] == "/contact"
    assert "token=" not in response.headers["Location"]
    page = client.get(link).text
    assert "The main point shows orange." in page
    assert ticket.email_verified_at is not None


def test_visitor_must_give_name_and_a_valid_email_and_keeps_the_text(client):
    response = client.post(
        "/contact",
        data={"email": "nope", "subject": "Help", "topic": "app", "message": "My long story"},
    )
    assert response.status_code == 200
    assert "Invalid email address." in response.text
    assert "This field is required." in response.text
    assert "My long story" in response.text
    assert db.session.scalar(db.select(Ticket)) is None


def test_logged_in_customer_needs_no_name_or_email(client, login, outbox):
    user = login()
    assert 'name="email"' not in client.get("/contact").text
    response = client.post(
        "/contact", data={"subject": "App crashes", "topic": "app", "message": "On start."}
    )
    ticket = db.session.scalar(db.select(Ticket))
    assert ticket.user_id == user.id
    assert response.headers["Location"] == f"/tickets/{ticket.ref}"
    assert outbox()[0]["To"] == user.email


def test_unknown_topic_is_refused(client, login):
    login()
    response = client.post("/contact", data={"subject": "x", "topic": "hack", "message": "y"})
    assert response.status_code == 200
    assert "Not a valid choice." in response.text


def test_references_are_not_sequential(client, login):
    login()
    for n in range(3):
        client.post("/contact", data={"subject": "x", "topic": "app", "message": f"y{n}"})
    refs = [t.ref for t in db.session.scalars(db.select(Ticket))]
    assert len(set(refs)) == 3
    assert not any(ref.endswith(("1", "2", "3")) and ref[2:-1] == "0000000" for ref in refs)


def test_suggestions_fragment_is_empty_without_providers(client):
    response = client.get("/contact/suggestions?subject=router orange light")
    assert response.status_code == 200
    assert response.text.strip() == ""


def test_suggestions_come_from_registered_providers_and_record_deflection(app, client):
    from portal.escalation import register_suggestion_provider

    register_suggestion_provider(
        app, lambda q: [{"title": f"Fix: {q}", "url": "/kb/orange-light", "kind": "article"}]
    )
    assert 'hx-get="/contact/suggestions"' in client.get("/contact").text
    fragment = client.get("/contact/suggestions?subject=orange light").text
    assert "Fix: orange light" in fragment and "This solved it" in fragment
    response = client.post("/contact/solved", data={"q": "orange light", "url": "/kb/orange-light"})
    assert response.headers["Location"] == "/kb/orange-light"
    deflection = db.session.scalar(db.select(Deflection))
    assert deflection.query == "orange light"


def test_deflection_refuses_offsite_targets(client):
    response = client.post("/contact/solved", data={"q": "x", "url": "https://evil.example/"})
    assert response.headers["Location"] == "/"
