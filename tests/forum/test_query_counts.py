"""Thread and category pages issue a fixed number of SQL statements, however many posts."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.forum import services, votes
from tests.conftest import USE_POSTGRES
from tests.factories import make_forum_category, make_reply, make_thread, make_user


@pytest.fixture
def app_overrides():
    """Counters (views, insight visits) are written every few seconds in production, not
    by each request: flushing them on every request, as the other tests do, would count
    their statements against the page."""
    return {"PORTAL_VIEW_FLUSH_SECONDS": 3600}


@contextmanager
def counted_statements():
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(client, url: str) -> list[str]:
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements


def grow_thread(thread, authors, replies: int) -> None:
    for n in range(replies):
        make_reply(thread, author=authors[n % len(authors)], body=f"reply {n}")


def test_thread_page_queries_do_not_grow_with_posts(client, login):
    viewer = login()
    authors = [make_user(role=role) for role in ("customer", "agent", "editor", "customer")]
    small, big = make_thread(author=authors[0]), make_thread(author=authors[0])
    grow_thread(small, authors, 2)
    grow_thread(big, authors, 45)
    for thread in (small, big):
        services.accept_answer(authors[0], make_reply(thread, author=authors[1]))
        votes.set_vote(viewer, make_reply(thread, author=authors[2]), True)
    counts = {
        url: len(statements_for(client, url))
        for url in (
            f"/forum/t/{small.id}",
            f"/forum/t/{big.id}",
            f"/forum/t/{big.id}?page=2",
            f"/forum/t/{big.id}?page=3",
        )
    }
    assert len(set(counts.values())) == 1, counts
    assert next(iter(counts.values())) <= 10, counts


def test_thread_page_queries_are_fixed_for_visitors(client):
    authors = [make_user(), make_user(role="agent")]
    small, big = make_thread(author=authors[0]), make_thread(author=authors[0])
    grow_thread(small, authors, 1)
    grow_thread(big, authors, 30)
    assert len(statements_for(client, f"/forum/t/{small.id}")) == len(
        statements_for(client, f"/forum/t/{big.id}")
    )


def test_category_page_queries_do_not_grow_with_threads(client):
    small, big = make_forum_category(), make_forum_category()
    authors = [make_user(), make_user(role="agent"), make_user()]
    make_thread(author=authors[0], category=small)
    for n in range(30):
        thread = make_thread(author=authors[n % 3], category=big, title=f"Big thread {n:03d}")
        if n % 4 == 0:
            make_reply(thread, author=authors[(n + 1) % 3])
    for sort in ("latest", "newest", "unanswered", "solved"):
        a = statements_for(client, f"/forum/{small.slug}/?sort={sort}")
        b = statements_for(client, f"/forum/{big.slug}/?sort={sort}")
        c = (
            statements_for(client, f"/forum/{big.slug}/?sort={sort}&page=2")
            if sort
            in (
                "latest",
                "newest",
            )
            else b
        )
        assert len(a) == len(b) == len(c), (sort, len(a), len(b), len(c))
        assert len(b) <= 4


def test_forum_index_queries_do_not_grow(client):
    authors = [make_user(), make_user()]
    first = make_forum_category()
    make_thread(author=authors[0], category=first)
    before = len(statements_for(client, "/forum/"))
    for n in range(12):
        make_thread(author=authors[n % 2], category=make_forum_category())
    assert len(statements_for(client, "/forum/")) == before


@pytest.mark.skipif(USE_POSTGRES, reason="reads SQLite's query plan")
def test_category_page_reads_its_threads_in_order_from_an_index(client):
    """A category of 10,000 threads must not sort them all for each page view."""
    category = make_forum_category()
    author = make_user()
    for n in range(3):
        make_thread(author=author, category=category, title=f"Ordered thread {n}")
    listed: list[tuple] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "FROM forum_threads" in statement and "ORDER BY" in statement:
            listed.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(f"/forum/{category.slug}/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    ((statement, parameters),) = listed
    plan = db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    details = [row[-1] for row in plan]
    assert not any("TEMP B-TREE" in detail for detail in details), details
    assert any("ix_forum_threads_category_pinned_activity" in detail for detail in details)
