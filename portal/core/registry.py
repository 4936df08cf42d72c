"""Places where features plug into shared pages and into each other.

Each feature's init_app registers its hooks here, so a reader of create_app finds every
one by opening the features' init_app, and no feature imports another to plug into it:
the home page, the sitemap, what /contact shows (context items, pages named in words and
suggested answers), who hears of a search, what a search that found nothing offers instead,
what the 404 page suggests, a member's other conversations on /tickets and in the agents'
customer panel, what a deleted account leaves behind, and the staff tools in the header.
Search sources, demo steps, content kinds and helpful-vote page kinds are registered the
same way through their own packages (search.sources, demo, content, feedback.pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app

HomeSection = Callable[[], dict[str, Any] | None]  # returns {"template": ..., **context} or None
SitemapSource = Callable[[], Iterable[tuple[str, datetime | None]]]  # (path, last modified)
# Takes what the visitor typed and returns answers [{"title", "url", "kind"}], best first.
SuggestionProvider = Callable[[str], list[dict[str, Any]]]
SearchListener = Callable[[str, int], None]  # (query, how many results it found)
# Takes the reader's language and returns articles to offer when a search finds nothing.
NoResultsSource = Callable[[str], list[Any]]
# Takes a member and returns template values for /tickets, e.g. {"past_chats": [...]}.
HistorySource = Callable[[Any], dict[str, Any]]
# Takes pages of one kind, each as its URL arguments and query string, and says what each is
# in words, in the same order: {"title": "Orange light on a node", "category": "troubleshooting"}
# (category optional), or None. One call names them all: a query per kind, not per page.
PageDescriber = Callable[[list[tuple[dict[str, Any], Any]]], list[dict[str, Any] | None]]
# Takes a customer's account id and returns template values for the agents' customer panel
# beside a ticket, e.g. {"customer_chats": [...]}.
CustomerPanelSource = Callable[[int], dict[str, Any]]
# Takes a member who is deleting the account and removes or scrubs what the feature keeps
# about them, in the open transaction (the caller commits once for all).
AccountEraser = Callable[[Any], None]
# Returns a short note beside a staff tool's link ("3 waiting"), or None.
StaffBadge = Callable[[], str | None]


@dataclass(frozen=True)
class StaffTool:
    """A staff page the header links to, for the roles that may open it (admins always)."""

    order: int
    endpoint: str
    label: Any  # a lazy string, so each reader sees it in their language
    roles: tuple[str, ...]
    badge: StaffBadge | None = None


@dataclass
class ContextItem:
    """One thing shared with the team when a ticket is opened: a key, a label, values."""

    key: str
    label: str
    values: list[dict[str, Any]] = field(
        default_factory=list
    )  # each {"text": str, "note": str | None}

    def as_dict(self) -> dict[str, Any]:
        """The item as stored with the ticket."""
        return asdict(self)


ContextProvider = Callable[[], list[ContextItem]]


def register_home_section(app: Flask, order: int, section: HomeSection) -> None:
    """Show a feature's section on the home page, sorted by order."""
    app.extensions.setdefault("portal_home_sections", []).append((order, section))


def register_sitemap_source(app: Flask, source: SitemapSource) -> None:
    """Add a feature's public URLs to /sitemap.xml."""
    app.extensions.setdefault("portal_sitemap_sources", []).append(source)


def register_context_provider(app: Flask, provider: ContextProvider) -> None:
    """Let a feature add context items; provider() runs in the request of /contact."""
    app.extensions.setdefault("portal_context_providers", []).append(provider)


def register_context_label(app: Flask, key: str, label: Any) -> None:
    """Name a feature's context items (a lazy string), so each reader sees it in their language."""
    app.extensions.setdefault("portal_context_labels", {})[key] = label


def register_page_describer(app: Flask, endpoint: str, describer: PageDescriber) -> None:
    """Let a feature name its pages (an article's title, not its path) for a ticket's context.

    Endpoints registered with the same describer have their pages named in one call.
    """
    app.extensions.setdefault("portal_page_describers", {})[endpoint] = describer


def page_describer(endpoint: str) -> PageDescriber | None:
    """The describer a feature registered for that endpoint, or None."""
    describers: dict[str, PageDescriber] = current_app.extensions.get("portal_page_describers", {})
    return describers.get(endpoint)


def register_suggestion_provider(app: Flask, provider: SuggestionProvider) -> None:
    """Let a feature (search) offer answers on /contact while the visitor types."""
    app.extensions.setdefault("portal_suggestion_providers", []).append(provider)


def register_missing_page_suggester(app: Flask, provider: SuggestionProvider) -> None:
    """Let a feature (search) offer pages for the words of an address that was not found."""
    app.extensions.setdefault("portal_missing_page_suggesters", []).append(provider)


