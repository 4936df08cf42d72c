"""Opening hours, configured in the portal's time zone, shown in the visitor's."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_time

REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@cache
def timezone_names() -> tuple[str, ...]:
    """Time zones a visitor may pick, by region, plus UTC."""
    names = sorted(name for name in available_timezones() if name.startswith(REGIONS))
    return ("UTC", *names)


def valid_timezone(name: str | None, default: str) -> str:
    """name if it is a known time zone, else default."""
    if name and name in timezone_names():
        return name
    return default


def _intervals(
    rules: list[dict], tz: ZoneInfo, around: datetime
) -> list[tuple[datetime, datetime]]:
    """The opening intervals of the week containing `around`, as aware datetimes."""
    monday = around.astimezone(tz).date() - timedelta(days=around.astimezone(tz).weekday())
    intervals = []
    for rule in rules:
        for day in rule["days"]:
            on = monday + timedelta(days=day)
            intervals.append((_at(on, rule["start"], tz), _at(on, rule["end"], tz)))
    return sorted(intervals)


def _at(day: date, hour_minute: tuple[int, int], tz: ZoneInfo) -> datetime:
    hours, minutes = hour_minute
    if hours == 24:
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz)
    return datetime.combine(day, time(hours, minutes), tzinfo=tz)


def schedule(
    rules: list[dict], portal_tz: str, viewer_tz: str, locale: str, now: datetime | None = None
) -> list[dict]:
    """Rows like {"day": "Monday", "opens": "8:00 AM", "closes": "6:00 PM", "until_day": ""}.

    The hours of this week are converted, so daylight saving time is honoured.
    """
    try:
        source, target = ZoneInfo(portal_tz), ZoneInfo(viewer_tz)
    except (ZoneInfoNotFoundError, ValueError):
        source = target = ZoneInfo("UTC")
    now = now or datetime.now(UTC)
    rows = []
    for start, end in _intervals(rules, source, now):
        start, end = start.astimezone(target), end.astimezone(target)
        # A closing time of midnight belongs to the same evening, not the next day.
        last_moment = end - timedelta(microseconds=1)
        rows.append(
            {
                "weekday": start.weekday(),
                "day": format_date(start, "EEEE", locale=locale),
                "opens": format_time(start, "short", tzinfo=target, locale=locale),
                "closes": format_time(end, "short", tzinfo=target, locale=locale),
                "until_day": ""
                if last_moment.date() == start.date()
                else format_date(last_moment, "EEEE", locale=locale),
            }
        )
    return sorted(rows, key=lambda row: row["weekday"])


def is_open(rules: list[dict], portal_tz: str, now: datetime | None = None) -> bool:
    """True if now falls inside the opening hours."""
    try:
        tz = ZoneInfo(portal_tz)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    now = now or datetime.now(UTC)
    return any(start <= now < end for start, end in _intervals(rules, tz, now))
