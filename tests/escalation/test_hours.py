"""Opening hours in the visitor's time zone, and whether a channel is open now."""

from datetime import UTC, datetime

from portal.escalation.hours import is_open, schedule, valid_timezone

WEEKDAYS = [{"days": [0, 1, 2, 3, 4], "start": (8, 0), "end": (18, 0)}]
# A Wednesday in January: no summer time anywhere in the north.
WEDNESDAY = datetime(2027, 1, 13, 3, 0, tzinfo=UTC)


def test_schedule_in_the_portals_own_zone():
    rows = schedule(WEEKDAYS, "Asia/Manila", "Asia/Manila", "en", now=WEDNESDAY)
    assert [row["day"] for row in rows] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert rows[0]["opens"] == "8:00\u202fAM" and rows[0]["closes"] == "6:00\u202fPM"


def test_schedule_converted_to_a_zone_a_day_behind():
    rows = schedule(WEEKDAYS, "Asia/Manila", "America/New_York", "en", now=WEDNESDAY)
    # 08:00 Monday in Manila is 19:00 Sunday in New York; the week still starts on Monday.
    assert [row["day"] for row in rows] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Sunday"]
    sunday = rows[-1]
    assert sunday["opens"] == "7:00\u202fPM"
    assert sunday["closes"] == "5:00\u202fAM"
    assert sunday["until_day"] == "Monday"


def test_schedule_in_filipino():
    rows = schedule(WEEKDAYS, "Asia/Manila", "Asia/Manila", "fil", now=WEDNESDAY)
    assert rows[0]["day"] == "Lunes"


def test_open_now():
    assert is_open(WEEKDAYS, "Asia/Manila", now=WEDNESDAY)  # 11:00 in Manila
    assert not is_open(WEEKDAYS, "Asia/Manila", now=WEDNESDAY.replace(hour=12))  # 20:00
    assert not is_open([], "Asia/Manila", now=WEDNESDAY)


def test_only_known_zones_are_valid():
    assert valid_timezone("Europe/Berlin", "UTC") == "Europe/Berlin"
    assert valid_timezone("../../etc/passwd", "UTC") == "UTC"
    assert valid_timezone(None, "Asia/Manila") == "Asia/Manila"
