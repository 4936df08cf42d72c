"""`flask demo load`: demo accounts and content, so the portal can be tried at once."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from portal.demo.cli import demo
from portal.demo.users import load_demo_users


def register_step(app: Flask, name: str, step: Callable[[], str]) -> None:
    """Add a step to `flask demo load`; a step returns a one-line summary."""
    app.extensions.setdefault("portal_demo_steps", []).append((name, step))


def init_app(app: Flask) -> None:
    """Register the demo command and its first step, the accounts."""
    app.cli.add_command(demo)
    app.extensions.setdefault("portal_demo_steps", []).insert(0, ("users", load_demo_users))
