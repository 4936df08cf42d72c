"""What the forum adds to the home page and the sitemap."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import select

from portal.extensions import db
from portal.forum import queries
from portal.forum.models import Thread

HOME_THREADS = 5


def home_section() -> dict | None:
    """The latest forum activity, for the front page."""
    threads = queries.recent_threads(HOME_THREADS)
    if not threads:
        return None
    return {"template": "forum/_home_section.html", "threads": threads}


def sitemap_entries() -> list[tuple[str, datetime | None]]:
    """The forum's front page and every thread (all categories and threads are public)."""
    entries: list[tuple[str, datetime | None]] = [("/forum/", None)]
    rows = db.session.execute(
        select(Thread.id, Thread.slug, Thread.last_activity_at).order_by(Thread.id)
    )
    for thread_id, slug, last_activity in rows:
        entries.append((url_for("forum.thread", thread_id=thread_id, slug=slug), last_activity))
    return entries
