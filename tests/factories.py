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


def make_feedback(user=None, kind: str = "idea", subject: str | None = None, **kwargs):
    """Create a feedback item sent by user (a new customer unless given)."""
    from portal.feedback import box

    n = next(_counter)
    item = box.send_feedback(
        user or make_user(),
        kind,
        subject or f"Feedback {n}",
        kwargs.pop("message", "Please make it better."),
        kwargs.pop("page", ""),
    )
    if kwargs:
        from portal.extensions import db

        for name, value in kwargs.items():
            setattr(item, name, value)
        db.session.commit()
    return item


def make_vote(page, helpful: bool, comment: str = "", voter: str | None = None, when=None):
    """Record a "Was this helpful?" vote on an article from a fresh visitor."""
    from portal.extensions import db
    from portal.feedback import services

    vote = services.cast_vote("article", page.id, voter or f"v:test-{next(_counter)}", helpful)
    if comment:
        vote.comment = comment
    if when is not None:
        vote.created_at = vote.updated_at = when
    db.session.commit()
    return vote


def make_survey_answer(kind: str, score: int, when=None, subject_ref: str | None = None):
    """Store one CSAT, CES or NPS answer, at a given time if asked."""
    from portal.clock import utcnow
    from portal.extensions import db
    from portal.feedback.models import SurveyResponse

    n = next(_counter)
    answer = SurveyResponse(
        kind=kind,
        score=score,
        subject_kind="test",
        subject_ref=subject_ref or f"T-{n}",
        respondent_key=f"test:{n}",
        created_at=when or utcnow(),
    )
    db.session.add(answer)
    db.session.commit()
    return answer
