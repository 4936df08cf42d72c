"""What travels with a ticket: where the visitor came from and what they tried.

The portal remembers, in the visitor's own session cookie, the last pages they viewed
and their recent searches. Other features add their own items (the tutorial step a
visitor was on, articles voted unhelpful) with core.registry.register_context_provider().
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.core.registry import (
    ContextItem,
    context_items,
    context_label,
    register_search_listener,
)
from portal.escalation.readable import browser_name, describe_path, page_values, quoted
from portal.extensions import htmx
from portal.tickets.models import CATEGORY_TOPICS, TOPICS

PAGES_KEY = "recent_pages"
SEARCHES_KEY = "recent_searches"
MAX_PAGES = 10
MAX_SEARCHES = 10
# Characters of history kept in the session cookie: browsers drop cookies over 4 KB (and
# with it the log-in), so the oldest entries go first. Logging in or out clears it.
MAX_HISTORY_CHARS = 1500
MAX_PAGE_CHARS = 300
MAX_BROWSER = 300
SEARCH_PATH = "/search"
# Pages that say nothing about what the visitor tried, or hold secrets in their URL.
SKIP_ENDPOINTS = {"static", "core.healthz", "escalation.contact"}
SKIP_PREFIXES = ("/agent", "/healthz", "/static", "/chat")

# Labels in the reader's language; an item from an unknown provider keeps its stored label.
LABELS = {
    "from": _l("The page you came from"),
    "pages": _l("Pages you viewed recently"),
    "searches": _l("Your recent searches"),
    "language": _l("Language"),
    "browser": _l("Browser"),
}
NOTES = {"no_results": _l("no results")}


def _page_worth_remembering(response: Response) -> bool:
    if request.method != "GET" or htmx or response.status_code != 200:
        return False
    if response.mimetype != "text/html" or request.endpoint in SKIP_ENDPOINTS:
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    # A token in the URL (a reset or a signed ticket link) must never be shared.
    return not (request.view_args and "token" in request.view_args) and "token" not in request.args


def remember_search(query: str, result_count: int | None) -> None:
    """Note a search in the session; a repeat of the latest one updates its count."""
    query = query.strip()[:200]
    if not query:
        return
    searches = list(session.get(SEARCHES_KEY, []))
    if searches and searches[-1][0] == query:
        if result_count is not None:
            searches[-1] = [query, result_count]
        else:
            return
    else:
        searches.append([query, result_count])
    session[SEARCHES_KEY] = _within_budget(searches[-MAX_SEARCHES:], _chars(PAGES_KEY))


def _chars(key: str) -> int:
    return sum(len(str(entry)) for entry in session.get(key, []))


def _within_budget(entries: list, used_elsewhere: int) -> list:
    """The newest entries that fit in what MAX_HISTORY_CHARS leaves."""
    kept, room = [], MAX_HISTORY_CHARS - used_elsewhere
    for entry in reversed(entries):
        room -= len(str(entry))
        if room < 0:
            break
        kept.append(entry)
    return kept[::-1]


def track_request(response: Response) -> Response:
    """after_request: remember HTML pages viewed and searches made, newest last."""
    if request.method == "GET" and request.path == SEARCH_PATH and not htmx:
        remember_search(request.args.get("q", ""), None)
    if _page_worth_remembering(response):
        page = request.full_path.rstrip("?")[:MAX_PAGE_CHARS]
        pages = list(session.get(PAGES_KEY, []))
        if not pages or pages[-1] != page:
            pages.append(page)
            session[PAGES_KEY] = _within_budget(pages[-MAX_PAGES:], _chars(SEARCHES_KEY))
    return response


def gather_context(came_from: str) -> list[ContextItem]:
    """Everything the portal would share about this visitor, in display order, in words.

    Each value reads as words ("text"); where words stand for something technical (a path,
    the user-agent string) that stays beside them as "raw", for staff only.
    """
    items = []
    pages = [page for page in reversed(session.get(PAGES_KEY, [])) if page != came_from]
    named = page_values([came_from, *pages] if came_from else pages)
    if came_from:
        items.append(ContextItem("from", str(LABELS["from"]), [named[came_from]]))
    if pages:
        items.append(ContextItem("pages", str(LABELS["pages"]), [named[p] for p in pages]))
    searches = session.get(SEARCHES_KEY, [])
    if searches:
        values = [
            {"text": quoted(query), "note": "no_results" if count == 0 else None}
            for query, count in reversed(searches)
        ]
        items.append(ContextItem("searches", str(LABELS["searches"]), values))
    items.extend(context_items())
    locale = str(get_locale() or "en")
    language = current_app.config["PORTAL_LANGUAGES"].get(locale, locale)
    items.append(
        ContextItem("language", str(LABELS["language"]), [{"text": language, "note": None}])
    )
    browser = request.headers.get("User-Agent", "")[:MAX_BROWSER]
    if browser:
        value = {"text": browser_name(browser), "note": None, "raw": browser}
        items.append(ContextItem("browser", str(LABELS["browser"]), [value]))
    return items


def topic_for(came_from: str, asked: str | None = None) -> str | None:
    """The topic a link asked for, else the one of the category the visitor came from.

    None leaves the choice to the visitor: a guess filed under a default is worse than a
    question.
    """
    if asked in TOPICS:
        return asked
    described = describe_path(came_from) if came_from else None
    category = (described or {}).get("category")
    return CATEGORY_TOPICS.get(category) if category else None


def choose(items: list[ContextItem], keep: list[str]) -> list[dict]:
    """The items the visitor left ticked, ready to store with the ticket."""
    wanted = set(keep)
    return [item.as_dict() for item in items if item.key in wanted]


def label_for(item: dict) -> str:
    """An item's label in the reader's language."""
    label = LABELS.get(item.get("key", "")) or context_label(item.get("key", ""))
    return str(label) if label else item.get("label", "")


def note_for(note: str | None) -> str:
    """A value's note ("no results") in the reader's language."""
    return str(NOTES[note]) if note in NOTES else (note or "")


def init_app(app: Flask) -> None:
    """Start remembering pages and searches for every visitor."""
    app.after_request(track_request)
    register_search_listener(app, remember_search)
    app.jinja_env.filters["context_label"] = label_for
    app.jinja_env.filters["context_note"] = note_for
