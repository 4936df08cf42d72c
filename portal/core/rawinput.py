"""Keep raw bytes a careless client sends in the query string from breaking requests.

A WSGI server hands the query string over as it came, decoded as Latin-1. Werkzeug
decodes it as strict UTF-8 when a view reads `request.args`, so one stray byte such as
0xFF raised an error (a 500). Percent-encoding the bytes that are not ASCII means the
same to a browser and lets Werkzeug keep them as text it can show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask


def quote_raw_bytes(query: str) -> str:
    """The query string with every non-ASCII byte percent-encoded; ASCII is left alone."""
    if query.isascii():
        return query
    raw = query.encode("latin-1", errors="replace")
    return "".join(chr(byte) if byte < 0x80 else f"%{byte:02X}" for byte in raw)


class QuoteRawQuery:
    """WSGI middleware: apply quote_raw_bytes to QUERY_STRING before Flask sees it."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        environ["QUERY_STRING"] = quote_raw_bytes(environ.get("QUERY_STRING", ""))
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    app.wsgi_app = QuoteRawQuery(app.wsgi_app)
