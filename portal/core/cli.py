"""`flask mail ...`: the mail queue."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.mail import SenderBusy, queued_messages, send_queued

mail = AppGroup("mail", help="Mail that waits for the SMTP server.")


@mail.command("send-queued")
def send_queued_command() -> None:
    """Send the mail that waited while the SMTP server could not be reached."""
    if not current_app.config["MAIL_SERVER"]:
        raise click.ClickException(
            "MAIL_SERVER is not set, so mail goes to the outbox folder. "
            "Set MAIL_SERVER and try again."
        )
    waiting = queued_messages()
    if not waiting:
        click.echo("No mail is waiting.")
        return
    with click.progressbar(length=len(waiting), label="Sending queued mail") as bar:

        def progress(paths):
            for path in paths:
                yield path
                bar.update(1)

        try:
            sent, left = send_queued(progress=progress)
        except SenderBusy as busy:
            raise click.ClickException(
                "Another sender is sending the queued mail right now. "
                "Run this again in a minute if mail still waits."
            ) from busy
    click.echo(f"{sent} sent, {left} still waiting.")
    if left:
        raise click.ClickException(
            f"The SMTP server {current_app.config['MAIL_SERVER']} refused or did not answer; "
            "the rest stays queued. Check the server and run this again."
        )
