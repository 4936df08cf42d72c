"""Rendered pages kept for a few seconds for visitors who are not logged in.

A help centre is read far more than it is written. A visitor who is not logged in sees the
same HTML as every other such visitor of that page and language, so each worker keeps that
HTML for PORTAL_PAGE_CACHE_SECONDS. Anything personal bypasses the cache: a logged-in user, a
pending flash message, an htmx request, and any page whose rendering asked for a CSRF token
(that page carries a per-visitor secret and is never stored).

With REDIS_URL set, a commit that changed rows bumps a generation number in Redis, and every
worker of every server compares it before serving a stored page: an edit shows everywhere
on the next request, at the cost of one small Redis read per cached page. Without Redis, an
edit clears the editing worker's cache and the others catch up within the few seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Generic, TypeVar

from flask import Flask, current_app, g, has_app_context, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import htmx, redis_connection

V = TypeVar("V")


class PageCache(Generic[V]):
    """A small thread-safe store of HTML (or fragments) by key, each kept for ttl seconds."""

    def __init__(self, ttl: float, max_entries: int = 1000):
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, tuple[float, int, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, generation: int = 0) -> V | None:
        """The stored HTML, or None when absent, expired or of an older generation."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_at, stored_generation, html = entry
            if time.monotonic() - stored_at > self.ttl or stored_generation != generation:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return html

    def put(self, key: tuple, html: V, generation: int = 0) -> None:
        """Store HTML, evicting the least recently used entry when full."""
        with self._lock:
            self._entries[key] = (time.monotonic(), generation, html)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (after content changes in this process)."""
        with self._lock:
            self._entries.clear()


GENERATION_KEY = "portal:pagecache:generation"


def current_generation() -> int:
    """The shared generation of cached pages (0 without Redis); raises when Redis fails."""
    connection = redis_connection()
    if connection is None:
        return 0
    return int(connection.get(GENERATION_KEY) or 0)


def register_personal_session_key(app: Flask, key: str) -> None:
    """A session key that makes a visitor's pages their own (e.g. their helpful vote)."""
    app.extensions.setdefault("portal_personal_session_keys", set()).add(key)


def _shareable() -> bool:
    personal = current_app.extensions.get("portal_personal_session_keys", set())
    return (
        request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
        and not any(key in session for key in personal)
        and not htmx
    )


def cached_for_visitors(view: Callable) -> Callable:
    """Serve a view's HTML from the page cache to visitors who are not logged in."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        cache: PageCache[str] | None = current_app.extensions.get("portal_page_cache")
        if cache is None or not _shareable():
            return view(*args, **kwargs)
        try:
            generation = current_generation()
        except Exception:
            # Redis is away: a stored page might be stale, so render (and store nothing).
            current_app.logger.warning("page cache generation unreadable; rendering")
            return view(*args, **kwargs)
        # The host is part of the key: pages hold absolute links built from it.
        key = (request.host, request.full_path, str(get_locale()))
        html = cache.get(key, generation)
        if html is not None:
            return html
        response = make_response(view(*args, **kwargs))
        personal = "csrf_token" in g  # the page holds this visitor's CSRF token
        if response.status_code == 200 and response.mimetype == "text/html" and not personal:
            cache.put(key, response.get_data(as_text=True), generation)
        return response

    return wrapped


def clear_page_cache() -> None:
    """Drop the cached pages and fragments of this process, and of every server with Redis."""
    for name in ("portal_page_cache", "portal_fragment_cache"):
        cache: PageCache | None = current_app.extensions.get(name)
        if cache is not None:
            cache.clear()
    connection = redis_connection()
    if connection is not None:
        try:
            connection.incr(GENERATION_KEY)
        except Exception:
            current_app.logger.exception("page cache generation could not be bumped")


def ignore_for_page_cache(app: Flask, *models: type) -> None:
    """Rows of these models never show on visitors' pages (a search log): no invalidation."""
    app.extensions.setdefault("portal_page_cache_ignored", set()).update(models)


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, flush_context) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    ignored = (
        tuple(current_app.extensions.get("portal_page_cache_ignored", ()))
        if (has_app_context())
        else ()
    )
    if not ignored or not all(isinstance(obj, ignored) for obj in changed):
        session.info["portal_content_changed"] = True


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop("portal_content_changed", None)


@event.listens_for(Session, "after_commit")
def _clear_after_changes(session: Session) -> None:
    # Without Redis, other workers catch up within the cache's few seconds; this one at once.
    if session.info.pop("portal_content_changed", False) and has_app_context():
        clear_page_cache()


def init_app(app: Flask) -> None:
    """Create the cache unless PORTAL_PAGE_CACHE_SECONDS is 0."""
    ttl = float(app.config.get("PORTAL_PAGE_CACHE_SECONDS", 0))
    if ttl > 0:
        app.extensions["portal_page_cache"] = PageCache[str](ttl)
