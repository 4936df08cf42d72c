"""Values every template may use: navigation, languages, the way to a human."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.brand import brand_of
from portal.core.icons import card_icon, icon
from portal.core.registry import staff_tools_for

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


def staff_navigation() -> dict:
    """The header's staff tools for this user, the current one marked, with their badges.

    Computed here, before the template runs; fragments (htmx) carry no header, so they
    get no badges and cost no queries.
    """
    tools = staff_tools_for(current_user) if has_request_context() else []
    if not tools:
        return {"staff_tools": []}
    fragment = request.headers.get("HX-Request") == "true"
    items = [
        {
            "url": url_for(tool.endpoint),
            "label": tool.label,
            "badge": None if fragment or tool.badge is None else tool.badge(),
        }
        for tool in tools
        if tool.endpoint in current_app.view_functions
    ]
    # The longest matching address is the current tool: /editor/search-insights, not /editor/.
    here = [item for item in items if request.path.startswith(item["url"])]
    current = max(here, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return {"staff_tools": items}


def talk_to_human_url() -> str:
    """The contact page, carrying the page the visitor is on."""
    # A token in the address (a reset link, a signed ticket link) must not travel along.
    secret_path = bool(request.view_args and "token" in request.view_args)
    if request.endpoint in (None, "escalation.contact") or request.method != "GET" or secret_path:
        return url_for("escalation.contact")
    if "token" in request.args:
        return url_for("escalation.contact", **{"from": request.path})
    return url_for("escalation.contact", **{"from": request.full_path.rstrip("?")})


class BrandLinks:
    """The brand as pages show it. Addresses are built only when a page asks for them:
    mail rendered outside a request shares these globals and has no host to build them on."""

    @property
    def stylesheet_url(self) -> str:
        """/brand.css with the version of its colours."""
        return url_for("core.brand_stylesheet", v=brand_of(current_app).stylesheet_version)

    @property
    def logo_url(self) -> str:
        """The logo's address, or "" without a logo."""
        brand = brand_of(current_app)
        if not brand.logo:
            return ""
        if brand.logo_file is None:
            return url_for("static", filename=brand.logo.removeprefix("/static/"))
        return url_for("core.brand_logo", kind=brand.logo_type, v=brand.logo_version())

    @property
    def support_email(self) -> str:
        """Where customers write to: the email channel of /contact."""
        return brand_of(current_app).support_email


def template_globals() -> dict:
    """Context shared by every page."""
    return {
        "portal_name": current_app.config["PORTAL_NAME"],
        "brand": BrandLinks(),
        "languages": current_app.config["PORTAL_LANGUAGES"],
        "current_locale": str(get_locale() or "en"),
        "navigation": navigation,
        "talk_to_human_url": talk_to_human_url,
        "has_endpoint": lambda name: name in current_app.view_functions,
    }


def init_app(app: Flask) -> None:
    """Make the shared values available in templates."""
    app.context_processor(template_globals)
    # Icons depend on no reader: globals of the environment reach shared fragments too.
    app.jinja_env.globals.update(icon=icon, card_icon=card_icon)
    app.context_processor(staff_navigation)
