"""Mail in: replies land in their tickets, new mail to the help address opens one."""

from __future__ import annotations

from flask import Flask

from portal.core.cli import mail
from portal.core.registry import register_account_eraser
from portal.inbound import cli, models, services  # noqa: F401  (models: register the tables)
from portal.inbound.views import attachment_url, bp, outcome_label
from portal.tickets.services import register_message_relation


def init_app(app: Flask) -> None:
    """Register the views and add receive, fetch and retry to the `flask mail` group."""
    app.register_blueprint(bp)
    register_account_eraser(app, services.erase_sender)
    app.add_template_global(attachment_url)
    app.add_template_global(outcome_label)
    # Both show on ticket pages beside each message: loaded with the conversation.
    register_message_relation("attachments")
    register_message_relation("inbound_mail")
    for command in (cli.receive, cli.fetch, cli.retry):
        mail.add_command(command)
