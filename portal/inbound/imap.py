"""Collecting mail from an IMAP mailbox (PORTAL_IMAP_URL) for `flask mail fetch`."""

from __future__ import annotations

import imaplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app
from imap_tools import AND, BaseMailBox, MailBox, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError

from portal.inbound import services

# Set on every message handled, so the next run skips it.
HANDLED_KEYWORD = "PortalHandled"


class ImapError(Exception):
    """The mailbox cannot be reached or read; the message says what to check."""


@dataclass
class ImapSettings:
    secure: bool
    host: str
    port: int
    username: str
    password: str
    folder: str
    move_to: str


def parse_url(url: str) -> ImapSettings:
    """imaps://user:password@host:port/INBOX?move_to=Done (imap:// without TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ImapError(
            "PORTAL_IMAP_URL must look like imaps://user:password@host/INBOX "
            "(or imap:// for a server on this machine)."
        )
    secure = parts.scheme == "imaps"
    query = parse_qs(parts.query)
    return ImapSettings(
        secure=secure,
        host=parts.hostname,
        port=parts.port or (993 if secure else 143),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        move_to=(query.get("move_to") or [""])[0],
    )


@contextmanager
def open_mailbox(settings: ImapSettings) -> Iterator[BaseMailBox]:
    """A logged-in mailbox on the configured folder."""
    try:
        if settings.secure:
            box = MailBox(settings.host, settings.port, timeout=30, ssl_context=_ssl_context())
        else:
            box = MailBoxUnencrypted(settings.host, settings.port, timeout=30)
    except (OSError, ssl.SSLError) as exc:
        raise ImapError(f"cannot connect to {settings.host}:{settings.port} ({exc})") from exc
    try:
        box.login(settings.username, settings.password, initial_folder=settings.folder)
    except MailboxLoginError as exc:
        box.logout()
        raise ImapError(
            f"{settings.host} refused the log-in for {settings.username!r} or has no "
            f"folder {settings.folder!r}"
        ) from exc
    try:
        yield box
    finally:
        with suppress(OSError):
            box.logout()


def _ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    cafile = current_app.config.get("PORTAL_IMAP_CA_FILE")
    if cafile:
        context.load_verify_locations(cafile)
    return context


def keywords_allowed(box: BaseMailBox) -> bool:
    """Whether the folder keeps keywords of our own (its PERMANENTFLAGS list \\*)."""
    flags = box.client.untagged_responses.get("PERMANENTFLAGS") or [b""]
    return any(b"\\*" in (item or b"") for item in flags)


def waiting_uids(box: BaseMailBox, keywords: bool = True) -> list[str]:
    """Messages in the folder not yet handled by the portal (without keywords: unseen ones)."""
    return box.uids(AND(no_keyword=HANDLED_KEYWORD) if keywords else AND(seen=False))


def _raw(box: BaseMailBox, uid: str, part: str = "BODY.PEEK[]") -> bytes | None:
    status, data = box.client.uid("FETCH", uid, f"({part})")
    if status != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _size(box: BaseMailBox, uid: str) -> int:
    status, data = box.client.uid("FETCH", uid, "(RFC822.SIZE)")
    text = b" ".join(item for item in data if isinstance(item, bytes)).decode("ascii", "replace")
    marker = text.find("RFC822.SIZE ")
    if status != "OK" or marker < 0:
        return 0
    digits = text[marker + len("RFC822.SIZE ") :].split(")")[0].split()[0]
    return int(digits) if digits.isdigit() else 0


def _mark_handled(box: BaseMailBox, uid: str, move_to: str, keywords: bool) -> None:
    box.flag(uid, ("\\Seen", HANDLED_KEYWORD) if keywords else ("\\Seen",), True)
    if move_to:
        if not box.folder.exists(move_to):
            box.folder.create(move_to)
        box.move(uid, move_to)


def fetch(progress: Callable | None = None) -> dict[str, int]:
    """Handle every waiting message once; returns counts by outcome."""
    url = current_app.config["PORTAL_IMAP_URL"]
    if not url:
        raise ImapError("PORTAL_IMAP_URL is not set.")
    settings = parse_url(url)
    counts: dict[str, int] = {}
    with open_mailbox(settings) as box:
        try:
            _fetch_all(box, settings, progress, counts)
        except (imaplib.IMAP4.error, OSError) as exc:
            raise ImapError(f"the connection to {settings.host} failed ({exc})") from exc
    return counts


def _fetch_all(
    box: BaseMailBox, settings: ImapSettings, progress: Callable | None, counts: dict[str, int]
) -> None:
    limit = current_app.config["PORTAL_INBOUND_MAX_BYTES"]
    keywords = keywords_allowed(box)
    uids = waiting_uids(box, keywords)
    for uid in progress(uids) if progress else uids:
        size = _size(box, uid)
        if size > limit:
            head = _raw(box, uid, "BODY.PEEK[HEADER]") or b""
            record = services.record_oversized(head, size, "imap")
        else:
            raw = _raw(box, uid)
            if raw is None:
                current_app.logger.warning("IMAP message %s vanished before it was read", uid)
                continue
            try:
                record = services.receive(raw, "imap")
            except services.NotMail as exc:
                record = exc.record
                current_app.logger.warning(
                    "IMAP message %s (inbound mail #%s) is not a mail: %s", uid, record.id, exc
                )
        # Marked only once kept: a mail that could not be stored waits for the next run.
        _mark_handled(box, uid, settings.move_to, keywords)
        counts[record.status] = counts.get(record.status, 0) + 1
