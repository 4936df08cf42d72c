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


def make_category(slug: str | None = None, name: str | None = None, **kwargs):
    """Create a knowledge-base category."""
    from portal.extensions import db
    from portal.kb.models import Category

    n = next(_counter)
    category = Category(slug=slug or f"category-{n}", name=name or f"Category {n}", **kwargs)
    db.session.add(category)
    db.session.commit()
    return category


def make_article(
    title: str = "An article",
    body: str = "Some helpful words.",
    slug: str | None = None,
    category=None,
    status: str = "published",
    language: str = "en",
    summary: str = "",
    tags: tuple[str, ...] = (),
):
    """Create a knowledge-base article through the editors' service (published by default)."""
    from portal.kb import services as kb_services

    n = next(_counter)
    category = category or make_category()
    fields = kb_services.ArticleFields(
        title=title,
        slug=slug or f"article-{n}",
        category_id=category.id,
        body_md=body,
        summary=summary,
        language=language,
        tags=tags,
    )
    return kb_services.create_article(fields, None, status=status)
