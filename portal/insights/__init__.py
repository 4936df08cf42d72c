"""Insights: whether self-service works, what to write next, how the service is doing."""

from __future__ import annotations

from flask import Flask

from portal.insights import formatting, tracking
from portal.insights.cli import insights
from portal.insights.views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Register the page, the command and the counting of visitors and reopens."""
    app.register_blueprint(bp)
    app.cli.add_command(insights)
    tracking.init_app(app)
    app.jinja_env.filters["insight_figure"] = formatting.figure
    app.jinja_env.filters["insight_change"] = formatting.change
    app.jinja_env.filters["insight_duration"] = formatting.duration
