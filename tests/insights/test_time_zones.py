"""PORTAL_TIMEZONE decides what a day is."""

from datetime import datetime, time, timedelta

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.search.models import SearchLog
from tests.factories import make_ticket
from tests.insights.helpers import figures, one_day, read_csv

DAY = utcnow().date() - timedelta(days=5)


@pytest.fixture(params=["UTC", "Asia/Manila", "America/New_York"])
def app_overrides(request):
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 0, "BABEL_DEFAULT_TIMEZONE": request.param}


def test_a_late_evening_in_utc_is_the_next_morning_in_manila(app, client, login):
    # 20:00 UTC: the same day in UTC and New York, 04:00 the next day in Manila.
    moment = datetime.combine(DAY, time(20, 0))
    ticket = make_ticket()
    ticket.created_at = moment
    db.session.add(SearchLog(query="no signal", result_count=0, created_at=moment))
    db.session.commit()
    local_day = (
        DAY + timedelta(days=1) if app.config["BABEL_DEFAULT_TIMEZONE"] == "Asia/Manila" else DAY
    )
    other_day = DAY if local_day != DAY else DAY + timedelta(days=1)
    login("agent")
    assert figures(client, "service", **one_day(local_day))["tickets_opened"][0] == "1"
    assert figures(client, "service", **one_day(other_day))["tickets_opened"][0] == "0"
    assert read_csv(client, "zero-result-searches", **one_day(local_day))[1:] == [
        ["no signal", "1"]
    ]
    assert read_csv(client, "zero-result-searches", **one_day(other_day))[1:] == []
    span = {"since": DAY.isoformat(), "until": (DAY + timedelta(days=1)).isoformat()}
    trend = {row[0]: row[1] for row in read_csv(client, "trend", **span)[1:]}
    assert trend == {local_day.isoformat(): "1", other_day.isoformat(): "0"}
