"""/insights/: who may read it, the period picker, privacy and CSV export."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.search.models import SearchLog
from tests.factories import make_ticket, make_user
from tests.insights.helpers import answer_about_ticket, at, read_csv


@pytest.fixture
def app_overrides():
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 0}


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/insights/")
    assert response.status_code == 302
    assert "/auth/login?next=" in response.headers["Location"]


def test_customers_get_403(client, login):
    login("customer")
    assert client.get("/insights/").status_code == 403
    assert client.get("/insights/service.csv").status_code == 403


@pytest.mark.parametrize("role", ["agent", "editor", "admin"])
def test_staff_read_the_page_from_the_header(client, login, role):
    login(role)
    home = client.get("/").text
    assert 'href="/insights/"' in home
    page = client.get("/insights/")
    assert page.status_code == 200
    for heading in ("Self-service", "Content gaps", "Service", "Customers at risk"):
        assert heading in page.text
    assert 'class="chart-svg"' in page.text and 'id="funnel-table"' in page.text


def test_customers_see_no_insights_link(client, login):
    login("customer")
    assert 'href="/insights/"' not in client.get("/").text


def test_page_is_in_filipino(client, login):
    login("agent", locale="fil")
    client.post("/language", data={"lang": "fil", "next": "/insights/"})
    page = client.get("/insights/").text
    assert "Mga customer na nanganganib" in page


def test_period_picker_offers_presets_and_dates(client, login):
    login("editor")
    today = utcnow().date()
    page = client.get("/insights/?days=7").text
    assert "Last 7 days" in page
    start = (today - timedelta(days=20)).isoformat()
    end = (today - timedelta(days=14)).isoformat()
    rows = read_csv(client, "trend", since=end, until=start)  # reversed: swapped
    assert rows[1][0] == start
    assert len(rows) - 1 == 7


def test_bad_dates_fall_back_to_the_default_period(client, login):
    login("agent")
    response = client.get("/insights/?since=garbage&until=2026-13-40&days=5")
    assert response.status_code == 200
    assert len(read_csv(client, "trend", since="nope")) - 1 == 30


def test_unknown_table_is_404(client, login):
    login("agent")
    assert client.get("/insights/nothing.csv").status_code == 404


def _low_csat_customer():
    customer = make_user(email="dana@example.com", display_name="Dana Reyes")
    answer_about_ticket(make_ticket(user=customer), "csat", 1)
    return customer


def test_agents_see_who_is_at_risk(client, login):
    _low_csat_customer()
    login("agent")
    page = client.get("/insights/").text
    assert "dana@example.com" in page and "Dana Reyes" in page
    rows = read_csv(client, "customers-at-risk")
    assert rows[1][1:4] == ["Dana Reyes", "dana@example.com", "1"]


def test_editors_see_customers_at_risk_without_personal_data(client, login):
    _low_csat_customer()
    login("editor")
    page = client.get("/insights/").text
    assert "dana@example.com" not in page and "Dana Reyes" not in page
    assert "Customer " in page
    rows = read_csv(client, "customers-at-risk")
    assert len(rows) == 2
    assert rows[1][1] == "" and rows[1][2] == "" and rows[1][3] == "1"
    assert "dana" not in "".join(rows[1]).lower()


def test_csv_neutralises_formula_cells(client, login):
    day = utcnow().date() - timedelta(days=3)
    db.session.add(SearchLog(query='=HYPERLINK("http://x")', result_count=0, created_at=at(day, 9)))
    db.session.add(SearchLog(query="+63 router", result_count=0, created_at=at(day, 9)))
    db.session.commit()
    login("editor")
    rows = read_csv(client, "zero-result-searches")
    cells = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+63 router" in cells
    response = client.get("/insights/zero-result-searches.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
