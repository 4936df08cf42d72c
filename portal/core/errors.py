"""Error pages in the normal layout, each keeping the way to a human."""

from __future__ import annotations

import re
from urllib.parse import unquote

from flask import Flask, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.core.registry import missing_page_suggestions
from portal.extensions import db, login_manager

# Form fields never echoed back on an error page.
SECRET_FIELD_WORDS = ("password", "confirm", "token")
MAX_KEPT_FIELDS = 20
# A missing address gives at most this many words to search with, each this long at most.
MAX_MISSING_WORDS = 8
MAX_MISSING_WORD_LENGTH = 30

# Plain-words title and explanation for each error a visitor may meet.
MESSAGES = {
    400: (
        _l("Something in that request was not right"),
        _l("The page could not understand what was sent. Go back and try again."),
    ),
    403: (
        _l("This page is not open to you"),
        _l("Your account does not have access to this page."),
    ),
    404: (
        _l("We couldn't find that page"),
        _l("The address may be mistyped, or the page may have moved. Try searching for it."),
    ),
    405: (
        _l("That action is not available here"),
        _l("This address does not accept that kind of request."),
    ),
    413: (
        _l("That was too large to send"),
        _l("What you sent is bigger than we can accept. Make it shorter or smaller and try again."),
    ),
    429: (
        _l("Too many tries in a short time"),
        _l("Please wait a minute, then try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("It is not your fault. Please try again in a moment."),
    ),
    503: (
        _l("We are briefly unavailable"),
        _l("Part of the help centre is not answering right now. Please try again in a moment."),
    ),
}


def render_error(code: int, detail: str | None = None, kept: list | None = None):
    """Render the error page for an HTTP status code."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    missing = missing_page_help() if code == 404 else {}
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title,
            message=message,
            detail=detail,
            kept=kept or [],
            **missing,
        ),
        code,
    )


def words_of_path(path: str) -> str:
    """The words of a missing address worth searching for: "/kb/reset-pasword-help" gives
    "reset pasword help". Section names of the portal's own URLs and numbers are left out."""
    sections = {rule.rule.split("/")[1].lower() for rule in current_app.url_map.iter_rules()}
    words = []
    for word in re.findall(r"[^\W\d_]+", unquote(path).lower()):
        if word not in sections and 1 < len(word) <= MAX_MISSING_WORD_LENGTH:
            words.append(word)
    return " ".join(words[:MAX_MISSING_WORDS])


def missing_page_help() -> dict:
    """The search box's text and the pages suggested for a missing address.

    Never fails: the 404 page must always be drawn, so a search that fails gives nothing.
    """
    if request.method != "GET" or request.path.startswith(current_app.static_url_path or "/static"):
        return {"missing_words": "", "suggestions": []}
    words = words_of_path(request.path)
    suggestions = []
    if words:
        try:
            suggestions = missing_page_suggestions(words)
        except Exception:
            current_app.logger.warning("no suggestions for a missing page", exc_info=True)
            db.session.rollback()
    return {"missing_words": words, "suggestions": suggestions}


def kept_form_fields() -> list[tuple[str, str]]:
    """What the visitor was sending, minus secrets, so an error page can give it back."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token" and not any(word in name for word in SECRET_FIELD_WORDS)
    ][:MAX_KEPT_FIELDS]


def _forget_user_if_unloadable() -> None:
    """Let the error page render as a visitor when even loading the user needs the database."""
    try:
        current_user._get_current_object()
    except Exception:
        g._login_user = login_manager.anonymous_user()


def handle_http_exception(error: HTTPException):
    """Show a friendly page for any HTTP error, keeping its headers (Retry-After, Allow)."""
    if error.code is None or error.code < 400:
        return error
    db.session.rollback()
    body, code = render_error(error.code)
    response = error.get_response()
    response.set_data(body)
    response.mimetype = "text/html"
    response.status_code = code
    return response


def handle_csrf_error(error: CSRFError):
    """A form whose security token is missing or stale."""
    return render_error(
        400,
        detail=str(
            _l(
                "Your form had expired. Go back, reload the page and send it again; "
                "copy your text first if it is long."
            )
        ),
    )


def handle_unexpected(error: Exception):
    """Roll back the open transaction and show the 500 page."""
    try:
        db.session.rollback()
    except Exception:
        # Failing inside a commit's own hooks leaves a session that cannot roll back;
        # start a new one so the error page itself can still be drawn.
        db.session.remove()
    return render_error(500)


def handle_database_unavailable(error: Exception):
    """The database is down or locked: say so in plain words and give back what was typed."""
    current_app.logger.error("database unavailable: %s", error)
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.exception("rollback failed while the database is unavailable")
    _forget_user_if_unloadable()
    body, code = render_error(503, kept=kept_form_fields())
    return body, code, {"Retry-After": "30"}


def close_session_safely(error: BaseException | None = None) -> None:
    """End the request's database session; a failure here never reaches the visitor.

    By teardown the answer is decided and what it reports is committed. A connection the
    database dropped since then makes the final rollback raise, which would turn a saved
    write into the server's bare 500; the connection is thrown away instead.
    """
    try:
        db.session.remove()
    except Exception:
        current_app.logger.warning("the database session could not be closed", exc_info=True)
        try:
            db.session().invalidate()
        except Exception:
            current_app.logger.warning("the database connection could not be dropped")
        finally:
            db.session.registry.clear()


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    # Teardown functions run last-registered first: this one before Flask-SQLAlchemy's.
    app.teardown_appcontext(close_session_safely)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_unexpected)
