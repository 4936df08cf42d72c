"""Demo community content for the fictional Alon Mesh Wi-Fi, its app and Alon Plus."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.auth.services import find_user_by_email
from portal.clock import utcnow
from portal.extensions import db
from portal.forum.demo_content import CATEGORIES, DEMO_AUTHORS, THREADS
from portal.forum.models import ForumCategory, Post, Subscription, Thread
from portal.forum.services import recount_category, slugify
from portal.markdown import render_markdown


def _post(thread: Thread, author_id: int, body: str, when, key: str) -> Post:
    post = Post(
        thread_id=thread.id,
        author_id=author_id,
        body_md=body,
        body_html=render_markdown(body, user_content=True),
        submit_key=key,
        created_at=when,
    )
    db.session.add(post)
    return post


def load_demo_forum() -> str:
    """Create the demo categories and threads that do not exist yet.

    Written straight to the tables, back-dated over the past weeks, so the posting
    rules (rate limit, mails) do not apply to content that is not really new.
    """
    users = {key: find_user_by_email(email) for key, email in DEMO_AUTHORS.items()}
    if any(user is None for user in users.values()):
        return "skipped: the demo users are missing"
    categories = {c.slug: c for c in db.session.scalars(select(ForumCategory))}
    for position, (slug, name, description, name_fil, description_fil) in enumerate(CATEGORIES):
        if slug not in categories:
            categories[slug] = ForumCategory(
                slug=slug, name=name, description=description, position=position
            )
            db.session.add(categories[slug])
        # Filled in on a later load too, for a demo loaded before the names existed.
        category = categories[slug]
        category.name_fil = category.name_fil or name_fil
        category.description_fil = category.description_fil or description_fil
    db.session.flush()
    existing = set(db.session.scalars(select(Thread.title)))
    created = 0
    now = utcnow()
    for n, spec in enumerate(THREADS):
        if spec["title"] in existing:
            continue
        asked = now - timedelta(days=len(THREADS) - n, hours=n % 7)
        author = users[spec["author"]]
        thread = Thread(
            category_id=categories[spec["category"]].id,
            author_id=author.id,
            title=spec["title"],
            slug=slugify(spec["title"]),
            language=spec["lang"],
            created_at=asked,
            last_activity_at=asked,
            last_poster_id=author.id,
            post_count=1 + len(spec["replies"]),
            reply_count=len(spec["replies"]),
            view_count=7 + 13 * len(spec["replies"]) + n,
        )
        db.session.add(thread)
        db.session.flush()
        _post(thread, author.id, spec["body"], asked, f"demo-{n}-0")
        replies = []
        for r, (key, body) in enumerate(spec["replies"], start=1):
            when = asked + timedelta(hours=3 * r)
            replies.append(_post(thread, users[key].id, body, when, f"demo-{n}-{r}"))
            thread.last_activity_at = when
            thread.last_poster_id = users[key].id
        db.session.flush()
        if spec["accepted"] is not None:
            thread.accepted_post_id = replies[spec["accepted"]].id
        for user_id in {author.id, *(p.author_id for p in replies)}:
            db.session.add(Subscription(thread_id=thread.id, user_id=user_id))
        created += 1
    db.session.flush()
    for category in categories.values():
        recount_category(category.id)
    db.session.commit()
    return f"{created} threads created, {len(THREADS) - created} already there"
