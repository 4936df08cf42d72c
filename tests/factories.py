"""Test data made by functions, one call per thing a test needs."""

from __future__ import annotations

import itertools

from portal.auth import services as auth_services
from portal.auth.models import User

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(
    role: str = "customer",
    email: str | None = None,
    display_name: str | None = None,
    password: str = PASSWORD,
    locale: str | None = None,
) -> User:
    """Create a user with a unique email (the test password unless given)."""
    n = next(_counter)
    return auth_services.create_user(
        email or f"{role}{n}@example.com",
        display_name or f"{role.title()} {n}",
        password,
        role=role,
        locale=locale,
    )


def make_category(slug: str | None = None, name: str | None = None):
    """Create a forum category."""
    from portal.forum import services as forum_services

    n = next(_counter)
    return forum_services.create_category(slug or f"category-{n}", name or f"Category {n}")


def make_thread(
    author: User | None = None,
    category=None,
    title: str | None = None,
    body: str = "How do I get the mesh working upstairs?",
):
    """Create a forum thread with its question."""
    from portal.forum import services as forum_services

    n = next(_counter)
    return forum_services.create_thread(
        author or make_user(),
        category or make_category(),
        title or f"Question number {n} about the mesh",
        body,
        submit_key=f"factory-{n}",
    )


def make_reply(thread, author: User | None = None, body: str = "Try moving the node closer."):
    """Add a reply to a forum thread (no mail is sent)."""
    from portal.forum import services as forum_services

    n = next(_counter)
    return forum_services.post_reply(author or make_user(), thread, body, submit_key=f"factory-{n}")
