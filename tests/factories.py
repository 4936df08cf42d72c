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


def make_category(name: str | None = None, parent=None, slug: str | None = None, **kwargs):
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


def tutorial_text(slug: str = "set-up", steps: int = 3, status: str = "published", **meta) -> str:
    """A tutorial file's text: step 1 has a question, step 2 a yes/no check."""
    fields = {"title": "Set up the router", "slug": slug, "summary": "Get online.", "minutes": 10,
              "difficulty": "beginner", "language": "en", "status": status, **meta}  # fmt: skip
    lines = "\n".join(f"{k}: {v}" for k, v in fields.items())
    body = ["Before you start, unpack the box."]
    for n in range(1, steps + 1):
        body.append(f"## Step title {n}\n\nDo thing number {n}.")
        if n == 1:
            body.append(
                "```checkpoint\nquestion: Which light means ready?\noptions:\n  - Red\n  - Blue\n"
                "answer: 2\nexplanation: Pulsing blue means ready for setup.\n```"
            )
        if n == 2:
            body.append(
                "```checkpoint\ntype: confirm\nquestion: Did the light turn white?\n"
                "explanation: Unplug it for ten seconds and try again.\n```"
            )
    return f"---\n{lines}\n---\n\n" + "\n\n".join(body) + "\n"


def make_tutorial(slug: str | None = None, steps: int = 3, status: str = "published", **meta):
    """Create a tutorial from its file text, as sync would."""
    from portal.extensions import db
    from portal.tutorials.content import apply_parsed, parse_tutorial
    from portal.tutorials.models import Tutorial

    slug = slug or f"tutorial-{next(_counter)}"
    parsed = parse_tutorial(tutorial_text(slug, steps, status, **meta))
    tutorial = Tutorial(slug=slug)
    db.session.add(tutorial)
    apply_parsed(tutorial, parsed)
    db.session.commit()
    return tutorial


def make_ticket(
    user: User | None = None,
    status: str = "open",
    subject: str = "The Wi-Fi drops every evening",
    body: str = "It happens around 8 pm.",
    email: str | None = None,
    name: str = "Visitor",
    context: list | None = None,
    agent: User | None = None,
    agent_reply: str | None = None,
):
    """A ticket with the customer's first message (and an agent's reply when given).

    Without a user it is a visitor's ticket sent from email.
    """
    from datetime import timedelta

    from portal.clock import utcnow
    from portal.extensions import db
    from portal.tickets.models import AGENT, CUSTOMER, Ticket
    from portal.tickets.services import add_message, new_reference

    n = next(_counter)
    now = utcnow()
    ticket = Ticket(
        ref=new_reference(),
        user=user,
        requester_name=user.display_name if user else name,
        requester_email=user.email if user else (email or f"visitor{n}@example.com"),
        subject=subject,
        topic="connection",
        status=status,
        context=context or [],
        created_at=now,
        updated_at=now,
    )
    add_message(ticket, user, CUSTOMER, body)
    if agent_reply:
        add_message(ticket, agent, AGENT, agent_reply)
        ticket.first_response_at = now + timedelta(minutes=5)
        ticket.last_speaker = AGENT
    if status in ("solved", "closed"):
        ticket.solved_at = now
    if status == "closed":
        ticket.closed_at = now
    db.session.add(ticket)
    db.session.commit()
    return ticket


def make_flag(article, user=None, reason: str = "The menu names changed."):
    """Flag an article as out of date."""
    from portal.kb import services as kb

    return kb.flag_article(article, user or make_user(), reason)


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


def make_forum_category(slug: str | None = None, name: str | None = None):
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
        category or make_forum_category(),
        title or f"Question number {n} about the mesh",
        body,
        submit_key=f"factory-{n}",
    )


def make_reply(thread, author: User | None = None, body: str = "Try moving the node closer."):
    """Add a reply to a forum thread (no mail is sent)."""
    from portal.forum import services as forum_services

    n = next(_counter)
    return forum_services.post_reply(author or make_user(), thread, body, submit_key=f"factory-{n}")
