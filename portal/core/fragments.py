"""One URL, two answers: the fragment an htmx request swaps in, or the whole page."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request

from portal.extensions import htmx


def wants_fragment() -> bool:
    """True for an htmx request that swaps part of a page (a history restore wants it all)."""
    return bool(htmx) and not request.headers.get("HX-History-Restore-Request")


def render_fragment_or_page(
    fragment: str, page: str | None = None, /, http_status: int = 200, **context: Any
) -> Response:
    """The fragment for htmx, else the page (or the fragment alone when page is None).

    The answer varies with the HX-Request header, so caches keep the two apart.
    """
    template = fragment if page is None or wants_fragment() else page
    response = make_response(render_template(template, **context), http_status)
    response.vary.add("HX-Request")
    return response
