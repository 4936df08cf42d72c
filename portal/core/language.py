"""The reader's chosen language: in a cookie, and with their account when they have one."""

from __future__ import annotations

from typing import Protocol

from flask import current_app
from werkzeug.wrappers import Response

from portal.extensions import db

# Read by portal.extensions.select_locale when the account names no language.
LANGUAGE_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


class HasLocale(Protocol):
    """An account with a preferred language (auth's User)."""

    locale: str | None


def set_user_locale(user: HasLocale, locale: str) -> None:
    """Save the preferred language."""
    user.locale = locale
    db.session.commit()


def remember_language(response: Response, locale: str) -> None:
    """Keep the reader's language in this browser for a year."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        locale,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
