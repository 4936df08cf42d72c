"""Context in words: a page as its title, a search in quotes, a browser as "Chrome on Linux".

Staff still get the raw detail (the path, the user-agent string) behind a disclosure; the
customer reads only the words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from portal.core.registry import PageDescriber, page_describer

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


def describe_paths(paths: Iterable[str]) -> dict[str, dict[str, Any] | None]:
    """What each page of the portal is, in words: {"title", "category"}; None when unknown.

    Pages a feature names are named together, one call of its describer for all of them, so
    ten recent articles cost what one does.
    """
    described: dict[str, dict[str, Any] | None] = {}
    by_describer: dict[PageDescriber, list[tuple[str, dict[str, Any], MultiDict]]] = {}
    urls = current_app.url_map.bind("localhost")
    for path in dict.fromkeys(paths):
        described[path] = None
        parts = urlsplit(path)
        try:
            endpoint, view_args = urls.match(parts.path, "GET")
        except (HTTPException, RequestRedirect):
            continue
        args = MultiDict(parse_qsl(parts.query))
        if endpoint == SEARCH_ENDPOINT:
            described[path] = _describe_search(args)
        elif endpoint in PAGE_NAMES:
            described[path] = {"title": str(PAGE_NAMES[endpoint])}
        elif (describer := page_describer(endpoint)) is not None:
            by_describer.setdefault(describer, []).append((path, dict(view_args), args))
    for describer, pages in by_describer.items():
        found = describer([(view_args, args) for _path, view_args, args in pages])
        for (path, _view_args, _args), description in zip(pages, found, strict=True):
            described[path] = description
    return described


def _describe_search(args: MultiDict) -> dict[str, Any] | None:
    query = args.get("q", "").strip()
    if not query:
        return None
    title = _("Search for %(query)s", query=quoted(query))
    return {"title": title, "category": args.get("category")}


def describe_path(path: str) -> dict[str, Any] | None:
    """What one page of the portal is, in words (describe_paths for several)."""
    return describe_paths([path])[path]


def page_values(paths: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Pages as context values, by path: each one's title to read, its path as the raw detail."""
    return {
        path: {"text": found["title"] if found else path, "note": None, "raw": path}
        for path, found in describe_paths(paths).items()
    }


def browser_name(user_agent: str) -> str:
    """ "Chrome on Linux" from a user-agent string; the parts it can tell, else "unknown"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("An unknown browser")
