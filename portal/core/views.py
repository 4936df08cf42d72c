"""Home, language choice, health check, and the brand's stylesheet and logo."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from flask_login import current_user

from portal.brand import LOGO_MIMETYPES, brand_of
from portal.core import health, registry
from portal.core.language import remember_language, set_user_locale
from portal.core.pagecache import cached_for_visitors
from portal.core.redirects import safe_next
from portal.extensions import csrf

bp = Blueprint("core", __name__)

ONE_YEAR = 365 * 24 * 3600
# Asked for without the current ?v= (an old page, a bookmark): kept a short while only.
UNVERSIONED_MAX_AGE = 300
# An SVG opened on its own runs nothing and loads nothing.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@bp.get("/")
@cached_for_visitors
def home():
    """The front page: search, and the ways into the help centre."""
    return render_template("core/home.html", sections=registry.home_sections())


@bp.post("/language")
@csrf.exempt
def language():
    """Remember the chosen language in a cookie, and in the account when logged in.

    For a visitor this only sets a display preference, so it needs no CSRF token (and
    visitors' pages stay free of per-visitor secrets); a logged-in change is checked.
    """
    if current_user.is_authenticated and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    lang = request.form.get("lang", "")
    target = safe_next(request.form.get("next"))
    response = make_response(redirect(target, code=303))
    if lang in current_app.config["PORTAL_LANGUAGES"]:
        remember_language(response, lang)
        if current_user.is_authenticated:
            set_user_locale(current_user, lang)
    return response


@bp.get("/healthz")
def healthz():
    """JSON status with a check of each dependency; 503 when one fails."""
    checks = health.run_checks()
    ok = all(result == "ok" for result in checks.values())
    return jsonify(status="ok" if ok else "error", **checks, **health.flags()), (200 if ok else 503)


@bp.get("/sitemap.xml")
def sitemap():
    """Every public page for search engines."""
    response = make_response(
        render_template("core/sitemap.xml", entries=registry.sitemap_entries())
    )
    response.mimetype = "application/xml"
    return response


@bp.get("/robots.txt")
def robots():
    """Keep crawlers off the log-in forms and the search results; point them at the sitemap."""
    response = make_response(render_template("core/robots.txt"))
    response.mimetype = "text/plain"
    return response


def _kept_by_caches(response: Response, versioned: bool) -> Response:
    """Public caching: a year for the address with the current version, minutes otherwise."""
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR if versioned else UNVERSIONED_MAX_AGE
    if versioned:
        response.cache_control.immutable = True
    return response


@bp.get("/brand.css")
def brand_stylesheet():
    """The brand's colours as CSS custom properties, over portal.css's own."""
    brand = brand_of(current_app)
    response = make_response(brand.stylesheet)
    response.mimetype = "text/css"
    response.add_etag()
    versioned = request.args.get("v") == brand.stylesheet_version
    return _kept_by_caches(response, versioned).make_conditional(request)


@bp.get("/logo.<any(svg,png):kind>")
def brand_logo(kind: str):
    """The logo file named by PORTAL_LOGO, at an address that stays the same."""
    brand = brand_of(current_app)
    found = brand.logo_data() if brand.logo_type == kind else None
    if found is None:
        abort(404)
    data, version = found
    response = make_response(data)
    response.mimetype = LOGO_MIMETYPES[kind]
    response.set_etag(version)
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    versioned = request.args.get("v") == version
    return _kept_by_caches(response, versioned).make_conditional(request)
