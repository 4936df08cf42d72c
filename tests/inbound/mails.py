"""Mails as customers' programs and robots write them, for the inbound tests."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def mail(
    sender: str = "Ana Cruz <ana@example.org>",
    to: str = "help@help.example.com",
    subject: str = "My router keeps dropping",
    body: str = "The Wi-Fi drops every evening.",
    html: str | None = None,
    headers: dict[str, str] | None = None,
    files: list[tuple[str, str, bytes]] = (),
) -> bytes:
    """A mail as raw bytes, with optional HTML part, extra headers and attached files."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)


def reply_to(original, body: str, sender: str, extra: dict[str, str] | None = None, **kw) -> bytes:
    """A reply the way mail programs write one: new text, attribution, the quoted original."""
    quoted = "\n".join(
        "> " + line
        for line in original.get_body(preferencelist=("plain",)).get_content().splitlines()
    )
    attribution = "On Tue, 1 Dec 2026 at 10:00, Help Centre <help@help.example.com> wrote:"
    text = f"{body}\n\n{attribution}\n{quoted}\n"
    headers = {"In-Reply-To": original["Message-ID"], "References": original["Message-ID"]}
    headers.update(extra or {})
    return mail(
        sender=sender,
        to=original["Reply-To"] or "help@help.example.com",
        subject="Re: " + original["Subject"],
        body=text,
        headers=headers,
        **kw,
    )
