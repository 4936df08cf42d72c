"""Mail: built in the request, kept in a durable outbox, sent by one sender at a time.

Without MAIL_SERVER each mail is written as one .eml file into the outbox folder, and that
is its delivery. With MAIL_SERVER a request only writes the mail into <outbox>/queued/ (a
temporary name, then an atomic rename) and wakes its process's sender thread; a request
never waits on SMTP. `send_queued()` is the job that drains the queue: it takes a lock
file, so one sender works at a time however many processes or machines share the folder,
and claims each mail by renaming it into <outbox>/sending/ before it talks to the server.
A mail is removed once the server took it, and goes back to the queue when the server did
not answer; a sender that died mid-send leaves its claim, which the next sender requeues
(the one case in which a mail can go out twice). A mail the server refuses for good is
moved to <outbox>/failed/ and logged.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import smtplib
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from markupsafe import Markup, escape

from portal import jobs
from portal.brand import brand_of
from portal.clock import utcnow

log = logging.getLogger(__name__)

QUEUED, SENDING, FAILED = "queued", "sending", "failed"
LOCK_NAME = ".sender.lock"


def header_text(value: str, limit: int = 250) -> str:
    """Text fit for one mail header line (a subject, a name): no line breaks or controls.

    Line and paragraph separators (U+2028, U+2029), tabs and other control characters
    become one space; header folding cannot carry them and Python refuses the header.
    """
    cleaned = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cf") and char != "\u200d" else char
        for char in value or ""
    )
    return " ".join(cleaned.split())[:limit]


def build_message(
    to: str, subject: str, template: str, headers: dict[str, str] | None = None, **context
) -> EmailMessage:
    """Render templates/email/<template>.txt into a message, in the brand's dress.

    Every mail ends with the portal's name and support address, and carries an HTML
    version in the brand's colour: templates/email/<template>.html when there is one, else
    the text itself, its addresses made links, inside templates/email/_layout.html.
    `headers` (Reply-To, Message-ID, In-Reply-To, ...) are set as given, replacing defaults.
    """
    config = current_app.config
    brand = brand_of(current_app)
    message = EmailMessage()
    message["Subject"] = header_text(subject)
    message["From"] = config["MAIL_FROM"]
    message["To"] = header_text(to, limit=320)
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid(domain=config.get("SERVER_NAME") or "portal.local")
    for name, value in (headers or {}).items():
        del message[name]
        message[name] = value
    context.setdefault("portal_name", config["PORTAL_NAME"])
    context.setdefault("support_email", brand.support_email)
    text = render_template(f"email/{template}.txt", **context).rstrip()
    footer = render_template("email/_footer.txt", **context).strip()
    # "-- " opens a signature: mail programs leave it out of the quote in a reply.
    message.set_content(f"{text}\n\n-- \n{footer}\n")
    try:
        # An autoescaped template's output: safe as it is.
        body = Markup(render_template(f"email/{template}.html", **context))  # noqa: S704
    except TemplateNotFound:
        body = text_to_html(text, link_colour=brand.palette.brand)
    layout = {
        **context,
        "colours": brand.palette,
        "mail_subject": header_text(subject),
        "mail_body": body,
    }
    message.add_alternative(render_template("email/_layout.html", **layout), subtype="html")
    return message


# A web address in mail text, without the punctuation that may close its sentence.
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]']")


def text_to_html(text: str, link_colour: str) -> Markup:
    """Mail text as HTML: a paragraph per block, a line break per line, addresses as links."""
    link = Markup('<a href="{0}" style="color:{1}">{0}</a>')
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines = []
        for line in block.split("\n"):
            html, start = Markup(""), 0
            for match in WEB_ADDRESS.finditer(line):
                html += escape(line[start : match.start()]) + link.format(
                    match.group(), link_colour
                )
                start = match.end()
            lines.append(html + escape(line[start:]))
        paragraphs.append(Markup("<p>%s</p>") % Markup("<br>\n").join(lines))
    return Markup("\n").join(paragraphs)


def write_to_folder(message: EmailMessage, folder: Path) -> Path:
    """Write the message as one .eml file, atomically; the name sorts by time."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = folder / f".{path.name}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(bytes(message))
        fh.flush()
        os.fsync(fh.fileno())
    tmp.rename(path)
    return path


def deliver_smtp(message) -> None:
    """Send through the configured SMTP server, waiting at most MAIL_TIMEOUT seconds."""
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _outbox() -> Path:
    return Path(current_app.config["PORTAL_OUTBOX_DIR"])


