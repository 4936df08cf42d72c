"""Values every template may use: navigation, languages, the way to a human."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# Main navigation; an entry shows once its feature's endpoint exists.
NAVIGATION = [
    ("kb.home", _l("Knowledge base")),
    ("tutorials.index", _l("Tutorials")),
    ("forum.index", _l("Community")),
]


def navigation() -> list[dict]:
    """The navigation entries whose pages exist, with the current one marked."""
    items = []
    for endpoint, label in NAVIGATION:
        if endpoint not in current_app.view_functions:
            continue
        url = url_for(endpoint)
        items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return items


def talk_to_human_url() -> str:
    """The contact page, carrying the page the visitor is on."""
    # A token in the address (a reset link, a signed ticket link) must not travel along.
    secret_path = bool(request.view_args and "token" in request.view_args)
    if request.endpoint in (None, "escalation.contact") or request.method != "GET" or secret_path:
        return url_for("escalation.contact")
    if "token" in request.args:
        return url_for("escalation.contact", **{"from": request.path})
    return url_for("escalation.contact", **{"from": request.full_path.rstrip("?")})


def template_globals() -> dict:
    """Context shared by every page."""
    return {
        "portal_name": current_app.config["PORTAL_NAME"],
        "languages": current_app.config["PORTAL_LANGUAGES"],
        "current_locale": str(get_locale() or "en"),
        "navigation": navigation,
        "talk_to_human_url": talk_to_human_url,
        "has_endpoint": lambda name: name in current_app.view_functions,
    }


def init_app(app: Flask) -> None:
    """Make the shared values available in templates."""
    app.context_processor(template_globals)
