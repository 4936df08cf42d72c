"""The portal's own address: absolute links come from configuration, never from a request.

A Host header is whatever the client typed. Left alone, it decides the links in mail (a
password reset mailed with a link to another site) and the absolute URLs of pages. Here a
WSGI middleware refuses hosts that are not the portal's and, when PORTAL_BASE_URL is set,
makes every request look as if it came to that address, so `url_for(..., _external=True)`
builds links on it (inside a request and, through SERVER_NAME, outside one).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask, abort, request
from werkzeug.sansio.utils import host_is_trusted

log = logging.getLogger(__name__)

# Without PORTAL_BASE_URL only this machine's names are trusted.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
REFUSED = "portal.refused_host"


def split_base_url(raw: str) -> tuple[str, str, str]:
    """(scheme, host[:port], path) of PORTAL_BASE_URL; a clear error when it is not a URL."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise RuntimeError(f"PORTAL_BASE_URL must look like https://help.example.com, not {raw!r}")
    return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/")


def trusted_hosts(base_url: str, extra: str) -> list[str]:
    """The base URL's host, the hosts in PORTAL_TRUSTED_HOSTS, or this machine's names."""
    hosts = [h.strip().lower() for h in extra.split(",") if h.strip()]
    if base_url:
        hosts.insert(0, urlsplit(base_url).hostname or "")
    return hosts or list(LOCAL_HOSTS)


class CanonicalHost:
    """WSGI middleware: refuse foreign hosts, and present every request on the base URL."""

    def __init__(self, wsgi_app: Callable, trusted: list[str], base_url: str) -> None:
        self.wsgi_app = wsgi_app
        self.trusted = trusted
        self.base = split_base_url(base_url) if base_url else None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or ""
        if not self._trusted(host):
            # Keep a readable trace, and let the app answer 400 on a host of its own.
            environ[REFUSED] = host[:80]
            environ["HTTP_HOST"] = self.base[1] if self.base else self.trusted[0]
        if self.base:
            environ["wsgi.url_scheme"], environ["HTTP_HOST"] = self.base[0], self.base[1]
            if self.base[2]:
                environ["SCRIPT_NAME"] = self.base[2]
        return self.wsgi_app(environ, start_response)

    def _trusted(self, host: str) -> bool:
        # Hosts longer than DNS allows are refused before anything tries to encode them.
        if len(host) > 260:
            return False
        try:
            return host_is_trusted(host, self.trusted)
        except (UnicodeError, ValueError):
            return False


def refuse_foreign_host() -> None:
    """Answer 400 to a request whose Host header named another site."""
    refused = request.environ.get(REFUSED)
    if refused is not None:
        log.warning(
            "refused a request for host %r; add it to PORTAL_TRUSTED_HOSTS if it is this portal's",
            refused,
        )
        abort(400)


def init_app(app: Flask) -> None:
    """Wrap the app in the host check and refuse foreign hosts before any view runs."""
    base_url = app.config["PORTAL_BASE_URL"]
    trusted = trusted_hosts(base_url, app.config["PORTAL_TRUSTED_HOSTS"])
    if base_url:
        # Outside a request (commands, the mail sender) links are built from these.
        scheme, netloc, path = split_base_url(base_url)
        app.config.update(SERVER_NAME=netloc, PREFERRED_URL_SCHEME=scheme)
        app.config["APPLICATION_ROOT"] = path or "/"
    elif not app.debug and not app.testing:
        log.warning("PORTAL_BASE_URL is not set: links in mail name the host of the request")
    app.wsgi_app = CanonicalHost(app.wsgi_app, trusted, base_url)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_foreign_host)
