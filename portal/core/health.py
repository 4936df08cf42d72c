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


def register_detail(app, name: str, detail: Callable[[], object]) -> None:
    """Add a named figure to /healthz that informs without failing it (e.g. failed jobs)."""
    app.extensions.setdefault("portal_health_details", {})[name] = detail


def details() -> dict[str, object]:
    """Each registered figure, or "unknown" when it cannot be read."""
    results: dict[str, object] = {}
    for name, detail in current_app.extensions.get("portal_health_details", {}).items():
        try:
            results[name] = detail()
        except Exception:
            current_app.logger.warning("health detail %s could not be read", name)
            results[name] = "unknown"
    return results


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
