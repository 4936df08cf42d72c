"""Send mail over SMTP, or write it as an .eml file into the outbox."""

from __future__ import annotations

import smtplib
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from portal.clock import utcnow

RETRY_BATCH = 20


def build_message(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render templates/email/<template>.txt (and .html when present) into a message."""
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid(domain="portal.local")
    context.setdefault("portal_name", config["PORTAL_NAME"])
    message.set_content(render_template(f"email/{template}.txt", **context))
    try:
        html = render_template(f"email/{template}.html", **context)
    except TemplateNotFound:
        html = None
    if html:
        message.add_alternative(html, subtype="html")
    return message


def write_to_folder(message: EmailMessage, folder: Path) -> Path:
    """Write the message as one .eml file; the name sorts by time."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(message))
    tmp.rename(path)
    return path


def deliver_smtp(message: EmailMessage) -> None:
    """Send through the configured SMTP server."""
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def send_mail(
    to: str, subject: str, template: str, *, locale: str | None = None, **context
) -> EmailMessage:
    """Send a message built from a template; without MAIL_SERVER, write it to the outbox.

    With locale, the subject (a lazy string) and the templates are in the recipient's
    language. If the SMTP server fails, the message is kept in <outbox>/queued/ rather
    than lost.
    """
    if locale:
        with force_locale(locale):
            message = build_message(to, str(subject), template, **context)
    else:
        message = build_message(to, str(subject), template, **context)
    outbox = Path(current_app.config["PORTAL_OUTBOX_DIR"])
    if not current_app.config["MAIL_SERVER"]:
        write_to_folder(message, outbox)
        return message
    try:
        deliver_smtp(message)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("mail to %s could not be sent; queued", to)
        write_to_folder(message, outbox / "queued")
        return message
    # The server answers again: send what waited while it did not.
    send_queued(limit=RETRY_BATCH)
    return message


def queued_messages() -> list[Path]:
    """Messages waiting for the SMTP server, oldest first."""
    return sorted((Path(current_app.config["PORTAL_OUTBOX_DIR"]) / "queued").glob("*.eml"))


def send_queued(limit: int | None = None, progress=None) -> tuple[int, int]:
    """Send waiting messages in order; stop at the first failure. Returns (sent, still waiting)."""
    waiting = queued_messages()
    batch = waiting[:limit] if limit else waiting
    sent = 0
    for path in progress(batch) if progress else batch:
        message = message_from_bytes(path.read_bytes(), policy=policy.SMTP)
        try:
            deliver_smtp(message)
        except (OSError, smtplib.SMTPException):
            current_app.logger.warning("queued mail %s still cannot be sent", path.name)
            break
        path.unlink()
        sent += 1
    return sent, len(waiting) - sent
