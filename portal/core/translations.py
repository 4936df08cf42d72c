"""Template translations looked up once per request and language, not once per string.

Flask-Babel finds the catalogue for every `_()` in a template: the request's Babel context,
its domain, its locale, then the catalogue cache, through half a dozen context-local look-ups.
A page calls `_()` and `ngettext()` 50 to 120 times, so those look-ups cost a noticeable part
of rendering a page. Here the catalogue is kept on the same Babel context beside the locale
it belongs to; `force_locale` (mail in the recipient's language) and `refresh()` set or drop
the locale, so a kept catalogue is used only while its own locale object is the current one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import get_translations


def _translations() -> Any:
    """This request's catalogue for its current locale."""
    context = g.get("_flask_babel")
    locale = getattr(context, "babel_locale", None)
    if locale is None:  # not chosen yet in this request (or just refreshed)
        return get_translations()
    kept = getattr(context, "portal_translations", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    context.portal_translations = (locale, translations)
    return translations


def init_app(app: Flask) -> None:
    """Give templates the same gettext functions as Flask-Babel's, with the catalogue kept."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
