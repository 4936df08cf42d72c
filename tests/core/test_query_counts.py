"""Logged-in pages issue a fixed, small number of SQL statements, whatever the data size.

Each page type is read by a user logged in through the log-in form, once over a little data
and once over ten times more (replies, tickets, articles, messages); the number of statements
must be the same both times and stay under a bound, so no page grows an N+1 query.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.tickets.models import AGENT, CUSTOMER
from portal.tickets.services import add_message
from tests.factories import (
    make_article,
    make_category,
    make_forum_category,
    make_reply,
    make_thread,
    make_ticket,
    make_tutorial,
    make_user,
)


@pytest.fixture(params=[0, 60], ids=["rendered", "shared-fragments"])
def app_overrides(request):
    """Each page twice: rendered from the database, then with the shared fragments kept
    (PORTAL_PAGE_CACHE_SECONDS, as in production), whose stored parts must not hide a
    per-row query either. Counters (views, visits) are written every few seconds in
    production, not by each request: flushing them per request would count against the page."""
    return {"PORTAL_VIEW_FLUSH_SECONDS": 3600, "PORTAL_PAGE_CACHE_SECONDS": request.param}


@contextmanager
def counted_statements() -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def count(client, url: str) -> int:
    """Statements for one read of url (after a first read warms per-process caches)."""
    assert client.get(url).status_code == 200, url
    with counted_statements() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def assert_fixed(client, url: Callable[[], str], grow: Callable[[], None], bound: int) -> None:
    """url takes as many statements after grow() as before, and at most bound."""
    before = count(client, url())
    grow()
    after = count(client, url())
    assert before == after <= bound, f"{url()}: {before} statements, then {after}"


# Bounds: what each page needs today (the log-in session's user included) with one or two
# to spare; a new per-row query fails the equality check long before it reaches them.


def test_article_page(client, login):
    login()
    category = make_category()
    article = make_article(category=category, tags=("wifi",))
    make_article(category=category, tags=("wifi",))

    def grow():
        for n in range(20):
            make_article(category=category, tags=("wifi", f"tag{n}"))

    assert_fixed(client, lambda: f"/kb/{article.slug}", grow, bound=10)


def test_kb_home(client, login):
    login()
    categories = [make_category(), make_category()]
    make_article(category=categories[0])

    def grow():
        for n in range(8):
            parent = make_category()
            child = make_category(parent=parent)
            for c in (parent, child, categories[n % 2]):
                make_article(category=c)

    assert_fixed(client, lambda: "/kb/", grow, bound=8)


def test_category_page(client, login):
    login()
    category = make_category()
    make_article(category=category)

    def grow():
        for _ in range(3):
            section = make_category(parent=category)
            for _ in range(4):
                make_article(category=section)
        for _ in range(10):
            make_article(category=category)

    assert_fixed(client, lambda: f"/kb/category/{category.slug}", grow, bound=6)


def test_forum_thread(client, login):
    login()
    authors = [make_user(), make_user(role="agent"), make_user(role="editor")]
    thread = make_thread(author=authors[0])
    make_reply(thread, author=authors[1])

    def grow():
        for n in range(18):
            make_reply(thread, author=authors[n % 3], body=f"reply {n}")

    assert_fixed(client, lambda: f"/forum/t/{thread.id}", grow, bound=8)


def test_forum_category(client, login):
    login()
    authors = [make_user(), make_user(role="agent")]
    category = make_forum_category()
    make_thread(author=authors[0], category=category)

    def grow():
        for n in range(15):
            thread = make_thread(author=authors[n % 2], category=category)
            make_reply(thread, author=make_user())

    assert_fixed(client, lambda: f"/forum/{category.slug}/", grow, bound=5)


def test_my_tickets(client, login):
    customer = login()
    agent = make_user(role="agent")
    make_ticket(customer)

    def grow():
        for n in range(10):
            make_ticket(customer, agent=agent, agent_reply=f"answer {n}")
            make_ticket(customer, status="solved")

    assert_fixed(client, lambda: "/tickets/", grow, bound=7)


def add_conversation(ticket, customer, agent, turns: int) -> None:
    for n in range(turns):
        add_message(ticket, customer, CUSTOMER, f"still happening {n}")
        add_message(ticket, agent, AGENT, f"try this {n}")
    db.session.commit()


def test_customer_ticket_page(client, login):
    customer = login()
    agent = make_user(role="agent")
    ticket = make_ticket(customer, agent=agent, agent_reply="Try a restart.")

    assert_fixed(
        client,
        lambda: f"/tickets/{ticket.ref}",
        lambda: add_conversation(ticket, customer, agent, 10),
        bound=5,
    )


def test_agent_ticket_view(client, login):
    agent = login("agent")
    customer = make_user()
    ticket = make_ticket(customer, agent=agent, agent_reply="Try a restart.")

    assert_fixed(
        client,
        lambda: f"/agent/tickets/{ticket.ref}",
        lambda: add_conversation(ticket, customer, agent, 10),
        # The conversation (6), the customer's ratings on this ticket, and the customer
        # panel: earlier tickets, chats with their first questions, and canned replies.
        bound=10,
    )


def test_agent_queue(client, login):
    agent = login("agent")
    others = [make_user(role="agent"), make_user(role="agent")]
    make_ticket(make_user())

    def grow():
        for n in range(12):
            ticket = make_ticket(make_user(), agent=others[n % 2], agent_reply="On it.")
            ticket.assignee = (agent, *others)[n % 3]
        db.session.commit()

    assert_fixed(client, lambda: "/agent/", grow, bound=7)


def test_contact_page_names_recent_pages_with_a_query_per_kind(client, login):
    """/contact names each recent page (an article by its title, ...); ten cost what five do."""
    login()
    top = make_category()
    came_from = make_article(category=make_category(parent=top))
    named: list[str] = [came_from.title]

    def visit(path: str, name: str) -> None:
        assert client.get(path).status_code == 200, path
        named.append(name)

    def visit_one_of_each_kind() -> None:
        article, category = make_article(category=top), make_category(parent=top)
        tutorial, thread = make_tutorial(steps=2), make_thread()
        visit(f"/kb/{article.slug}", article.title)
        visit(f"/kb/category/{category.slug}", category.name)
        visit(f"/tutorials/{tutorial.slug}/2", f"{tutorial.title} › 2. {tutorial.steps[1].title}")
        visit(f"/forum/t/{thread.id}", thread.title)

    visit_one_of_each_kind()
    visit(f"/kb/{came_from.slug}", came_from.title)

    def grow() -> None:  # to the ten pages kept
        visit_one_of_each_kind()
        tutorial = make_tutorial()
        visit(f"/tutorials/{tutorial.slug}", tutorial.title)

    url = f"/contact?from=/kb/{came_from.slug}"
    # Besides the log-in, the topic and the other context: one query per kind of page.
    assert_fixed(client, lambda: url, grow, bound=10)
    page = html.unescape(client.get(url).text)
    assert [name for name in named if name not in page] == []
