"""/insights/ over a year of data: the period's rows come from an index, not from every row."""

import pytest
from sqlalchemy import event

from portal.extensions import db
from tests.conftest import USE_POSTGRES
from tests.factories import make_article, make_ticket, make_vote
from tests.insights.test_chats import chat_at

pytestmark = pytest.mark.skipif(USE_POSTGRES, reason="reads SQLite's query plans")


@pytest.fixture
def app_overrides():
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 0}


def plans_of(client, url: str, wanted) -> tuple[str, list[list[str]]]:
    """The page, and SQLite's plan for each statement it ran that `wanted` picks."""
    read: list[tuple] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if wanted(statement):
            read.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert page.status_code == 200
    assert read, "the page did not run the statement"
    plans = []
    for statement, parameters in read:
        plan = db.session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", parameters
        )
        plans.append([row[-1] for row in plan])
    return page.text, plans


def test_unhelpful_articles_of_a_period_are_read_from_the_period_index(client, login):
    """Without it, each view of the page walked every vote ever cast on an article."""
    article = make_article(title="Reset your router")
    make_vote(article, False)
    make_vote(article, True)
    login("agent")
    text, plans = plans_of(
        client,
        "/insights/?days=30",
        lambda s: "FROM helpful_votes" in s and "GROUP BY" in s,
    )
    assert "Reset your router" in text  # the article with a "No" vote is listed
    for details in plans:
        assert any("COVERING INDEX ix_helpful_votes_kind_updated" in d for d in details), details


def test_customers_with_repeated_tickets_are_counted_from_an_index(client, login):
    for n in range(3):
        make_ticket(email="rosa@example.com", name="Rosa Reyes", subject=f"Wi-Fi drops {n}")
    login("admin")
    text, plans = plans_of(
        client,
        "/insights/?days=90",
        lambda s: "FROM tickets" in s and "GROUP BY lower(tickets.requester_email)" in s,
    )
    assert "Rosa Reyes" in text  # three tickets on one topic: at risk, with her name
    for details in plans:
        assert any("COVERING INDEX ix_tickets_requester_topic_created" in d for d in details), (
            details
        )


def test_chat_waits_are_read_from_an_index(client, login):
    chat_at(9, queued=9.0, taken=9.1)
    login("agent")
    _text, plans = plans_of(
        client,
        "/insights/?days=7",
        lambda s: "FROM chats" in s and "julianday(chats.taken_at)" in s,
    )
    for details in plans:
        assert any("COVERING INDEX ix_chats_queued_taken" in d for d in details), details
