"""Keep raw input (query bytes, NUL, huge numbers) from breaking requests.

A WSGI server hands the query string over as it came, decoded as Latin-1. Werkzeug
decodes it as strict UTF-8 when a view reads `request.args`, so one stray byte such as
0xFF raised an error (a 500). Percent-encoding the bytes that are not ASCII means the
same to a browser and lets Werkzeug keep them as text it can show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property


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


# The largest id or page number a request may name: PostgreSQL's integer. Anything larger
# is no row of ours and would overflow the database's integers (an error, not a 404).
MAX_INT = 2**31 - 1
# Text no form needs: NUL (PostgreSQL refuses it in text), and the Unicode line and
# paragraph separators, which are line breaks to people and forbidden in mail headers.
_UNWANTED = {0: None, 0x2028: "\n", 0x2029: "\n"}


def clean_text(value: str) -> str:
    """A submitted value without NUL bytes, its Unicode line separators as plain newlines."""
    return value.translate(_UNWANTED)


class CleanArgs(ImmutableMultiDict):
    """Query or form values, cleaned; `get(..., type=int)` refuses numbers out of range."""

    def get(self, key, default=None, type=None):
        """The value as werkzeug gives it; an int outside the database's range is default."""
        value = super().get(key, default, type)
        if type is int and value is not default and isinstance(value, int):
            return value if -MAX_INT <= value <= MAX_INT else default
        return value


def _cleaned(values: MultiDict) -> CleanArgs:
    return CleanArgs(
        (clean_text(key), clean_text(value) if isinstance(value, str) else value)
        for key, value in values.items(multi=True)
    )


class CleanRequest(Request):
    """The request every view sees: forms and query strings cleaned in this one place."""

    @cached_property
    def args(self) -> CleanArgs:
        """The query string, cleaned."""
        return _cleaned(Request.args.fget(self))

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in URLs, up to MAX_INT: a larger number is a 404, as any unknown id."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_INT)
        super().__init__(url_map, *args, **kwargs)


def refuse_nul_in_path() -> None:
    """No page has a NUL byte in its address."""
    if "\x00" in request.path:
        abort(404)


def init_app(app: Flask) -> None:
    """Clean raw query bytes, every form and query value, and bound ids in URLs."""
    app.wsgi_app = QuoteRawQuery(app.wsgi_app)
    app.request_class = CleanRequest
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_nul_in_path)
