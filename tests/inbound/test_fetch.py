"""`flask mail fetch` against a real IMAP server (a private Dovecot the tests start)."""

from __future__ import annotations

import ssl

import pytest
from imap_tools import AND, MailBox, MailBoxUnencrypted

from portal.extensions import db
from portal.inbound.models import InboundMail
from portal.tickets.models import Ticket
from tests.inbound.dovecot import PASSWORD, USER, start_dovecot, stop_dovecot
from tests.inbound.mails import mail, reply_to


@pytest.fixture
def imap_server():
    server, pid = start_dovecot()
    yield server
    stop_dovecot(server, pid)


@pytest.fixture
def deliver(imap_server):
    """Put mails into the server's INBOX, as the mail server would."""

    def _deliver(*raws: bytes) -> None:
        with MailBoxUnencrypted("127.0.0.1", imap_server.port).login(USER, PASSWORD) as box:
            for raw in raws:
                box.append(raw, "INBOX")

    return _deliver


def tickets() -> list[Ticket]:
    return list(db.session.scalars(db.select(Ticket).order_by(Ticket.id)))


def test_fetch_takes_each_message_once(app, runner, imap_server, deliver, outbox):
    app.config["PORTAL_IMAP_URL"] = imap_server.url()
    deliver(mail(subject="First problem"), mail(sender="ben@example.org", subject="Second"))
    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 0, result.output
    assert "2 opened" in result.output
    assert [t.subject for t in tickets()] == ["First problem", "Second"]
    assert len(outbox()) == 2

    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 0, result.output
    assert "No mail was waiting" in result.output
    assert len(tickets()) == 2

    # A new arrival is taken; the earlier ones are not taken again.
    deliver(mail(sender="carla@example.org", subject="Third"))
    assert "1 opened" in runner.invoke(args=["mail", "fetch"]).output
    assert [t.subject for t in tickets()] == ["First problem", "Second", "Third"]
    assert db.session.scalar(db.select(db.func.count(InboundMail.id))) == 3


def test_fetch_over_tls_adds_a_reply_and_records_a_bounce(
    app, runner, imap_server, deliver, answered, caplog
):
    app.config["PORTAL_IMAP_URL"] = imap_server.url(secure=True)
    app.config["PORTAL_IMAP_CA_FILE"] = imap_server.ca_file
    ticket, sent = answered()
    bounce = mail(
        sender="MAILER-DAEMON@example.org",
        subject="Undelivered Mail Returned to Sender",
        headers={"Auto-Submitted": "auto-replied"},
    )
    deliver(reply_to(sent, "Done, it works.", "ana@example.org"), bounce, b"not a mail at all")
    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 0, result.output
    assert "1 added, 1 ignored, 1 refused" in result.output
    assert "is not a mail: the input does not start with mail headers" in caplog.text
    db.session.refresh(ticket)
    assert ticket.messages[-1].body == "Done, it works."
    assert len(tickets()) == 1


def test_fetch_can_move_handled_mail_to_a_folder(app, runner, imap_server, deliver):
    app.config["PORTAL_IMAP_URL"] = imap_server.url(query="move_to=Handled")
    deliver(mail())
    assert runner.invoke(args=["mail", "fetch"]).exit_code == 0
    with MailBoxUnencrypted("127.0.0.1", imap_server.port).login(USER, PASSWORD) as box:
        assert box.uids() == []
        box.folder.set("Handled")
        handled = list(box.fetch(AND(all=True), mark_seen=False))
    assert [m.subject for m in handled] == ["My router keeps dropping"]
    assert "PortalHandled" in handled[0].flags


def test_fetch_says_what_to_check_when_the_mailbox_refuses(app, runner, imap_server):
    app.config["PORTAL_IMAP_URL"] = imap_server.url().replace("s3cret", "wrong")
    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 1
    assert "refused the log-in" in result.output
    assert "Traceback" not in result.output


def test_fetch_over_tls_checks_the_certificate(app, runner, imap_server):
    app.config["PORTAL_IMAP_URL"] = imap_server.url(secure=True)
    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 1
    assert "CERTIFICATE_VERIFY_FAILED" in result.output


def test_fetch_without_a_mailbox_explains_the_setting(runner):
    result = runner.invoke(args=["mail", "fetch"])
    assert result.exit_code == 1
    assert "Set PORTAL_IMAP_URL" in result.output


def test_the_tls_server_is_real(imap_server):
    # Guards the fixture itself: the certificate the tests trust is the one served.
    context = ssl.create_default_context(cafile=imap_server.ca_file)
    with MailBox("127.0.0.1", imap_server.tls_port, ssl_context=context).login(USER, PASSWORD):
        pass


def test_without_keywords_the_seen_flag_keeps_each_message_once(
    app, runner, imap_server, deliver, monkeypatch
):
    from portal.inbound import imap

    # Some servers keep no keywords of their own; the portal then goes by \Seen.
    monkeypatch.setattr(imap, "keywords_allowed", lambda box: False)
    app.config["PORTAL_IMAP_URL"] = imap_server.url()
    deliver(mail())
    assert "1 opened" in runner.invoke(args=["mail", "fetch"]).output
    assert "No mail was waiting" in runner.invoke(args=["mail", "fetch"]).output
    assert len(tickets()) == 1
