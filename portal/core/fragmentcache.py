"""Parts of pages that every reader sees alike, rendered once and kept for logged-in readers too.

The visitors' page cache (pagecache.py) keeps whole pages, which a logged-in reader never gets:
their header names them and their forms carry their CSRF token. Most of such a page is still
the same for everyone (an article's body, its trail and related articles), so a view asks for
that part with `shared_fragment(name, key, build)` and renders only the personal rest afresh.

Nothing personal may land in a shared fragment, so `render_shared` renders a template with the
context it is given and nothing else: `current_user`, `request`, `session` and `g` are not
there (a template reaching for them fails), and asking for a CSRF token or the flashed
messages raises; a fragment with forms may ask for a CSRF slot instead, which each reader's
own token fills when it is served. The key holds the host (fragments may hold absolute
links), the language and the time zone dates are shown in.

Fragments live as long as the page cache's pages (PORTAL_PAGE_CACHE_SECONDS; 0 turns both
off) and go with them: every commit that changed content clears this worker's store, and with
REDIS_URL the shared generation number that the page cache bumps makes every worker of every
server render afresh on its next request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_babel import get_locale, get_timezone
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from portal.core.pagecache import PageCache, current_generation

T = TypeVar("T")


class PersonalDataInSharedFragment(RuntimeError):
    """A shared fragment's template asked for something that belongs to one reader."""


class _Refused:
    """Stands in for something personal: using it in any way raises."""

    def __init__(self, what: str):
        self._what = what

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise PersonalDataInSharedFragment(f"a shared fragment may not use {self._what}")

    __call__ = __getitem__ = __iter__ = __bool__ = __str__ = __html__ = _refuse

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        self._refuse()


# What reaches a template besides its own context: the reader-free values, and in place of
# everything personal (Flask's and the extensions' globals included) something that raises.
_PERSONAL = ("current_user", "request", "session", "g", "csrf_token", "get_flashed_messages")


def _shared_globals() -> dict[str, Any]:
    return {
        "portal_name": current_app.config["PORTAL_NAME"],
        "languages": current_app.config["PORTAL_LANGUAGES"],
        "current_locale": str(get_locale() or "en"),
        **{name: _Refused(name) for name in _PERSONAL},
    }


# What `csrf_token()` gives a fragment rendered with a slot for it: random per process (the
# fragments live in this process only), so no text a reader wrote can forge it.
_CSRF_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


def render_shared(template_name: str, csrf_slot: bool = False, **context: Any) -> Markup:
    """Render a template with only the given context and the reader-free globals.

    With csrf_slot, `csrf_token()` writes a placeholder that `fill_csrf_slots` replaces with
    the reader's own token when the fragment is served.
    """
    template = current_app.jinja_env.get_template(template_name)
    shared = _shared_globals()
    if csrf_slot:
        shared["csrf_token"] = lambda: _CSRF_SLOT
    # The output of an autoescaping template, as render_template's is.
    return Markup(template.render({**shared, **context}))  # noqa: S704


def fill_csrf_slots(fragment: Markup) -> Markup:
    """The fragment with this reader's CSRF token in each slot."""
    return Markup(fragment.replace(_CSRF_SLOT, generate_csrf()))  # noqa: S704


def shared_fragment(name: str, key: tuple, build: Callable[[], T]) -> T:
    """The stored value for (name, key) in this language, built (and stored) when missing.

    `build` must return the same thing for every reader: data read for everyone and HTML from
    render_shared. A value built while the generation cannot be read is not stored.
    """
    cache: PageCache[Any] | None = current_app.extensions.get("portal_fragment_cache")
    if cache is None:
        return build()
    try:
        generation = current_generation()
    except Exception:
        current_app.logger.warning("fragment cache generation unreadable; rendering")
        return build()
    # Dates are formatted in the reader's time zone: part of the key, should it ever vary.
    full_key = (name, request.host, str(get_locale() or "en"), str(get_timezone()), *key)
    found = cache.get(full_key, generation)
    if found is not None:
        return found
    value = build()
    cache.put(full_key, value, generation)
    return value


def init_app(app: Flask) -> None:
    """Create the store unless PORTAL_PAGE_CACHE_SECONDS is 0."""
    ttl = float(app.config.get("PORTAL_PAGE_CACHE_SECONDS", 0))
    if ttl > 0:
        app.extensions["portal_fragment_cache"] = PageCache[Any](ttl, max_entries=2000)
