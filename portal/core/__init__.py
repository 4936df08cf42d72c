"""Pages and plumbing every feature shares: home, health, errors, headers."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import brand, jobs
from portal.core import (
    assets,
    cli,
    compression,
    dates,
    errors,
    fragmentcache,
    health,
    hosts,
    idempotency,  # noqa: F401 - its model belongs to the schema
    pagecache,
    rawinput,
    security,
    templating,
    translations,
)
from portal.core.views import bp


def init_app(app: Flask) -> None:
    """Register the core blueprint, error pages, security headers and template helpers."""
    brand.init_app(app)
    # After-request hooks run last-registered first: compression sees the final body.
    compression.init_app(app)
    # Before any blueprint: its URL rules take the bounded int converter.
    rawinput.init_app(app)
    app.register_blueprint(bp)
    errors.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    templating.init_app(app)
    dates.init_app(app)
    translations.init_app(app)
    pagecache.init_app(app)
    fragmentcache.init_app(app)
    hosts.init_app(app)
    proxies = app.config.get("PORTAL_PROXY_COUNT", 0)
    if proxies:
        # Behind that many reverse proxies: the client's address (for rate limits), scheme
        # and host come from their X-Forwarded-* headers, which only they may set.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.cli.add_command(cli.mail)
    if app.config.get("REDIS_URL"):
        health.register_check(app, "redis", jobs.check_redis)
        health.register_flag(app, "jobs", jobs.health_line)
