"""The rate limit every Markdown preview shares: rendering user text costs time."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_login import current_user

from portal.extensions import limiter


def _preview_limit() -> str:
    return current_app.config["PORTAL_PREVIEW_LIMIT"]


def _member_key() -> str:
    return f"member:{current_user.get_id()}"


def limit_previews() -> Callable:
    """Limit a preview view per logged-in person to PORTAL_PREVIEW_LIMIT."""
    return limiter.limit(_preview_limit, key_func=_member_key)
