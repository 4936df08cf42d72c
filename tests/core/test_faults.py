"""Faults caused for real: the database locked or gone. Pages answer 503 in the normal layout,
give back what the customer typed, and work again once the database is back."""

import contextlib
import socket
import sqlite3
import threading

import pytest
from flask import request
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.tickets.models import Ticket
from tests.conftest import USE_POSTGRES, make_app
from tests.factories import PASSWORD, make_user

MESSAGE = "My router blinks red since this morning and nothing I try helps. " * 5


def open_ticket(client):
    return client.post(
        "/contact",
        data={"subject": "Red light on my router", "topic": "setup", "message": MESSAGE},
    )


def assert_friendly_503(response):
    assert response.status_code == 503
    assert "We are briefly unavailable" in response.text
    assert 'id="talk-to-human"' in response.text
    assert "Red light on my router" in response.text
    assert MESSAGE.strip() in response.text
    assert PASSWORD not in response.text


if not USE_POSTGRES:

    @pytest.fixture
    def app_overrides():
        return {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 0.2}}}

    def test_sqlite_locked_past_the_busy_timeout_gives_503_and_keeps_the_text(app, client):
        make_user(email="ana@example.com")
        client.post("/auth/login", data={"email": "ana@example.com", "password": PASSWORD})
        path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
        blocker = sqlite3.connect(path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            assert_friendly_503(open_ticket(client))
        finally:
            blocker.rollback()
            blocker.close()
        response = open_ticket(client)
        assert response.status_code == 303, "the portal did not recover once the lock was gone"


class Relay:
    """A TCP relay in front of PostgreSQL that can be cut and restored."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.links: list[socket.socket] = []
        self.up = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.links += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            source.close()

    def cut(self):
        self.up = False
        for sock in self.links:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.links.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.server.close()


if USE_POSTGRES:

    def test_postgres_gone_gives_503_and_the_portal_recovers_without_restart(
        tmp_path, migrated_database
    ):
        from sqlalchemy.engine import make_url

        from tests.conftest import POSTGRES_URL

        url = make_url(POSTGRES_URL)
        relay = Relay(url.port or 5432)
        relayed = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
        app = make_app(tmp_path / "i", migrated_database, SQLALCHEMY_DATABASE_URI=relayed)
        try:
            with app.app_context():
                make_user(email="ana@example.com")
            client = app.test_client()
            client.post("/auth/login", data={"email": "ana@example.com", "password": PASSWORD})
            assert client.get("/kb/").status_code == 200
            relay.cut()
            assert_friendly_503(open_ticket(client))
            assert client.get("/kb/").status_code == 503
            relay.restore()
            assert client.get("/kb/").status_code == 200
            assert open_ticket(client).status_code == 303
        finally:
            relay.close()


class ConnectionKiller:
    """Kills the request's database connection after its write was committed."""

    def __init__(self, app, relay=None):
        self.active = self.armed = False
        self.relay = relay
        if not relay:
            with app.app_context():
                event.listen(db.engine, "rollback", self._fail_rollback)
        app.after_request(self._kill)

    def _fail_rollback(self, conn):
        if self.armed:
            self.armed = False
            raise OperationalError("ROLLBACK", {}, Exception("server closed the connection"))

    def _kill(self, response):
        if self.active and request.method == "POST" and response.status_code == 303:
            self.active = False
            # A query after the commit (as a template might) opens a transaction again.
            db.session.execute(text("SELECT 1"))
            if self.relay:
                self.relay.cut()
            else:
                self.armed = True
        return response


def test_a_connection_killed_after_the_commit_never_turns_the_saved_write_into_an_error(
    tmp_path, migrated_database
):
    relay = None
    overrides = {}
    if USE_POSTGRES:
        from sqlalchemy.engine import make_url

        from tests.conftest import POSTGRES_URL

        url = make_url(POSTGRES_URL)
        relay = Relay(url.port or 5432)
        overrides["SQLALCHEMY_DATABASE_URI"] = url.set(
            host="127.0.0.1", port=relay.port
        ).render_as_string(hide_password=False)
    app = make_app(tmp_path / "i", migrated_database, **overrides)
    try:
        with app.app_context():
            make_user(email="ana@example.com")
        killer = ConnectionKiller(app, relay)
        client = app.test_client()
        client.post("/auth/login", data={"email": "ana@example.com", "password": PASSWORD})
        killer.active = True
        response = open_ticket(client)
        assert response.status_code == 303
        if relay:
            relay.restore()
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(Ticket.id))) == 1
        assert client.get("/tickets/").status_code == 200
    finally:
        if relay:
            relay.close()
