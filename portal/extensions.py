"""Flask extensions, created unbound here and bound to the app in create_app()."""

from __future__ import annotations

import sqlite3

from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, lazy_gettext
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from redis import Redis
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# A naming convention keeps constraint names stable, so Alembic can alter them on
# SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
htmx = HTMX()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL for concurrent readers and foreign keys on; the busy timeout is set in config."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def select_locale() -> str:
    """The user's setting, then the language cookie, then Accept-Language."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["PORTAL_LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    cookie = request.cookies.get("lang")
    if cookie in languages:
        return cookie
    # Browsers send "tl" (Tagalog) far more often than "fil"; both mean Filipino here.
    best = request.accept_languages.best_match([*languages, "tl"])
    if best == "tl":
        return "fil"
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def redis_connection() -> Redis | None:
    """The app's Redis client (one pool per app), or None without REDIS_URL."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    clients = current_app.extensions.setdefault("portal_redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    return clients[url]


def init_app(app: Flask) -> None:
    """Bind every extension to the app."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config["MIGRATIONS_DIR"]), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please log in to see this page.")
    login_manager.login_message_category = "info"
    # Flask-Login flashes the message; str() translates the lazy string in the request.
    login_manager.localize_callback = str
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
