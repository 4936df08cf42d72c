"""Periods of whole days in PORTAL_TIMEZONE, and the UTC instants that bound them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.clock import utcnow

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 366


def day_start_utc(day: date, tz: ZoneInfo) -> datetime:
    """The naive UTC instant at which a local day begins."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def local_today(tz: ZoneInfo, now: datetime | None = None) -> date:
    """Today's date where the portal is."""
    return (now or utcnow()).replace(tzinfo=UTC).astimezone(tz).date()


@dataclass(frozen=True)
class Period:
    """Whole local days from start to end, both included."""

    start: date
    end: date
    tz: ZoneInfo

    @property
    def days(self) -> int:
        """How many days the period holds."""
        return (self.end - self.start).days + 1

    @property
    def since(self) -> datetime:
        """The UTC instant the first day begins."""
        return day_start_utc(self.start, self.tz)

    @property
    def before(self) -> datetime:
        """The UTC instant after the last day ends."""
        return day_start_utc(self.end + timedelta(days=1), self.tz)

    def dates(self) -> list[date]:
        """Every day of the period, oldest first."""
        return [self.start + timedelta(days=n) for n in range(self.days)]

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        before = self.start - timedelta(days=1)
        return Period(before - timedelta(days=self.days - 1), before, self.tz)


def choose_period(
    tz: ZoneInfo, days: int | None, since: date | None, until: date | None, today: date
) -> Period:
    """The period asked for: from/to when given, else the last `days` days up to today."""
    if since or until:
        end = min(until or today, today)
        start = since or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            start, end = end, start
        if (end - start).days >= MAX_DAYS:
            start = end - timedelta(days=MAX_DAYS - 1)
        return Period(start, end, tz)
    days = days if days in PRESETS else DEFAULT_DAYS
    return Period(today - timedelta(days=days - 1), today, tz)
