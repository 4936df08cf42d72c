"""`flask tickets ...` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.tickets import console

tickets = AppGroup("tickets", help="Customer tickets.")


@tickets.command("close-solved")
def close_solved() -> None:
    """Close solved tickets whose reopen window has passed (run daily)."""
    count = console.close_expired_solved()
    click.echo(f"Closed {count} solved ticket(s).")
