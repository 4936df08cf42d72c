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


def test_rate_limits_are_shared_through_redis_when_redis_url_is_set(monkeypatch, tmp_path):
    from portal.config import load_config

    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/5")
    monkeypatch.setenv("SECRET_KEY", "shared by every app server")
    assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/5"
    monkeypatch.delenv("REDIS_URL")
    assert load_config(tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"


def test_a_base_url_that_is_not_a_url_says_what_to_set():
    from portal.core.hosts import split_base_url

    with pytest.raises(RuntimeError, match=r"https://help\.example\.com"):
        split_base_url("help.example.com")
