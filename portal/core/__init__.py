"""Pages and plumbing every feature shares: home, health, errors, headers."""

from __future__ import annotations

from flask import Flask

from portal.core import (
    assets,
    cli,
    compression,
    errors,
    hosts,
    idempotency,  # noqa: F401 - its model belongs to the schema
    pagecache,
    rawinput,
    security,
    templating,
)
from portal.core.views import bp


def init_app(app: Flask) -> None:
    """Register the core blueprint, error pages, security headers and template helpers."""
    # After-request hooks run last-registered first: compression sees the final body.
    compression.init_app(app)
    # Before any blueprint: its URL rules take the bounded int converter.
    rawinput.init_app(app)
    app.register_blueprint(bp)
    errors.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    templating.init_app(app)
    pagecache.init_app(app)
    hosts.init_app(app)
    app.cli.add_command(cli.mail)
