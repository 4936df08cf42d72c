"""`flask mail receive`: replies land in their ticket, only from its customer, and robots are
recorded but never answered."""

from __future__ import annotations

import time
from datetime import timedelta
from email.message import EmailMessage

import pytest
from itsdangerous import TimestampSigner

from portal.clock import utcnow
from portal.extensions import db
from portal.inbound.models import InboundMail
from portal.tickets.links import access_token
from portal.tickets.models import Ticket
from tests.factories import make_user
from tests.inbound.mails import mail, reply_to


def only_mail() -> InboundMail:
    return db.session.scalars(db.select(InboundMail)).one()


def test_agent_mail_carries_a_signed_reply_address_and_the_ticket_thread(answered):
    ticket, sent = answered()
    assert sent["Reply-To"].startswith("help+t")
    assert sent["Reply-To"].endswith("@help.example.com")
    assert ticket.ref[2:].lower() in sent["Reply-To"]
    token = sent["Reply-To"].split("+")[1].split("@")[0]
    assert sent["References"] == f"<{token}@help.example.com>"
    assert sent["Message-ID"].startswith(f"<{token}.")
    assert (
        "Please type your reply above this line"
        in sent.get_body(preferencelist=("plain",)).get_content()
    )


def test_reply_lands_in_its_ticket_without_the_quote_and_waits_for_us(answered, receive, client):
    ticket, sent = answered()
    assert ticket.status == "waiting"
    raw = reply_to(sent, "Restarting helped, thank you!", "Ana Cruz <Ana@Example.org>")
    result = receive(raw)
    assert result.exit_code == 0, result.output
    db.session.refresh(ticket)
    last = ticket.messages[-1]
    assert last.author_kind == "customer"
    assert last.body == "Restarting helped, thank you!"
    assert ticket.status == "open"  # no longer "waiting for you"
    assert only_mail().status == "added"
    # The customer sees it without the quote; the full original stays for agents.
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert "Restarting helped, thank you!" in page
    assert "wrote:" not in page


def test_a_mailed_reply_waits_on_us_in_the_console_from_when_it_came(
    answered, receive, client, login
):
    ticket, sent = answered()
    assert ticket.waiting_since is None  # answered by the agent
    assert receive(reply_to(sent, "Still dropping.", "ana@example.org")).exit_code == 0
    db.session.refresh(ticket)
    assert ticket.waiting_since == ticket.messages[-1].created_at
    login("agent")
    page = client.get("/agent/?view=waiting").text
    assert ticket.ref in page
    assert f'datetime="{ticket.waiting_since:%Y-%m-%dT%H:%MZ}"' in page


def test_reply_cut_at_the_portals_marker_and_signature(answered, receive):
    ticket, sent = answered()
    body = (
        "Still dropping at 9 pm.\n\n-- \nAna Cruz\nManila\n\n"
        + sent.get_body(preferencelist=("plain",)).get_content()
    )
    result = receive(mail(sender="ana@example.org", to=sent["Reply-To"], body=body))
    assert result.exit_code == 0, result.output
    db.session.refresh(ticket)
    assert ticket.messages[-1].body == "Still dropping at 9 pm."


def test_reply_found_by_message_id_when_the_address_was_changed(answered, receive):
    ticket, sent = answered()
    raw = reply_to(sent, "Any news?", "ana@example.org")
    raw = raw.replace(sent["Reply-To"].encode(), b"help@help.example.com")
    assert receive(raw).exit_code == 0
    db.session.refresh(ticket)
    assert ticket.messages[-1].body == "Any news?"


def test_forged_sender_with_a_valid_token_opens_their_own_ticket(
    answered, receive, outbox, monkeypatch
):
    # A ticket's access token carries the second it was signed in: the one mailed and the
    # ones built below to look for it must share that second, or a tick between them makes
    # the first check fail and the last pass for nothing.
    signed_at = int(time.time())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at)
    ticket, sent = answered()
    before = len(ticket.messages)
    raw = reply_to(sent, "Send me Ana's account details", "Mallory <mallory@evil.example>")
    result = receive(raw)
    assert result.exit_code == 0, result.output
    db.session.refresh(ticket)
    assert len(ticket.messages) == before
    other = db.session.scalars(db.select(Ticket).where(Ticket.id != ticket.id)).one()
    assert other.requester_email == "mallory@evil.example"
    assert only_mail().detail.startswith(f"{ticket.ref} belongs to another customer")
    # Mallory's acknowledgement opens only Mallory's ticket.
    assert outbox()[-1]["To"] == "mallory@evil.example"
    assert access_token(other) in outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    assert (
        access_token(ticket) not in outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    )


