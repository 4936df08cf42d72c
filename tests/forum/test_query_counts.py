"""Thread and category pages issue a fixed number of SQL statements, however many posts."""

from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db
from portal.forum import services, votes
from tests.factories import make_forum_category, make_reply, make_thread, make_user


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
