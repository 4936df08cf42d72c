import socket
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from portal.mail import send_mail, send_queued
from tests.factories import make_user


class Collector(Message):
    """Keeps every message the SMTP server receives."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_without_mail_server_each_message_is_an_eml_file_in_the_outbox(app, outbox):
    user = make_user(display_name="Lito")
    send_mail(
        "lito@example.com",
        "Reset your password",
        "reset_password",
        user=user,
        link="http://x/y",
        minutes=60,
    )
    [message] = outbox()
    assert message["Subject"] == "Reset your password"
    assert message["To"] == "lito@example.com"
    assert "http://x/y" in message.get_body(preferencelist=("plain",)).get_content()


def test_with_mail_server_messages_go_over_smtp(app, outbox, smtp_server):
    controller, handler = smtp_server
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_FROM="help@alon.example"
    )
    user = make_user(display_name="Lito")
    send_mail(
        "lito@example.com",
        "Reset your password",
        "reset_password",
        user=user,
        link="http://x/y",
        minutes=60,
    )
    deadline = time.monotonic() + 5
    while not handler.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    [received] = handler.messages
    assert received["To"] == "lito@example.com"
    assert received["From"] == "help@alon.example"
    # The text first, then the HTML version.
    assert "http://x/y" in received.get_payload(0).get_payload(decode=True).decode()
    assert outbox() == []


def test_password_reset_mail_travels_over_smtp(app, client, smtp_server):
    controller, handler = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    user = make_user()
    client.post("/auth/reset", data={"email": user.email})
    deadline = time.monotonic() + 5
    while not handler.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "/auth/reset/" in handler.messages[0].get_payload(0).get_payload(decode=True).decode()


@pytest.mark.parametrize("app_overrides", [{"PORTAL_MAIL_SENDER_THREAD": False}])
def test_unreachable_mail_server_keeps_the_message_queued(app, tmp_path):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    user = make_user()
    send_mail(
        user.email,
        "Reset your password",
        "reset_password",
        user=user,
        link="http://x/y",
        minutes=60,
    )
    assert send_queued() == (0, 1)
    queued = list((tmp_path / "instance" / "outbox" / "queued").glob("*.eml"))
    assert len(queued) == 1


class RefusingThenAccepting(Collector):
    """An SMTP server that refuses the first messages with a temporary error."""

    def __init__(self, refusals: int):
        super().__init__()
        self.refusals = refusals

    async def handle_DATA(self, server, session, envelope):
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Try again later"
        return await super().handle_DATA(server, session, envelope)


def wait_for(handler, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(handler.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def reset_mail(user, n: int):
    send_mail(
        user.email, f"Message {n}", "reset_password", user=user, link=f"http://x/{n}", minutes=60
    )


@pytest.mark.parametrize("app_overrides", [{"PORTAL_MAIL_SENDER_THREAD": False}])
def test_refused_mail_waits_and_goes_with_the_next_successful_send(app):
    handler = RefusingThenAccepting(refusals=1)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
        user = make_user()
        reset_mail(user, 1)
        reset_mail(user, 2)
        queued = Path(app.config["PORTAL_OUTBOX_DIR"]) / "queued"
        assert send_queued() == (0, 2)
        assert len(list(queued.glob("*.eml"))) == 2
        reset_mail(user, 3)
        assert send_queued() == (3, 0)
        assert [m["Subject"] for m in handler.messages] == ["Message 1", "Message 2", "Message 3"]
        assert list(queued.glob("*.eml")) == []
    finally:
        controller.stop()


@pytest.mark.parametrize("app_overrides", [{"PORTAL_MAIL_SENDER_THREAD": False}])
def test_send_queued_command_empties_the_queue_once_the_server_is_back(app, runner):
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    user = make_user()
    reset_mail(user, 1)
    reset_mail(user, 2)
    result = runner.invoke(args=["mail", "send-queued"])
    assert result.exit_code == 1
    assert "0 sent, 2 still waiting." in result.output
    assert "run this again" in result.output
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = runner.invoke(args=["mail", "send-queued"])
        assert result.exit_code == 0, result.output
        assert "2 sent, 0 still waiting." in result.output
        wait_for(handler, 2)
        assert [m["Subject"] for m in handler.messages] == ["Message 1", "Message 2"]
    finally:
        controller.stop()


def test_send_queued_without_a_mail_server_says_what_to_do(runner):
    result = runner.invoke(args=["mail", "send-queued"])
    assert result.exit_code == 1
    assert "Set MAIL_SERVER" in result.output
