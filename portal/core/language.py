"""The reader's chosen language, kept with their account when they have one."""

from __future__ import annotations

from typing import Protocol

from portal.extensions import db


class HasLocale(Protocol):
    """An account with a preferred language (auth's User)."""

    locale: str | None


def set_user_locale(user: HasLocale, locale: str) -> None:
    """Save the preferred language."""
    user.locale = locale
    db.session.commit()
