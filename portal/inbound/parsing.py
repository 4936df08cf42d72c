"""Reading a received mail: who sent it, whether a robot did, its new text and its files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

import html2text
from mailparser_reply import EmailReplyParser

from portal.tickets.addresses import MARKER

# Mail from these senders is a robot's whatever its headers say.
ROBOT_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|bounces?)([+-].*)?@", re.I)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


# The stdlib's parser raises more than its own errors on hostile input (AttributeError,
# KeyError, ...): whatever it raises, the part is treated as unreadable.
UNREADABLE = (Exception,)


class NotMail(Exception):
    """The input is not an RFC 5322 message with a sender."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


def parse_mail(raw: bytes) -> EmailMessage:
    """Parse raw bytes into a message; NotMail unless it has headers and a From address."""
    if not raw.strip():
        raise NotMail("the input is empty")
    if raw.startswith(b"From "):
        # An mbox envelope line ("From sender date"), as some local delivery agents add.
        raw = raw.partition(b"\n")[2]
    head = raw[:2000].lstrip()
    if not re.match(rb"^[!-9;-~]+:", head):
        raise NotMail("the input does not start with mail headers")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        _name, address = sender(message)
    except UNREADABLE as exc:
        raise NotMail(f"the headers cannot be read ({exc})") from exc
    if not address:
        raise NotMail("it has no From address")
    return message


def header(message: EmailMessage, name: str) -> str:
    """A header as clean one-line text ('' when missing or unreadable)."""
    try:
        value = message.get(name)
    except UNREADABLE:
        return ""
    return CONTROL.sub("", " ".join(str(value or "").split()))


def sender(message: EmailMessage) -> tuple[str, str]:
    """The From header's display name and lower-case address ('' when not an address)."""
    pairs = getaddresses([header(message, "From")])
    name, address = pairs[0] if pairs else ("", "")
    address = address.strip().lower()
    if not ADDRESS.match(address) or len(address) > 254:
        address = ""
    return name.strip()[:80], address


def robot_reason(message: EmailMessage) -> str | None:
    """Why this mail came from a robot (auto-reply, bounce, list), or None for a person's mail."""
    auto = header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = header(message, "Precedence").lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond"):
        if name in message:
            return f"{name} header"
    suppress = header(message, "X-Auto-Response-Suppress").lower()
    if "all" in suppress or "oof" in suppress:
        return f"X-Auto-Response-Suppress: {suppress}"
    if "Return-Path" in message and header(message, "Return-Path") in ("<>", ""):
        return "empty Return-Path (a bounce)"
    if header(message, "Content-Type").lower().startswith("multipart/report"):
        return "delivery report"
    if ROBOT_SENDERS.match(sender(message)[1]):
        return "sent by a mail system"
    return None


def failed_authentication(message: EmailMessage) -> bool:
    """Whether a receiving server found the From domain forged (DMARC fail).

    Only a failure is believed: a forger gains nothing by adding one, and a "pass" could be
    written by anyone.
    """
    try:
        results = message.get_all("Authentication-Results") or []
        return any(re.search(r"\bdmarc=fail\b", str(value), re.I) for value in results)
    except UNREADABLE:
        return False


def _html_to_text(html: str) -> str:
    converter = html2text.HTML2Text(bodywidth=0)
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.protect_links = False
    return converter.handle(html)


def full_text(message: EmailMessage) -> str:
    """The whole body as plain text: the text part, or the HTML part reduced to text."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except UNREADABLE:
        return ""
    if part is None:
        return ""
    try:
        content = part.get_content()
    except UNREADABLE:
        # An unknown or wrong charset: read it as UTF-8 rather than lose the text.
        try:
            payload = part.get_payload(decode=True)
        except UNREADABLE:
            payload = b""
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = _html_to_text(content)
    return CONTROL.sub("", content.replace("\r\n", "\n")).strip()


def new_text(text: str) -> str:
    """What the sender wrote this time: without our marker, quoted mail and signature."""
    marker = MARKER.search(text)
    if marker:
        text = text[: marker.start()]
    reply = EmailReplyParser(languages=["en"]).read(text)
    if not reply.replies:
        return text.strip()
    # The library keeps a quote attribution ("On ... wrote:") that introduces nothing now.
    return reply.replies[0].body.strip()


def subject(message: EmailMessage) -> str:
    """The subject without control characters, cut to fit a ticket."""
    return header(message, "Subject")[:200]


def attachments(message: EmailMessage) -> list[Attachment]:
    """Every file in the mail, inline images included; the text bodies are not files."""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except UNREADABLE:
        body = None
    found = []
    for part in message.walk():
        if part.is_multipart() or part is body:
            continue
        try:
            file = _attachment(part)
        except UNREADABLE:
            continue  # a part whose headers cannot be read is no file we could show
        if file is not None:
            found.append(file)
    return found


def _attachment(part) -> Attachment | None:
    filename = part.get_filename()
    disposition = part.get_content_disposition()
    if disposition is None and not filename and part.get_content_maintype() == "text":
        return None
    try:
        data = part.get_payload(decode=True) or b""
    except UNREADABLE:
        data = b""
    name = CONTROL.sub("", str(filename or "")).strip().replace("/", "_").replace("\\", "_")
    return Attachment(name[:200] or "file", part.get_content_type(), data)


def sniff_type(data: bytes) -> str | None:
    """The allowed type that the bytes really are (images and PDF), whatever the mail claims."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def describe(raw: bytes | None) -> dict:
    """Headers, whole text and file names of a kept mail, for the agents' page."""
    if not raw:
        return {"headers": [], "text": "", "files": []}
    try:
        message = parse_mail(raw)
    except NotMail:
        return {"headers": [], "text": raw[:20000].decode("utf-8", "replace"), "files": []}
    names = ("From", "To", "Cc", "Reply-To", "Date", "Subject", "Message-ID", "Auto-Submitted")
    headers = [(name, header(message, name)) for name in names if name in message]
    files = [(file.filename, file.content_type, len(file.data)) for file in attachments(message)]
    return {"headers": headers, "text": full_text(message), "files": files}
