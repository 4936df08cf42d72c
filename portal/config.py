"""Settings from environment variables, each with an embedded default."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a whole number, not {raw!r}.") from exc


def instance_path_from_env() -> Path:
    """Where the instance folder lives: PORTAL_INSTANCE_PATH or instance/ in the repository."""
    raw = os.environ.get("PORTAL_INSTANCE_PATH")
    return Path(raw).resolve() if raw else REPO_ROOT / "instance"


def secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    # Create the file readable by its owner only; a parallel start may win the race.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def contact_channels() -> dict:
    """The ways to reach a person, as configured for /contact."""
    return {
        "email": os.environ.get("PORTAL_CONTACT_EMAIL", "help@example.com"),
        "phone": os.environ.get("PORTAL_CONTACT_PHONE", ""),
        "phone_hours": os.environ.get("PORTAL_CONTACT_PHONE_HOURS", ""),
        "chat_hours": os.environ.get("PORTAL_CONTACT_CHAT_HOURS", ""),
        "response_time": os.environ.get("PORTAL_CONTACT_RESPONSE_TIME", ""),
    }


def load_config(instance_path: Path) -> dict:
    """Build the application's settings from the environment."""
    debug = _bool(os.environ.get("FLASK_DEBUG"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants the psycopg 3 dialect.
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    return {
        "SECRET_KEY": secret_key(instance_path),
        "PORTAL_NAME": os.environ.get("PORTAL_NAME", "Help Centre"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PORTAL_SEARCH_DIR": os.environ.get("PORTAL_SEARCH_DIR") or str(instance_path / "search"),
        "PORTAL_OUTBOX_DIR": str(instance_path / "outbox"),
        "PORTAL_CONTENT_DIR": os.environ.get("PORTAL_CONTENT_DIR") or str(REPO_ROOT / "content"),
        "PORTAL_CONTACT": contact_channels(),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Help Centre <no-reply@localhost>"),
        "MAX_CONTENT_LENGTH": _int("PORTAL_MAX_CONTENT_LENGTH", 1024 * 1024),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"), not debug),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(os.environ.get("SESSION_COOKIE_SECURE"), not debug),
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        "PORTAL_LOGIN_LIMIT": os.environ.get("PORTAL_LOGIN_LIMIT", "10 per minute;50 per hour"),
        "PORTAL_LOGIN_ACCOUNT_LIMIT": os.environ.get(
            "PORTAL_LOGIN_ACCOUNT_LIMIT", "5 per minute;20 per hour"
        ),
        "PORTAL_RESET_MAX_AGE": _int("PORTAL_RESET_MAX_AGE", 3600),
        "PORTAL_VOTE_LIMIT": os.environ.get("PORTAL_VOTE_LIMIT", "30 per minute;300 per hour"),
        "PORTAL_CSAT_MAX_AGE": _int("PORTAL_CSAT_MAX_AGE", 30 * 24 * 3600),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PORTAL_TIMEZONE", "Asia/Manila"),
        "PORTAL_LANGUAGES": {"en": "English", "fil": "Filipino"},
    }
