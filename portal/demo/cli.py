"""`flask demo load`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError, ProgrammingError

from portal.demo.users import DEMO_USERS
from portal.extensions import db

demo = AppGroup("demo", help="Demo accounts and content.")


@demo.command("load")
def load() -> None:
    """Load demo users and content; safe to run twice."""
    try:
        tables = inspect(db.engine).get_table_names()
    except OperationalError as exc:
        raise click.ClickException(
            f"The database cannot be reached ({exc.orig}). Check DATABASE_URL."
        ) from exc
    if "alembic_version" not in tables:
        raise click.ClickException("The database has no schema yet. Run `flask db upgrade` first.")
    for name, step in current_app.extensions.get("portal_demo_steps", []):
        click.echo(f"Loading demo {name}... ", nl=False)
        try:
            summary = step()
        except ProgrammingError as exc:
            raise click.ClickException(
                f"Loading {name} failed ({exc.orig}). Run `flask db upgrade`, then try again."
            ) from exc
        click.echo(summary)
    click.echo("\nDemo accounts (email / password / role):")
    for email, _name, role, password in DEMO_USERS:
        click.echo(f"  {email:<24} {password:<22} {role}")