def missing_page_suggestions(words: str) -> list[dict[str, Any]]:
    """What the registered suggesters offer for a missing page's words, best first."""
    found: list[dict[str, Any]] = []
    for provider in current_app.extensions.get("portal_missing_page_suggesters", []):
        found.extend(provider(words))
    return found


def register_search_listener(app: Flask, listener: SearchListener) -> None:
    """Let a feature (escalation) hear of each search made on /search, with its result count."""
    app.extensions.setdefault("portal_search_listeners", []).append(listener)


def search_made(query: str, result_count: int) -> None:
    """Tell the listeners that a search was made (search calls this from its page)."""
    for listener in current_app.extensions.get("portal_search_listeners", []):
        listener(query, result_count)


def register_no_results_source(app: Flask, source: NoResultsSource) -> None:
    """Let a feature (kb) offer reading on /search when a search finds nothing."""
    app.extensions.setdefault("portal_no_results_sources", []).append(source)


def no_results_offers(locale: str) -> list[Any]:
    """What the registered sources offer a reader whose search found nothing."""
    offers: list[Any] = []
    for source in current_app.extensions.get("portal_no_results_sources", []):
        offers.extend(source(locale))
    return offers


def register_staff_tool(
    app: Flask,
    order: int,
    endpoint: str,
    label: Any,
    roles: tuple[str, ...],
    badge: StaffBadge | None = None,
) -> None:
    """Let a feature put one of its staff pages into the header, for the roles given."""
    tools = app.extensions.setdefault("portal_staff_tools", [])
    tools.append(StaffTool(order, endpoint, label, roles, badge))
    tools.sort(key=lambda tool: tool.order)


def staff_tools_for(user: Any) -> list[StaffTool]:
    """The staff tools this user may open, in order; none for customers and visitors."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        tool
        for tool in current_app.extensions.get("portal_staff_tools", [])
        if user.has_role(*tool.roles)
    ]


def register_history_source(app: Flask, source: HistorySource) -> None:
    """Let a feature (chat) show a member's other conversations beside their tickets."""
    app.extensions.setdefault("portal_history_sources", []).append(source)


def history_for(user: Any) -> dict[str, Any]:
    """What every registered source adds to a member's /tickets page."""
    values: dict[str, Any] = {}
    for source in current_app.extensions.get("portal_history_sources", []):
        values.update(source(user))
    return values


def register_customer_panel_source(app: Flask, source: CustomerPanelSource) -> None:
    """Let a feature (chat) show a customer's conversations in the panel beside a ticket."""
    app.extensions.setdefault("portal_customer_panel_sources", []).append(source)


def customer_panel_for(user_id: int) -> dict[str, Any]:
    """What every registered source adds to the agents' panel about one customer."""
    values: dict[str, Any] = {}
    for source in current_app.extensions.get("portal_customer_panel_sources", []):
        values.update(source(user_id))
    return values


def register_account_eraser(app: Flask, eraser: AccountEraser) -> None:
    """Let a feature take part when a member deletes the account (auth.delete_account)."""
    app.extensions.setdefault("portal_account_erasers", []).append(eraser)


def account_erasers() -> list[AccountEraser]:
    """Every registered account eraser, in registration order."""
    return list(current_app.extensions.get("portal_account_erasers", []))


def home_sections() -> list[dict[str, Any]]:
    """The sections every feature contributes to the home page, in order."""
    sections = sorted(current_app.extensions.get("portal_home_sections", []), key=lambda s: s[0])
    return [found for _order, section in sections if (found := section())]


def sitemap_entries() -> list[tuple[str, datetime | None]]:
    """Every public URL path with its last modification time."""
    entries = []
    for source in current_app.extensions.get("portal_sitemap_sources", []):
        entries.extend(source())
    return entries


def context_items() -> list[ContextItem]:
    """The items every feature adds to a ticket's context, in registration order."""
    items = []
    for provider in current_app.extensions.get("portal_context_providers", []):
        items.extend(provider())
    return items


def context_label(key: str) -> Any:
    """The label a feature registered for its context items' key, or None."""
    return current_app.extensions.get("portal_context_labels", {}).get(key)


def suggestion_providers() -> list[SuggestionProvider]:
    """The registered answer finders for /contact."""
    return list(current_app.extensions.get("portal_suggestion_providers", []))


def register_login_kept_key(app: Flask, key: str) -> None:
    """Keep a session key across log-in, which otherwise starts a fresh session."""
    app.extensions.setdefault("portal_login_kept_keys", set()).add(key)


def login_kept_keys() -> set[str]:
    """The session keys a log-in carries into its new session."""
    # Flashed messages are shown on the page log-in leads to.
    return {"_flashes", *current_app.extensions.get("portal_login_kept_keys", set())}
