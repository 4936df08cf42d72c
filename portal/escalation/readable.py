"""Context in words: a page as its title, a search in quotes, a browser as "Chrome on Linux".

Staff still get the raw detail (the path, the user-agent string) behind a disclosure; the
customer reads only the words.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal.core.registry import page_describer

SEARCH_ENDPOINT = "search.results"
# Pages that need no lookup to be named.
PAGE_NAMES = {
    "core.home": _l("Home page"),
    "kb.home": _l("Knowledge base"),
    "tutorials.index": _l("Tutorials"),
    "forum.index": _l("Community forum"),
    "tickets.index": _l("My tickets"),
    "feedback.index": _l("Feedback"),
    "auth.login": _l("Log in"),
    "auth.register": _l("Create an account"),
}
# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
# Android says "Linux" too, and iPads may say "Mac OS X".
SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def quoted(query: str) -> str:
    """A search as the visitor typed it, in quotation marks."""
    return f"“{query}”"


def describe_path(path: str) -> dict[str, Any] | None:
    """What a page of the portal is, in words: {"title", "category"}; None when unknown."""
    parts = urlsplit(path)
    try:
        endpoint, view_args = current_app.url_map.bind("localhost").match(parts.path, "GET")
    except (HTTPException, RequestRedirect):
        return None
    args = MultiDict(parse_qsl(parts.query))
    if endpoint == SEARCH_ENDPOINT:
        query = args.get("q", "").strip()
        if not query:
            return None
        title = _("Search for %(query)s", query=quoted(query))
        return {"title": title, "category": args.get("category")}
    if endpoint in PAGE_NAMES:
        return {"title": str(PAGE_NAMES[endpoint])}
    describer = page_describer(endpoint)
    return describer(dict(view_args), args) if describer else None


def page_value(path: str) -> dict[str, Any]:
    """A page as a context value: its title to read, its path as the raw detail."""
    described = describe_path(path)
    return {"text": described["title"] if described else path, "note": None, "raw": path}


def browser_name(user_agent: str) -> str:
    """ "Chrome on Linux" from a user-agent string; the parts it can tell, else "unknown"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("An unknown browser")
