"""The search page, search-as-you-type, result clicks and the editors' search insights."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.auth.roles import role_required
from portal.core.fragments import render_fragment_or_page
from portal.core.redirects import safe_next
from portal.core.registry import no_results_offers, search_made
from portal.core.security import within_limit
from portal.search import services
from portal.search.documents import KINDS, SearchQuery

bp = Blueprint("search", __name__, url_prefix="/search")
admin_bp = Blueprint("search_admin", __name__, url_prefix="/editor")

PERIODS = (7, 30, 90, 365)
MAX_PAGE = 100
_SLUG = re.compile(r"^[a-z0-9-]{1,120}\Z")


def _locale() -> str:
    return str(get_locale() or "en")


def visitor_key() -> str:
    """A random id for this browser session: counts searchers without knowing who they are."""
    if "search_visitor" not in session:
        session["search_visitor"] = secrets.token_hex(8)
    return session["search_visitor"]


def _int(name: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(request.args.get(name, default)), low), high)
    except (TypeError, ValueError):
        return default


def query_from_args() -> SearchQuery:
    """The visitor's search from the query string, every part checked."""
    kind = request.args.get("type", "")
    category = request.args.get("category", "")
    lang = request.args.get("lang", "")
    return SearchQuery(
        text=services.normalise(request.args.get("q")),
        kind=kind if kind in KINDS else "",
        category=category if _SLUG.match(category) else "",
        language=lang if lang in current_app.config["PORTAL_LANGUAGES"] else "",
        page=_int("page", 1, 1, MAX_PAGE),
        locale=_locale(),
        audiences=services.audiences_for(current_user),
    )


def _may_log() -> bool:
    """Searches are logged for insights while one address does not flood them."""
    limits = current_app.config["PORTAL_SEARCH_LOG_LIMIT"]
    return within_limit("search-log", limits, get_remote_address())


@bp.get("")
def results():
    """Results with highlights, facets and pages; help when nothing is found."""
    query = query_from_args()
    outcome = services.search(query)
    search_id = _int("sid", 0, 0, 2**31 - 1) or None
    if query.text and query.page == 1 and not outcome.unavailable and _may_log():
        search_id = services.log_search(
            query.text, outcome.results.total, query.locale, visitor_key()
        ).id
        # "Talk to a human" then tells the team which searches found nothing.
        search_made(query.text, outcome.results.total)
    popular = [] if outcome.results.total else no_results_offers(query.locale)
    return render_fragment_or_page(
        "search/_results.html",
        "search/results.html",
        query=query,
        outcome=outcome,
        popular=popular,
        search_id=search_id,
    )


@bp.get("/suggest")
def suggest():
    """The search-as-you-type list: an HTML fragment."""
    text = services.normalise(request.args.get("q"))
    suggestions = services.suggest(text, _locale(), current_user)
    return render_template("search/_suggest.html", suggestions=suggestions, q=text)


@bp.get("/answers")
def answers():
    """Answers that may already exist for a question being typed (a fragment for htmx)."""
    text = request.args.get("q") or request.args.get("title") or ""
    found = services.answers_for(text, _locale(), current_user)
    return render_fragment_or_page(
        "search/_answers.html", answers=found, q=services.normalise(text)
    )


@bp.get("/go")
def go():
    """Open a result, noting the click; only local addresses are followed."""
    target = safe_next(request.args.get("to"), default=url_for("search.results"))
    services.record_click(
        _int("s", 0, 0, 2**31 - 1), session.get("search_visitor", ""), target, _int("p", 0, 0, 999)
    )
    return redirect(target, code=303)


@admin_bp.get("/search-insights")
@role_required("editor")
def insights():
    """What visitors search for and do not find."""
    days = _int("days", 30, 1, 365)
    if days not in PERIODS:
        days = 30
    return render_template(
        "search/insights.html", days=days, periods=PERIODS, stats=services.insights(days)
    )
