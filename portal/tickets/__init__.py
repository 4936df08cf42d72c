"""Tickets: the customer's history at /tickets and the agent console at /agent."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import user_logged_in

from portal.core.registry import register_account_eraser, register_staff_tool
from portal.demo import register_step
from portal.feedback.surveys import register_csat_subject
from portal.tickets import canned_views, cli, models  # noqa: F401  (register routes, tables)
from portal.tickets.agent_views import bp as agent_bp
from portal.tickets.demo import load_demo_tickets
from portal.tickets.services import erase_requester, requester_may_rate
from portal.tickets.views import bp, offer_linking_on_login


def init_app(app: Flask) -> None:
    """Register both blueprints, the CLI group, the demo tickets and the log-in hook."""
    app.register_blueprint(bp)
    app.register_blueprint(agent_bp)
    app.cli.add_command(cli.tickets)
    register_step(app, "tickets", load_demo_tickets)
    user_logged_in.connect(offer_linking_on_login, app)
    register_staff_tool(app, 30, "agent.queue", _l("Agent console"), ("agent",))
    register_account_eraser(app, erase_requester)
    register_csat_subject(app, "ticket", requester_may_rate)
