"""Fixtures: an app with its own instance folder and migrated database for each test.

Set DATABASE_URL to a PostgreSQL URL to run the same suite there; otherwise each test
gets a copy of a SQLite file migrated once per session.
"""

from __future__ import annotations

import contextvars
import os
import re
import shutil
from pathlib import Path

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db, limiter
from tests.factories import PASSWORD, make_user

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USE_POSTGRES = POSTGRES_URL.startswith("postgresql")


def base_config(instance: Path, database_url: str) -> dict:
    """Settings for a test app: isolated folders, no CSRF or rate limits unless a test asks."""
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PORTAL_SEARCH_DIR": str(instance / "search"),
        "PORTAL_OUTBOX_DIR": str(instance / "outbox"),
        "MAIL_SERVER": "",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "SERVER_NAME": None,
        "PORTAL_PAGE_CACHE_SECONDS": 0,
        "PORTAL_VIEW_FLUSH_SECONDS": 0,
        # Tests of insights' visitors flush that counter themselves.
        "PORTAL_INSIGHTS_FLUSH_SECONDS": 3600,
        "PORTAL_SEARCH_WRITE_BEHIND": False,
        # Dense retrieval is off unless a test turns it on (tests/search/test_dense.py).
        "PORTAL_EMBEDDING_MODEL": "off",
    }


def reset_postgres(app) -> None:
    """Empty every table except Alembic's, so each test starts clean."""
    with app.app_context():
        tables = [t.name for t in db.metadata.sorted_tables]
        if tables:
            quoted = ", ".join(f'"{name}"' for name in tables)
            db.session.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            db.session.commit()
        db.session.remove()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Run the migrations once: into a template SQLite file, or the PostgreSQL test database."""
    folder = tmp_path_factory.mktemp("template")
    if USE_POSTGRES:
        app = create_app(base_config(folder, POSTGRES_URL))
        with app.app_context():
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
            upgrade()
            db.engine.dispose()
        return POSTGRES_URL
    template = folder / "portal.db"
    app = create_app(base_config(folder, f"sqlite:///{template}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return template


_created_apps: list = []


def make_app(instance: Path, migrated_database, **overrides):
    """A fresh app on a clean, migrated database; its connections close after the test."""
    if USE_POSTGRES:
        app = create_app({**base_config(instance, POSTGRES_URL), **overrides})
        reset_postgres(app)
    else:
        instance.mkdir(parents=True, exist_ok=True)
        shutil.copy(migrated_database, instance / "portal.db")
        app = create_app(
            {**base_config(instance, f"sqlite:///{instance / 'portal.db'}"), **overrides}
        )
    _created_apps.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_connections():
    """Dispose of every engine a test created, so no connection outlives its test."""
    yield
    while _created_apps:
        app = _created_apps.pop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as a real server does.

    The app fixture keeps an app context open for factories and assertions; without
    this, requests would share its `g` (and Flask-Login's and Flask-Babel's caches in it).
    """

    def open(self, *args, **kwargs):
        parent_open = super().open

        def in_fresh_context():
            _cv_app.set(None)
            return parent_open(*args, **kwargs)

        # End the test's own transaction around the request: the request sees what the
        # test committed, and the test then reads what the request wrote.
        db.session.commit()
        response = contextvars.copy_context().run(in_fresh_context)
        db.session.commit()
        return response


@pytest.fixture
def app_overrides() -> dict:
    """Override in a test module to change the app's settings."""
    return {}


@pytest.fixture
def app(tmp_path, migrated_database, app_overrides):
    app = make_app(tmp_path / "instance", migrated_database, **app_overrides)
    app.test_client_class = FreshContextClient
    with app.app_context():
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()  # counters live in the shared limiter; start each test at zero
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """Log the test client in as a new user of a role; returns that user."""

    def _login(role: str = "customer", **kwargs):
        user = make_user(role=role, **kwargs)
        data = {"email": user.email, "password": kwargs.get("password", PASSWORD)}
        if client.application.config["WTF_CSRF_ENABLED"]:
            page = client.get("/auth/login").text
            data["csrf_token"] = re.search(
                r'name="csrf_token" type="hidden" value="([^"]+)"', page
            )[1]
        response = client.post("/auth/login", data=data)
        assert response.status_code == 303, "log-in in a test fixture failed"
        return user

    return _login


@pytest.fixture
def clock(monkeypatch):
    """The time the portal reads: set `clock.moment` (naive UTC); None is the real time."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from portal import clock as portal_clock

    state = SimpleNamespace(moment=None)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            if state.moment is None:
                return datetime.now(tz)
            return state.moment.replace(tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(portal_clock, "datetime", Clock)
    return state


@pytest.fixture
def outbox(app):
    """The .eml files written so far, oldest first, as parsed messages."""
    import email
    from email import policy

    folder = Path(app.config["PORTAL_OUTBOX_DIR"])

    def _messages():
        return [
            email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(folder.glob("*.eml"))
        ]

    return _messages


REDIS_TEST_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers(url: str = REDIS_TEST_URL) -> bool:
    """Whether the test Redis is reachable."""
    from redis import Redis

    try:
        client = Redis.from_url(url, socket_connect_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


@pytest.fixture
def redis_url():
    """An emptied Redis database for the test (PORTAL_TEST_REDIS_URL); CI fails without it."""
    from redis import Redis

    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_TEST_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_TEST_URL}")
    client = Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    yield REDIS_TEST_URL
    client.flushdb()
    client.close()
