"""Response headers that protect every page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request, session
from limits import parse_many

from portal.extensions import limiter

# No inline script and no eval: htmx is configured (see base.html) to need neither.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


# Files the same for everyone, which caches may keep even when the reader is logged in.
SHARED_FILES = ("static", "core.brand_stylesheet", "core.brand_logo")


def add_security_headers(response: Response) -> Response:
    """Set CSP and the other protective headers unless a view chose its own."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    hsts = current_app.config["PORTAL_HSTS_SECONDS"]
    if request.is_secure and hsts:
        headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    if request.endpoint not in SHARED_FILES and "_user_id" in session:
        # A page made for one person is kept by no shared cache, nor the browser's disk.
        headers["Cache-Control"] = "private, no-store"
    return response


def from_this_site() -> bool:
    """Whether a request came from one of this site's own pages (Fetch metadata, then Origin).

    Visitors' small actions (a helpful vote) carry no CSRF token so their pages can be shared;
    this check stops other sites from posting them in a visitor's name.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if origin:
        return urlsplit(origin).netloc == request.host
    return True


def init_app(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(add_security_headers)
    storage = app.config.get("RATELIMIT_STORAGE_URI", "")
    if storage.startswith("memory://") and not (app.debug or app.testing):
        app.logger.warning(
            "rate limits are counted per worker process (memory://); with several workers "
            "set REDIS_URL or RATELIMIT_STORAGE_URI=redis://... so they count together"
        )


def within_limit(name: str, limits: str, key: str) -> bool:
    """Count one event against a rate limit such as "60 per minute"; False once over it.

    For things worth recording only while they are not a flood (logged searches), where
    refusing the request itself would be wrong. Uses the limiter's storage (Redis when
    RATELIMIT_STORAGE_URI says so), so every worker counts together.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    try:
        return all(limiter.limiter.hit(item, name, key) for item in parse_many(limits))
    except Exception:
        current_app.logger.warning("rate limit storage unavailable for %s", name, exc_info=True)
        return True
