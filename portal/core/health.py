"""Checks behind /healthz; features add their own with register_check()."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy import text

from portal.extensions import db


def check_database() -> None:
    """Raise unless the database answers a trivial query."""
    db.session.execute(text("SELECT 1"))


def register_check(app, name: str, check: Callable[[], None]) -> None:
    """Add a named check (a callable that raises on failure) to /healthz."""
    app.extensions.setdefault("portal_health_checks", {})[name] = check


def register_flag(app, name: str, flag: Callable[[], str]) -> None:
    """Add a named flag to /healthz: reported, but never a reason for a 503."""
    app.extensions.setdefault("portal_health_flags", {})[name] = flag


def flags() -> dict[str, str]:
    """Every flag's value ("error" when the flag itself fails)."""
    found = {}
    for name, flag in current_app.extensions.get("portal_health_flags", {}).items():
        try:
            found[name] = flag()
        except Exception:
            current_app.logger.exception("health flag %s failed", name)
            found[name] = "error"
    return found


def run_checks() -> dict[str, str]:
    """Run every check; each answers "ok" or "error"."""
    checks = {"database": check_database}
    checks.update(current_app.extensions.get("portal_health_checks", {}))
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception:
            current_app.logger.exception("health check %s failed", name)
            if name == "database":
                db.session.rollback()
            results[name] = "error"
    return results