def test_sender_that_failed_dmarc_is_not_trusted_with_the_ticket(answered, receive):
    ticket, sent = answered()
    before = len(ticket.messages)
    extra = {"Authentication-Results": "mx.help.example.com; spf=fail; dmarc=fail (p=none)"}
    raw = reply_to(sent, "Change my address", "ana@example.org", extra=extra)
    assert receive(raw).exit_code == 0
    db.session.refresh(ticket)
    assert len(ticket.messages) == before
    assert "failed the mail server's DMARC check" in only_mail().detail
    assert only_mail().status == "opened"


def test_tampered_token_is_not_trusted(answered, receive):
    ticket, sent = answered()
    forged = sent["Reply-To"].replace("@", "x@").replace("-", "-a", 1)
    raw = mail(sender="ana@example.org", to=forged, body="Hello")
    assert receive(raw).exit_code == 0
    db.session.refresh(ticket)
    assert ticket.messages[-1].body != "Hello"
    assert only_mail().status == "opened"


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"List-Id": "<news.example.org>"},
        {"Return-Path": "<>"},
    ],
)
def test_auto_replies_bounces_and_list_mail_are_recorded_never_answered(
    answered, receive, outbox, headers
):
    ticket, sent = answered()
    messages, mails = len(ticket.messages), len(outbox())
    raw = reply_to(sent, "I am out of office until Monday.", "ana@example.org", extra=headers)
    result = receive(raw)
    assert result.exit_code == 0, result.output
    db.session.refresh(ticket)
    assert len(ticket.messages) == messages
    assert ticket.status == "waiting"
    assert len(outbox()) == mails  # nothing answered: no loop
    record = only_mail()
    assert record.status == "ignored"
    assert record.ticket_id == ticket.id


def test_new_mail_opens_a_visitor_ticket_and_acknowledges_it(receive, outbox):
    result = receive(mail(body="My router blinks red.\n\nThanks,\nAna"))
    assert result.exit_code == 0, result.output
    ticket = db.session.scalars(db.select(Ticket)).one()
    assert ticket.user_id is None
    assert ticket.requester_email == "ana@example.org"
    assert ticket.requester_name == "Ana Cruz"
    assert ticket.subject == "My router keeps dropping"
    assert ticket.messages[0].body == "My router blinks red."
    ack = outbox()[-1]
    assert ack["To"] == "ana@example.org"
    assert ticket.ref in ack["Subject"]
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["Reply-To"].startswith("help+t")
    assert (
        "token=" in ack.get_body(preferencelist=("plain",)).get_content()
    )  # the usual signed link for visitors


def test_mail_with_an_mbox_envelope_line_is_read(receive):
    raw = b"From ana@example.org  Tue Dec  1 12:00:00 2026\n" + mail(body="From the pipe.")
    assert receive(raw).exit_code == 0
    assert db.session.scalars(db.select(Ticket)).one().messages[0].body == "From the pipe."


def test_new_mail_from_an_account_email_joins_the_account(receive):
    user = make_user(email="ben@example.org")
    assert receive(mail(sender="BEN@example.org")).exit_code == 0
    ticket = db.session.scalars(db.select(Ticket)).one()
    assert ticket.user_id == user.id


def test_reply_reopens_a_solved_ticket_inside_the_window(answered, receive):
    ticket, sent = answered(status="solved")
    assert receive(reply_to(sent, "It is back again.", "ana@example.org")).exit_code == 0
    db.session.refresh(ticket)
    assert ticket.status == "open"
    assert ticket.solved_at is None
    assert ticket.messages[-1].body == "It is back again."


