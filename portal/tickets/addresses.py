"""Reply addresses and Message-IDs that carry a signed ticket reference.

`help+t7kq2m9xd-<signature>@example.com` names ticket T-7KQ2M9XD. Everything is lower case
because mail servers may change the case of an address's local part.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from email.utils import getaddresses, parseaddr

from flask import current_app

SALT = b"ticket-mail"
TOKEN = re.compile(r"\b(t[0-9a-z]{8})-([a-z2-7]{16})\b")
# The marker above which a customer writes; everything from it down is quoted text.
MARKER = re.compile(r"^.*##-.*-##.*$", re.MULTILINE)


def _signature(ref_part: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, SALT + ref_part.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def ticket_token(ref: str) -> str:
    """The signed, lower-case token for a ticket reference such as T-7KQ2M9XD."""
    part = "t" + ref.removeprefix("T-").lower()
    return f"{part}-{_signature(part)}"


def ref_from_token(token: str) -> str | None:
    """The ticket reference a well-signed token names, or None."""
    match = TOKEN.fullmatch(token.strip().lower())
    if not match or not hmac.compare_digest(match[2], _signature(match[1])):
        return None
    return "T-" + match[1][1:].upper()


def inbound_parts() -> tuple[str, str] | None:
    """The help address's local part and domain, or None when mail-in is not set up."""
    _name, address = parseaddr(current_app.config.get("PORTAL_INBOUND_ADDRESS") or "")
    local, at, domain = address.partition("@")
    if not (local and at and domain):
        return None
    return local.partition("+")[0], domain.lower()


def reply_address(ref: str) -> str | None:
    """help+<token>@domain for this ticket, or None without PORTAL_INBOUND_ADDRESS."""
    parts = inbound_parts()
    if parts is None:
        return None
    local, domain = parts
    return f"{local}+{ticket_token(ref)}@{domain}"


def _domain() -> str:
    parts = inbound_parts()
    return parts[1] if parts else "portal.local"


def thread_id(ref: str) -> str:
    """The Message-ID every mail about this ticket refers to, so clients thread them."""
    return f"<{ticket_token(ref)}@{_domain()}>"


def ticket_mail_headers(ref: str, first: bool = False, auto_reply: bool = False) -> dict[str, str]:
    """Reply-To, Message-ID and threading headers for a mail about this ticket.

    The first mail's Message-ID is the thread's; later ones refer to it.
    """
    if first:
        headers = {"Message-ID": thread_id(ref)}
    else:
        headers = {
            "Message-ID": f"<{ticket_token(ref)}.{secrets.token_hex(6)}@{_domain()}>",
            "In-Reply-To": thread_id(ref),
            "References": thread_id(ref),
        }
    address = reply_address(ref)
    if address:
        headers["Reply-To"] = address
    if auto_reply:
        # RFC 3834: other robots must not answer this one.
        headers["Auto-Submitted"] = "auto-replied"
    return headers


def refs_in_addresses(values: list[str]) -> list[str]:
    """Ticket references named by signed tokens in these recipient headers."""
    parts = inbound_parts()
    local = parts[0].lower() if parts else None
    refs = []
    for _name, address in getaddresses(values):
        box, _, _domain_part = address.lower().partition("@")
        base, plus, token = box.partition("+")
        if plus and (local is None or base == local):
            ref = ref_from_token(token)
            if ref:
                refs.append(ref)
    return refs


def refs_in_message_ids(values: list[str]) -> list[str]:
    """Ticket references named by our own Message-IDs in In-Reply-To or References."""
    refs = []
    for value in values:
        for match in TOKEN.finditer(value.lower()):
            ref = ref_from_token(match[0])
            if ref:
                refs.append(ref)
    return refs
