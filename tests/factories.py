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


def make_category(slug: str | None = None, name: str | None = None, parent=None, **kwargs):
    """Create a knowledge-base category."""
    from portal.extensions import db
    from portal.kb.models import Category

    n = next(_counter)
    category = Category(
        slug=slug or f"topic-{n}",
        name=name or f"Topic {n}",
        description=kwargs.pop("description", "What this topic covers."),
        position=kwargs.pop("position", n),
        parent_id=parent.id if parent else None,
        **kwargs,
    )
    db.session.add(category)
    db.session.commit()
    return category


def make_article(
    title: str | None = None,
    body: str = "Some helpful text.",
    category=None,
    status: str = "published",
    slug: str | None = None,
    language: str = "en",
    tags: tuple[str, ...] = (),
    summary: str = "A short summary.",
    faq: bool = False,
    author=None,
):
    """Create a knowledge-base article (published unless told otherwise)."""
    from portal.kb import services

    n = next(_counter)
    category = category or make_category()
    fields = services.ArticleFields(
        title=title or f"Article {n}",
        slug=slug or f"article-{n}",
        category_id=category.id,
        body_md=body,
        summary=summary,
        language=language,
        tags=tags,
        faq=faq,
    )
    return services.create_article(fields, author, status=status)
