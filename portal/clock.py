"""Time in one convention: naive datetimes in UTC, as both databases store them."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC without tzinfo."""
    return datetime.now(UTC).replace(tzinfo=None)
