"""How the page writes figures: durations in hours and minutes, shares, changes."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _


def duration(seconds: float | None) -> str:
    """A duration a reader takes in at a glance: 12 min, 3 h 5 min, 2 d 4 h."""
    if seconds is None:
        return "–"
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(m)d min", m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)d h %(m)d min", h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return _("%(d)d d %(h)d h", d=days, h=hours)


def figure(value: float | None, kind: str) -> str:
    """One figure as the page shows it; a dash when there was nothing to measure."""
    if value is None:
        return "–"
    if kind == "seconds":
        return duration(value)
    if kind == "percent":
        return format_decimal(value, format="#,##0.#") + "%"
    if kind == "ratio":
        return _("%(n)s : 1", n=format_decimal(value, format="#,##0.#"))
    return format_decimal(value, format="#,##0.##")


def change(value: float | None, kind: str) -> str:
    """The change from the period before, signed: +3, minus 12 min, +4.5 points."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    if kind == "percent":
        return sign + _("%(n)s points", n=format_decimal(abs(value), format="#,##0.#"))
    return sign + figure(abs(value), kind)
