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


def make_category(name: str | None = None, parent=None, position: int | None = None):
    """Create a knowledge-base category (a section when parent is given)."""
    from portal.extensions import db
    from portal.kb.models import Category

    n = next(_counter)
    name = name or f"Category {n}"
    category = Category(
        slug=f"{name.lower().replace(' ', '-')}-{n}",
        name=name,
        description=f"About {name}.",
        position=n if position is None else position,
        parent_id=parent.id if parent else None,
    )
    db.session.add(category)
    db.session.commit()
    return category


def make_article(
    title: str | None = None,
    category=None,
    body_md: str = "Some helpful text.",
    status: str = "published",
    language: str = "en",
    author: User | None = None,
    slug: str | None = None,
):
    """Create an article through the knowledge-base service (with its first revision)."""
    from portal.kb import services as kb

    n = next(_counter)
    title = title or f"Article {n}"
    fields = kb.ArticleFields(
        title=title,
        slug=slug or f"article-{n}",
        category_id=(category or make_category()).id,
        body_md=body_md,
        language=language,
    )
    return kb.create_article(fields, author, status=status)


def make_flag(article, user: User | None = None, reason: str = "The menu names changed."):
    """Flag an article as out of date."""
    from portal.kb import services as kb

    return kb.flag_article(article, user or make_user(), reason)