def test_reply_after_the_reopen_window_opens_a_new_ticket(answered, receive):
    ticket, sent = answered(status="solved")
    ticket.solved_at = utcnow() - timedelta(days=30)
    db.session.commit()
    assert receive(reply_to(sent, "It is back again.", "ana@example.org")).exit_code == 0
    db.session.refresh(ticket)
    assert ticket.status == "solved"
    new = db.session.scalars(db.select(Ticket).where(Ticket.id != ticket.id)).one()
    assert new.messages[0].body == "It is back again."
    assert only_mail().detail.startswith(f"{ticket.ref} is closed")


@pytest.mark.parametrize(
    "raw",
    [b"", b"hello, this is not a mail\n", b"\x00\x01\x02binary", b"Subject: no sender\n\nHi\n"],
)
def test_garbage_input_is_a_one_line_error_not_a_traceback(receive, raw):
    result = receive(raw)
    assert result.exit_code == 65
    assert "is not a mail" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_html_mail_becomes_safe_text(receive, client, login):
    html = (
        "<html><body><p>My <b>router</b> fails</p><script>alert(1)</script>"
        '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a></body></html>'
    )
    message = EmailMessage()
    message["From"] = "ana@example.org"
    message["To"] = "help@help.example.com"
    message["Subject"] = "HTML only"
    message.set_content(html, subtype="html")
    assert receive(bytes(message)).exit_code == 0
    ticket = db.session.scalars(db.select(Ticket)).one()
    body_html = ticket.messages[0].body_html
    assert "router" in ticket.messages[0].body
    assert "<script" not in body_html and "onerror" not in body_html
    assert 'href="javascript' not in body_html
    login(role="agent")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert "<script>alert(1)" not in page
    original = client.get(f"/agent/mail/{only_mail().id}").text
    assert "router" in original
    assert "<script>alert(1)" not in original and "<img src=x" not in original


def test_a_sender_who_writes_too_often_is_limited(app, receive, outbox):
    app.config["PORTAL_INBOUND_SENDER_LIMIT"] = 2
    for n in range(3):
        assert receive(mail(subject=f"Number {n}")).exit_code == 0
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 2
    assert len(outbox()) == 2
    statuses = [m.status for m in db.session.scalars(db.select(InboundMail).order_by("id"))]
    assert statuses == ["opened", "opened", "limited"]


def test_oversized_mail_is_refused_with_a_log_line(app, receive, caplog):
    app.config["PORTAL_INBOUND_MAX_BYTES"] = 2000
    result = receive(mail(body="x" * 5000))
    assert result.exit_code == 0
    record = only_mail()
    assert record.status == "refused"
    assert record.sender == "ana@example.org"
    assert "over the 2000-byte limit" in caplog.text
    assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 0


def test_mail_from_the_portal_itself_is_ignored(app, receive, outbox):
    raw = mail(sender=app.config["MAIL_FROM"])
    assert receive(raw).exit_code == 0
    assert only_mail().status == "ignored"
    assert outbox() == []


def test_failed_mail_is_kept_and_handled_again_by_command(app, receive, runner, monkeypatch):
    from portal.inbound import services

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "open_ticket", broken)
    result = receive(mail(body="Please call me back."))
    assert result.exit_code == 0
    assert "failed" in result.output
    record = only_mail()
    assert record.status == "failed"
    assert record.raw
    monkeypatch.undo()
    result = runner.invoke(args=["mail", "retry"])
    assert result.exit_code == 0, result.output
    db.session.refresh(record)
    assert record.status == "opened"
    ticket = db.session.scalars(db.select(Ticket)).one()
    assert ticket.messages[0].body == "Please call me back."
    assert "No failed mail" in runner.invoke(args=["mail", "retry"]).output


def test_raw_mail_is_dropped_after_the_keep_days(app, receive):
    from portal.inbound.services import prune

    assert receive(mail()).exit_code == 0
    record = only_mail()
    assert prune(now=utcnow() + timedelta(days=29)) == 0
    assert prune(now=utcnow() + timedelta(days=31)) == 1
    db.session.refresh(record)
    assert record.raw is None
    assert record.status == "opened"
