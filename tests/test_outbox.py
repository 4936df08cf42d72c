"""The outbox: requests never wait on SMTP, each mail goes out once, none is lost."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.extensions import db
from portal.mail import SenderBusy, header_text, send_mail, send_queued
from tests.factories import make_feedback, make_ticket, make_user
from tests.test_mail import Collector, free_port, wait_for

NO_THREAD = {"PORTAL_MAIL_SENDER_THREAD": False}


class HangingServer:
    """Accepts SMTP connections and says nothing until the test releases it, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.connected = threading.Event()
        self.release = threading.Event()
        self.gave_up = False  # a client waited 30 s and was never released
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            self.connected.set()
            self.gave_up |= not self.release.wait(30)
            conn.close()

    def close(self) -> None:
        self.release.set()
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self.thread.join(5)  # no connection is accepted after this
        for conn in self.connections:
            conn.close()


@pytest.fixture
def hanging():
    server = HangingServer()
    yield server
    server.close()


@pytest.fixture
def smtp():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def _folder(app, name: str) -> list[Path]:
    return sorted((Path(app.config["PORTAL_OUTBOX_DIR"]) / name).glob("*.eml"))


def _mail(user, n: int) -> None:
    send_mail(
        user.email, f"Message {n}", "reset_password", user=user, link=f"http://x/{n}", minutes=60
    )


def test_a_hanging_smtp_server_never_holds_up_a_request_and_loses_nothing(app, client, hanging):
    # A sender inside the request would wait on the server for a minute; the server is only
    # released once the answer is here.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=hanging.port, MAIL_TIMEOUT=60)
    user = make_user()
    response = client.post("/auth/reset", data={"email": user.email})
    assert response.status_code == 303
    assert not hanging.gave_up
    # Meanwhile the sender thread talks to the hanging server, holding the mail.
    assert hanging.connected.wait(10)
    assert len(_folder(app, "queued")) + len(_folder(app, "sending")) == 1
    hanging.release.set()
    # The server hung up without taking it: the mail goes back to the queue, not lost.
    deadline = time.monotonic() + 10
    while _folder(app, "sending") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_folder(app, "queued")) == 1 and _folder(app, "sending") == []


@pytest.mark.parametrize("app_overrides", [NO_THREAD])
def test_two_senders_at_once_send_each_mail_exactly_once(app, smtp):
    controller, handler = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    user = make_user()
    for n in range(12):
        _mail(user, n)
    results, errors = [], []

    def sender():
        with app.app_context():
            try:
                results.append(send_queued())
            except SenderBusy:
                errors.append("busy")

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    while _folder(app, "queued"):
        sender()
    wait_for(handler, 12)
    subjects = [m["Subject"] for m in handler.messages]
    assert sorted(subjects) == sorted(f"Message {n}" for n in range(12))
    assert len(subjects) == len(set(subjects)) == 12
    assert sum(sent for sent, _ in results) == 12


@pytest.mark.parametrize("app_overrides", [NO_THREAD])
def test_a_mail_left_mid_send_by_a_dead_sender_is_sent_by_the_next(app, smtp):
    controller, handler = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    _mail(make_user(), 1)
    [queued] = _folder(app, "queued")
    sending = queued.parent.parent / "sending"
    sending.mkdir()
    queued.rename(sending / queued.name)
    assert send_queued() == (1, 0)
    assert [m["Subject"] for m in handler.messages] == ["Message 1"]
    assert _folder(app, "sending") == []


class RefusingOne(Collector):
    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("gone@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.parametrize("app_overrides", [NO_THREAD])
def test_a_mail_refused_for_good_is_kept_aside_and_the_rest_goes_out(app):
    handler = RefusingOne()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
        _mail(make_user(email="gone@example.com"), 1)
        _mail(make_user(), 2)
        assert send_queued() == (1, 0)
        assert [m["Subject"] for m in handler.messages] == ["Message 2"]
        assert len(_folder(app, "failed")) == 1
    finally:
        controller.stop()


def test_the_sender_thread_sends_after_the_request(app, client, smtp):
    controller, handler = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    wait_for(handler, 1)
    assert "/auth/reset/" in handler.messages[0].get_payload(0).get_payload(decode=True).decode()
    # The server has the mail; the sender removes its claim once the server's answer is in.
    deadline = time.monotonic() + 10
    while (_folder(app, "queued") or _folder(app, "sending")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _folder(app, "queued") == [] and _folder(app, "sending") == []


def test_line_separators_in_a_subject_become_spaces(app, outbox):
    assert header_text("Wi-Fi\u2028down\r\nagain\u2029\x00now\t ") == "Wi-Fi down again now"
    user = make_user()
    send_mail(user.email, "Router\u2028broken", "reset_password", user=user, link="x", minutes=1)
    assert outbox()[0]["Subject"] == "Router broken"


def test_a_mail_that_cannot_be_written_never_turns_the_action_into_an_error(app, monkeypatch):
    monkeypatch.setattr("portal.mail.write_to_folder", lambda *a: (_ for _ in ()).throw(OSError))
    user = make_user()
    assert send_mail(user.email, "Hi", "reset_password", user=user, link="x", minutes=1) is None


def test_a_line_separator_stored_in_a_subject_never_breaks_a_staff_action(client, login, outbox):
    item = make_feedback(subject="Dark mode")
    item.subject = "Dark\u2028mode"  # stored before input was cleaned
    db.session.commit()
    login(role="agent")
    response = client.post(f"/feedback/inbox/{item.id}/reply", data={"body": "Coming soon."})
    assert response.status_code == 303
    [mail] = outbox()[-1:]
    assert mail["Subject"].endswith("Dark mode")


def test_a_mail_that_cannot_be_written_leaves_the_staff_action_saved(client, login, monkeypatch):
    from portal.tickets.models import TicketMessage

    login(role="agent")
    ticket = make_ticket(email="guest@example.com")
    monkeypatch.setattr("portal.mail.write_to_folder", lambda *a: (_ for _ in ()).throw(OSError))
    response = client.post(
        f"/agent/tickets/{ticket.ref}/reply", data={"body": "Restart it.", "visibility": "public"}
    )
    assert response.status_code == 303
    assert db.session.scalar(select(func.count(TicketMessage.id))) == 2
