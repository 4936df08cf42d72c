"""/insights/ over a year of data: the period's rows come from an index, not from every row."""

import pytest
from sqlalchemy import event

from portal.extensions import db
from tests.conftest import USE_POSTGRES
from tests.factories import make_article, make_vote


@pytest.fixture
def app_overrides():
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 0}


@pytest.mark.skipif(USE_POSTGRES, reason="reads SQLite's query plan")
def test_unhelpful_articles_of_a_period_are_read_from_the_period_index(client, login):
    """Without it, each view of the page walked every vote ever cast on an article."""
    article = make_article(title="Reset your router")
    make_vote(article, False)
    make_vote(article, True)
    login("agent")
    read: list[tuple] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "FROM helpful_votes" in statement and "GROUP BY" in statement:
            read.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = client.get("/insights/?days=30")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert page.status_code == 200
    assert "Reset your router" in page.text  # the article with a "No" vote is listed
    assert read, "the page did not read the period's votes"
    for statement, parameters in read:
        plan = db.session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", parameters
        )
        details = [row[-1] for row in plan]
        assert any("COVERING INDEX ix_helpful_votes_kind_updated" in d for d in details), details