def send_mail(
    to: str,
    subject: str,
    template: str,
    headers: dict[str, str] | None = None,
    *,
    locale: str | None = None,
    **context,
) -> EmailMessage | None:
    """Build a mail and hand it to the outbox; never raises, so a saved action stays saved.

    With locale, the subject (a lazy string) and the templates are in the recipient's
    language. Returns the message, or None when it could not even be written (logged as an
    error).
    """
    try:
        if locale:
            with force_locale(locale):
                message = build_message(to, str(subject), template, headers=headers, **context)
        else:
            message = build_message(to, str(subject), template, headers=headers, **context)
        if not current_app.config["MAIL_SERVER"]:
            write_to_folder(message, _outbox())
            return message
        if current_app.config.get("REDIS_URL") and _queue_job(message):
            return message
        write_to_folder(message, _outbox() / QUEUED)
    except Exception:
        log.exception("mail %r to %s could not be written to the outbox", template, to)
        return None
    if current_app.config["PORTAL_MAIL_SENDER_THREAD"]:
        wake_sender(current_app._get_current_object())
    return message


def _queue_job(message: EmailMessage) -> bool:
    """With REDIS_URL the job queue is the outbox that every server and worker shares."""
    try:
        jobs.enqueue(deliver, bytes(message))
    except Exception:
        log.exception("the job queue did not take a mail; it waits in this server's outbox")
        return False
    return True


def deliver(data: bytes) -> None:
    """Job: send one mail given as its bytes; a failure makes the queue try again later."""
    deliver_smtp(message_from_bytes(data, policy=policy.SMTP))


def queued_messages() -> list[Path]:
    """Messages waiting for the SMTP server, oldest first."""
    return sorted((_outbox() / QUEUED).glob("*.eml"))


class SenderBusy(Exception):
    """Another sender holds the outbox; it will send what waits."""


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(error, "smtp_code", 0)
    return isinstance(code, int) and 500 <= code < 600


def _requeue_claims(outbox: Path) -> None:
    """Put back what a sender that died left claimed (we hold the lock: it is not working)."""
    for path in sorted((outbox / SENDING).glob("*.eml")):
        log.warning("mail %s was left mid-send; queued again", path.name)
        os.replace(path, outbox / QUEUED / path.name)


def send_queued(
    limit: int | None = None, progress: Callable[[Iterable], Iterable] | None = None
) -> tuple[int, int]:
    """Send waiting mail in order, one sender at a time. Returns (sent, still waiting).

    Stops at the first mail the server does not take for now; raises SenderBusy when
    another sender holds the outbox. A plain function: a thread, a command or a job
    queue can run it inside an app context.
    """
    outbox = _outbox()
    for folder in (QUEUED, SENDING):
        (outbox / folder).mkdir(parents=True, exist_ok=True)
    with open(outbox / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise SenderBusy() from exc
        _requeue_claims(outbox)
        waiting = queued_messages()
        batch = waiting[:limit] if limit else waiting
        sent = done = 0
        for path in progress(batch) if progress else batch:
            claimed = outbox / SENDING / path.name
            try:
                os.rename(path, claimed)  # the claim: only one rename can succeed
            except FileNotFoundError:
                continue
            message = message_from_bytes(claimed.read_bytes(), policy=policy.SMTP)
            try:
                deliver_smtp(message)
            except (OSError, smtplib.SMTPException) as error:
                if not _permanent(error):
                    os.replace(claimed, path)
                    log.warning("queued mail %s still cannot be sent: %s", path.name, error)
                    break
                (outbox / FAILED).mkdir(exist_ok=True)
                os.replace(claimed, outbox / FAILED / path.name)
                log.error("mail %s was refused for good and kept in failed/: %s", path.name, error)
                done += 1
                continue
            claimed.unlink()
            sent += 1
            done += 1
    return sent, len(waiting) - done


class MailSender:
    """The one background thread per process that drains the outbox after a request."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake = threading.Event()
        self.guard = threading.Lock()
        self.thread: threading.Thread | None = None

    def notify(self) -> None:
        """Ask for a drain soon; start the thread if it is not running."""
        with self.guard:
            self.wake.set()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="mail-sender", daemon=True)
                self.thread.start()

    def run(self) -> None:
        """Drain until nothing waits; retry every PORTAL_MAIL_RETRY_SECONDS meanwhile."""
        while True:
            self.wake.clear()
            with self.app.app_context():
                retry = self.app.config["PORTAL_MAIL_RETRY_SECONDS"]
                try:
                    _, left = send_queued()
                except SenderBusy:
                    left = 1  # the other sender may stop at a failure; look again later
                except Exception:
                    log.exception("the mail sender failed; it tries again later")
                    left = 1
            if left:
                self.wake.wait(retry)
                continue
            with self.guard:
                if not self.wake.is_set():
                    self.thread = None
                    return


def wake_sender(app: Flask) -> None:
    """Wake (or start) this process's sender thread for the app."""
    sender = app.extensions.get("portal_mail_sender")
    if sender is None:
        sender = app.extensions.setdefault("portal_mail_sender", MailSender(app))
    sender.notify()
