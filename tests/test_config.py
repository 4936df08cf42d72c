"""Settings parsed from the environment: opening hours for /contact."""

import pytest

from portal.config import contact_channels, opening_hours


def test_opening_hours_parse_days_ranges_and_times(monkeypatch):
    monkeypatch.setenv("PORTAL_CONTACT_PHONE_HOURS", "mon-fri 08:00-18:00; sat,sun 9-12:30")
    assert opening_hours("PORTAL_CONTACT_PHONE_HOURS") == [
        {"days": [0, 1, 2, 3, 4], "start": (8, 0), "end": (18, 0)},
        {"days": [5, 6], "start": (9, 0), "end": (12, 30)},
    ]


def test_a_day_range_may_wrap_around_the_week(monkeypatch):
    monkeypatch.setenv("PORTAL_CONTACT_CHAT_HOURS", "sat-mon 10:00-24:00")
    assert opening_hours("PORTAL_CONTACT_CHAT_HOURS")[0]["days"] == [5, 6, 0]


def test_no_hours_means_an_empty_list(monkeypatch):
    monkeypatch.delenv("PORTAL_CONTACT_PHONE_HOURS", raising=False)
    assert contact_channels()["phone_hours"] == []


@pytest.mark.parametrize(
    "raw",
    ["monday 08:00-18:00", "mon-fri 08:00", "mon 18:00-08:00", "mon 25:00-26:00", "mon aa-bb"],
)
def test_malformed_hours_say_what_is_wrong(monkeypatch, raw):
    monkeypatch.setenv("PORTAL_CONTACT_PHONE_HOURS", raw)
    with pytest.raises(RuntimeError, match="PORTAL_CONTACT_PHONE_HOURS"):
        opening_hours("PORTAL_CONTACT_PHONE_HOURS")
