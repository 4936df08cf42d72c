"""Help-centre visitors counted in memory, and days rolled up once."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.insights.models import InsightVisit
from tests.factories import make_ticket
from tests.insights.helpers import figures


@pytest.fixture
def app_overrides():
    return {"PORTAL_INSIGHTS_FLUSH_SECONDS": 3600, "PORTAL_INSIGHTS_REFRESH_SECONDS": 3600}


def test_page_views_write_nothing_until_the_counter_flushes(app, client, login):
    for path in ("/kb/", "/search?q=router", "/contact", "/"):
        assert client.get(path).status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(InsightVisit)) == 0
    app.extensions["portal_view_counters"]["insights-visits"].flush()
    kinds = db.session.scalars(db.select(InsightVisit.kind)).all()
    assert sorted(kinds) == ["contact", "help"]  # one person, counted once per kind
    login("agent")
    assert figures(client, "self-service", days=7)["visitors_help"][0] == "1"


def test_today_is_recomputed_only_after_the_refresh_interval(app, client, login, runner):
    login("agent")
    assert figures(client, "service", days=7)["tickets_opened"][0] == "0"
    make_ticket()
    # Within PORTAL_INSIGHTS_REFRESH_SECONDS the page reads what it rolled up.
    assert figures(client, "service", days=7)["tickets_opened"][0] == "0"
    result = runner.invoke(args=["insights", "rollup", "--days", "3", "--all"])
    assert result.exit_code == 0, result.output
    assert "Rolled up 3 day(s)" in result.output
    assert figures(client, "service", days=7)["tickets_opened"][0] == "1"


def test_rollup_command_explains_a_bad_number_of_days(runner):
    result = runner.invoke(args=["insights", "rollup", "--days", "0"])
    assert result.exit_code != 0
    assert "--days must be 1 or more" in result.output


def test_old_visitor_rows_are_dropped(app, client):
    old = utcnow().date() - timedelta(days=10)
    db.session.add(InsightVisit(day=old, kind="help", visitor="gone"))
    db.session.commit()
    client.get("/kb/")
    app.extensions["portal_view_counters"]["insights-visits"].flush()
    assert db.session.scalars(db.select(InsightVisit.visitor)).all() != ["gone"]
    assert "gone" not in db.session.scalars(db.select(InsightVisit.visitor)).all()
