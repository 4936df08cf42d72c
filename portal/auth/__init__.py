"""Accounts: registration, log-in, password reset, the account page and roles."""

from __future__ import annotations

from flask import Flask

from portal.auth import cli, models
from portal.auth.views import account_bp, bp
from portal.extensions import login_manager


def init_app(app: Flask) -> None:
    """Register the auth blueprints, the user loader and the users CLI group."""
    login_manager.user_loader(models.load_user)
    app.register_blueprint(bp)
    app.register_blueprint(account_bp)
    app.cli.add_command(cli.users)
