"""Insights: whether self-service works, what to write next, how the service is doing."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core.registry import register_staff_tool
from portal.insights import formatting, tracking
from portal.insights.cli import insights
from portal.insights.views import STAFF, bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Register the page, the command and the counting of visitors, solves and reopens."""
    app.register_blueprint(bp)
    app.cli.add_command(insights)
    tracking.init_app(app)
    register_staff_tool(app, 80, "insights.index", _l("Insights"), STAFF)
    app.jinja_env.filters["insight_figure"] = formatting.figure
    app.jinja_env.filters["insight_change"] = formatting.change
    app.jinja_env.filters["insight_duration"] = formatting.duration
