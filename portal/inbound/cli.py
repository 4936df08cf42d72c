"""`flask mail receive`, `flask mail fetch` and `flask mail retry`: mail in."""

from __future__ import annotations

import sys

import click
from flask import current_app

from portal.inbound import imap, services

# sysexits.h, which mail servers read: 65 bounces the mail, 75 makes the server try again.
EX_DATAERR = 65
EX_TEMPFAIL = 75


class MailCommandError(click.ClickException):
    """A one-line error with the exit status a mail server's pipe understands."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@click.command("receive")
def receive() -> None:
    """Handle one mail (RFC 5322) read from standard input, as a mail server's pipe delivers it."""
    stdin = sys.stdin.buffer
    limit = current_app.config["PORTAL_INBOUND_MAX_BYTES"]
    raw = stdin.read(limit + 1)
    if len(raw) > limit:
        # Take in the rest so the pipe does not break; only the count matters now.
        size = len(raw)
        while chunk := stdin.read(1024 * 1024):
            size += len(chunk)
        raw = raw[: services.OVERSIZE_KEEP]
    else:
        size = len(raw)
    try:
        if size > limit:
            record = services.record_oversized(raw, size, "pipe")
        else:
            record = services.receive(raw, "pipe")
        services.prune()
    except services.NotMail as exc:
        raise MailCommandError(
            f"Standard input is not a mail: {exc}. Pipe one whole message (headers, blank line, "
            "body) into this command.",
            EX_DATAERR,
        ) from exc
    except Exception as exc:  # a database that is down: the mail server should try again
        current_app.logger.exception("inbound mail could not be stored")
        raise MailCommandError(
            f"The mail could not be stored ({type(exc).__name__}); the mail server will try "
            "again. Check DATABASE_URL and the database.",
            EX_TEMPFAIL,
        ) from exc
    click.echo(_summary(record))


def _summary(record) -> str:
    detail = f": {record.detail}" if record.detail else ""
    return f"Inbound mail #{record.id} {record.status}{detail}"


@click.command("fetch")
def fetch() -> None:
    """Handle the waiting mail in the IMAP mailbox of PORTAL_IMAP_URL, each message once."""
    try:
        settings = imap.parse_url(current_app.config["PORTAL_IMAP_URL"] or "")
    except imap.ImapError as exc:
        raise click.ClickException(
            "Set PORTAL_IMAP_URL, for example imaps://user:password@host/INBOX, and try again."
        ) from exc
    with click.progressbar(length=0, label=f"Mail from {settings.host}") as bar:

        def progress(uids):
            """Advance the bar as each message is handled."""
            bar.length = len(uids)
            for uid in uids:
                yield uid
                bar.update(1)

        try:
            counts = imap.fetch(progress=progress)
        except imap.ImapError as exc:
            raise click.ClickException(f"{exc}. Check PORTAL_IMAP_URL and run this again.") from exc
        except Exception as exc:  # the database: what was not stored stays in the mailbox
            current_app.logger.exception("inbound mail could not be stored")
            raise click.ClickException(
                f"A mail could not be stored ({type(exc).__name__}); it stays in the mailbox. "
                "Check DATABASE_URL and the database, then run this again."
            ) from exc
    services.prune()
    if not counts:
        click.echo("No mail was waiting.")
        return
    click.echo(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) + ".")
    if counts.get("failed"):
        click.echo("Run `flask mail retry` once the cause in the log is fixed.")


@click.command("retry")
@click.argument("ids", nargs=-1, type=int)
def retry(ids: tuple[int, ...]) -> None:
    """Handle failed inbound mail again: the given ids, or every failed one."""
    if ids:
        records = [services.get_mail(mail_id) for mail_id in ids]
        missing = [str(i) for i, record in zip(ids, records, strict=True) if record is None]
        if missing:
            raise click.ClickException(f"No inbound mail #{', #'.join(missing)}.")
    else:
        records = services.failed_mails()
    if not records:
        click.echo("No failed mail is waiting.")
        return
    with click.progressbar(records, label="Handling mail again") as bar:
        for record in bar:
            try:
                services.retry(record)
            except ValueError as exc:
                raise click.ClickException(f"{exc}.") from exc
    for record in records:
        click.echo(_summary(record))
