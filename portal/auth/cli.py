"""`flask users ...` commands."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.auth import services
from portal.auth.models import ROLES
from portal.auth.passwords import password_problem

users = AppGroup("users", help="Manage user accounts.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="customer", show_default=True)
@click.option("--name", "display_name", help="Display name (defaults to the email's name).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, role: str, display_name: str | None, password_stdin: bool) -> None:
    """Create a user; the password is asked for, or read from standard input."""
    if "@" not in email.strip("@") or len(email) > 254:
        raise click.ClickException(
            f"{email!r} is not an email address. Give one like ana@example.com."
        )
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    name = display_name or email.partition("@")[0]
    problem = password_problem(password, email=email, display_name=name)
    if problem:
        raise click.ClickException(f"{problem} Run the command again with another password.")
    try:
        user = services.create_user(email, name, password, role=role)
    except services.EmailTaken:
        raise click.ClickException(
            f"{email} has an account already. Use another email, or reset its password "
            "from the log-in page."
        ) from None
    click.echo(f"Created {user.email} with role {user.role}.")
