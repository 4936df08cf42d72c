"""Community forum: customers ask, answer, vote and flag; staff moderate."""

from __future__ import annotations

from flask import Flask

from portal.forum import models  # noqa: F401  (the models must be known to migrations)


def init_app(app: Flask) -> None:
    """Register the forum blueprint and its demo content."""
