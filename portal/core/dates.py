"""Dates as every page shows them: one format, in the reader's language and time zone.

A past moment of the last week reads as "3 hours ago"; anything older, or still to come,
as a date with the time of day, never seconds. The exact moment is always on hover (the
title of a <time> element) and in its machine-readable datetime attribute; beside a relative
text it is also in the element's own words, visually hidden, for screen readers (a title
is out of their reach, and a keyboard's).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel import dates as babel_dates
from flask import Flask
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.clock import utcnow

RECENT = timedelta(days=7)
JUST_NOW = timedelta(minutes=1)


def _locale() -> str:
    return str(get_locale() or "en")


def exact(moment: datetime) -> str:
    """The date with the time of day in the reader's zone: "Dec 1, 2026, 5:46 PM"."""
    local, locale = to_user_timezone(moment), _locale()
    pattern = str(babel_dates.get_datetime_format("medium", locale=locale))
    time = babel_dates.format_time(local, "short", locale=locale)
    return pattern.replace("{1}", babel_dates.format_date(local, "medium", locale=locale)).replace(
        "{0}", time
    )


def full(moment: datetime) -> str:
    """Weekday, date, time and zone for hover: "Tuesday, December 1, 2026, 5:46 PM GMT+08:00"."""
    local, locale = to_user_timezone(moment), _locale()
    pattern = str(babel_dates.get_datetime_format("long", locale=locale))
    time = babel_dates.format_time(local, "short", locale=locale)
    day = babel_dates.format_date(local, "full", locale=locale)
    zone = babel_dates.format_datetime(local, "ZZZZ", locale=locale)
    return f"{pattern.replace('{1}', day).replace('{0}', time)} {zone}"


def relative(moment: datetime, now: datetime | None = None) -> str | None:
    """ "3 hours ago" for a past moment of the last week; None for any other."""
    age = (now or utcnow()) - moment.replace(tzinfo=None)
    if timedelta(0) <= age < JUST_NOW:
        return _("just now")
    if timedelta(0) <= age < RECENT:
        return babel_dates.format_timedelta(
            -age, granularity="minute", add_direction=True, locale=_locale()
        )
    return None


def readable(moment: datetime, now: datetime | None = None) -> str:
    """ "3 hours ago" for a past moment of the last week, else the exact date and time."""
    return relative(moment, now) or exact(moment)


def when(moment: datetime | None, now: datetime | None = None) -> Markup:
    """A <time> element for a stored UTC moment: readable text, the exact time on hover.

    A relative text is followed by the exact moment, visually hidden, so that screen readers
    say it too: "3 hours ago (Tuesday, December 1, 2026, 2:46 PM GMT+08:00)".
    """
    if moment is None:
        return Markup("")
    utc, moment_in_full = moment.replace(tzinfo=None), full(moment)
    recent = relative(moment, now)
    if recent is None:
        shown = escape(exact(moment))
    else:
        shown = Markup('{}<span class="visually-hidden"> ({})</span>').format(
            recent, moment_in_full
        )
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        utc.strftime("%Y-%m-%dT%H:%MZ"), moment_in_full, shown
    )


def day_label(day: date) -> str:
    """A short day for a chart's axis, in the reader's language: "Dec 1", "Dis 1"."""
    return babel_dates.format_skeleton("MMMd", day, locale=_locale())


def init_app(app: Flask) -> None:
    """Offer the `when` filter to every template: {{ post.created_at|when }}."""
    app.add_template_filter(when)
