"""Search over articles, tutorials and forum threads, with search-as-you-type and insights."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.health import register_check, register_flag
from portal.core.pagecache import ignore_for_page_cache
from portal.core.registry import (
    register_missing_page_suggester,
    register_staff_tool,
    register_suggestion_provider,
)
from portal.extensions import db
from portal.search import api, backends, cli, embedding, hooks, services
from portal.search.models import SearchClick, SearchLog
from portal.search.views import admin_bp, bp


def check_index() -> None:
    """Raise unless the search index opens and answers (it is rebuilt when missing)."""
    try:
        backends.ready_backend().doc_count()
    except Exception:
        db.session.rollback()  # a rebuild may have failed on the database
        raise


def contact_answers(query: str) -> list[dict]:
    """Answers for the question typed on /contact, before a ticket is opened."""
    return services.answers_for(query, str(get_locale() or "en"), current_user)


def missing_page_answers(words: str) -> list[dict]:
    """Public pages matching the words of an address that was not found, for the 404 page.

    Words alone (no sentence model), five at most: a 404 is often a robot, so it stays cheap.
    """
    locale = str(get_locale() or "en")
    found = api.rank(words, language=locale, mode="lexical", limit=5)
    # The reader's language first, each language in rank order.
    found.sort(key=lambda doc: doc.language != locale)
    return [{"title": doc.title, "url": doc.url, "kind": doc.kind} for doc in found]


def init_app(app: Flask) -> None:
    """Register the search pages, the CLI, the index hooks and the index health check."""
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.cli.add_command(cli.search)
    # Logging a search changes no page a visitor sees.
    ignore_for_page_cache(app, SearchLog, SearchClick)
    hooks.install_hooks(db.session)
    register_check(app, "search", check_index)
    # "ok", "off" or "unavailable": without a model search answers by words alone.
    register_flag(app, "semantic_search", embedding.status)
    register_suggestion_provider(app, contact_answers)
    register_missing_page_suggester(app, missing_page_answers)
    register_staff_tool(app, 20, "search_admin.insights", _l("Search insights"), ("editor",))
