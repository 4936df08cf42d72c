"""Posting in the forum: threads, replies, edits, deletions, accepted answers, votes."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.clock import utcnow
from portal.core import dates
from portal.extensions import db
from portal.forum import permissions
from portal.forum.models import ForumCategory, Post, Suspension, Thread
from portal.forum.notifications import notify_subscribers, subscribe
from portal.markdown import render_markdown

MAX_TITLE = 150
MAX_BODY = 20_000
# A member may write this many posts in this many seconds; staff are not limited.
DEFAULT_POST_RATE = (10, 600)
UrlFor = Callable[..., str]
# Paths under /forum/ that a category slug must not shadow.
RESERVED_SLUGS = {"new", "t", "p", "moderation", "unsubscribe", "preview"}


class ForumError(Exception):
    """A problem with a forum action that the user can fix; str() is the message."""

    message = _l("That could not be done.")

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(ForumError):
    message = _l("You cannot do that here.")


class ThreadLocked(ForumError):
    message = _l("This thread is locked: it no longer takes replies.")


class BodyTooLong(ForumError):
    message = _l("Your post is too long. Keep it under 20,000 characters, or split it in two.")


class EmptyBody(ForumError):
    message = _l("Write something before you send.")


class PostingTooFast(ForumError):
    message = _l(
        "You are posting very quickly. Wait a few minutes, then send again: "
        "your text is kept below."
    )


class PostingSuspended(ForumError):
    def __init__(self, until: datetime) -> None:
        super().__init__()
        self.until = until

    def __str__(self) -> str:
        return str(
            _l(
                "Your account may not post in the community until %(date)s.",
                date=dates.exact(self.until),
            )
        )


class NotAReply(ForumError):
    message = _l("Only a reply can be the accepted answer.")


class DuplicateSubmission(ForumError):
    """The same form arrived twice; the post it made the first time is attached."""

    def __init__(self, post: Post) -> None:
        super().__init__()
        self.post = post


def new_submit_key() -> str:
    """A one-time key for a posting form; a resent form repeats it."""
    return secrets.token_urlsafe(24)


def slugify(text: str) -> str:
    """A short ASCII slug for a URL."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or "thread"


def active_suspension(user: User) -> Suspension | None:
    """The member's suspension if it still runs."""
    return db.session.scalar(
        select(Suspension).where(Suspension.user_id == user.id, Suspension.until > utcnow())
    )


def check_may_post(user: User) -> None:
    """Raise unless the user may post now: not suspended, not posting too fast."""
    if permissions.is_moderator(user):
        return
    suspension = active_suspension(user)
    if suspension:
        raise PostingSuspended(suspension.until)
    # The same switch as the request limits, so tests and load runs can turn it off.
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    limit, seconds = current_app.config.get("PORTAL_FORUM_POST_RATE", DEFAULT_POST_RATE)
    since = utcnow() - timedelta(seconds=seconds)
    recent = db.session.scalar(
        select(func.count(Post.id)).where(Post.author_id == user.id, Post.created_at > since)
    )
    if (recent or 0) >= limit:
        raise PostingTooFast()


def _clean_text(text: str | None) -> str:
    """Drop NUL characters: PostgreSQL text cannot hold them."""
    return (text or "").replace("\x00", "")


def _checked_body(body: str) -> str:
    body = _clean_text(body).strip()
    if not body:
        raise EmptyBody()
    if len(body) > MAX_BODY:
        raise BodyTooLong()
    return body


def _find_submission(user: User, submit_key: str) -> Post | None:
    return db.session.scalar(
        select(Post).where(Post.author_id == user.id, Post.submit_key == submit_key)
    )


def _insert_post(user: User, post: Post, submit_key: str) -> None:
    """Flush a new post; a concurrent copy of the same form loses on the unique key."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = _find_submission(user, submit_key)
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None


def create_thread(
    user: User,
    category: ForumCategory,
    title: str,
    body: str,
    submit_key: str,
    language: str = "en",
) -> Thread:
    """Start a thread with its question; the author is subscribed to it."""
    existing = _find_submission(user, submit_key)
    if existing is not None:
        raise DuplicateSubmission(existing)
    body = _checked_body(body)
    check_may_post(user)
    now = utcnow()
    title = " ".join(_clean_text(title).split())[:MAX_TITLE]
    thread = Thread(
        category_id=category.id,
        author_id=user.id,
        title=title,
        slug=slugify(title),
        language=language,
        created_at=now,
        last_activity_at=now,
        last_poster_id=user.id,
        post_count=1,
        reply_count=0,
    )
    db.session.add(thread)
    post = Post(
        author_id=user.id,
        body_md=body,
        body_html=render_markdown(body, user_content=True),
        submit_key=submit_key,
        created_at=now,
    )
    db.session.flush()
    post.thread_id = thread.id
    db.session.add(post)
    _insert_post(user, post, submit_key)
    subscribe(user.id, thread.id)
    db.session.execute(
        update(ForumCategory)
        .where(ForumCategory.id == category.id)
        .values(
            thread_count=ForumCategory.thread_count + 1,
            post_count=ForumCategory.post_count + 1,
            last_activity_at=now,
        )
    )
    db.session.commit()
    return thread


def post_reply(
    user: User,
    thread: Thread,
    body: str,
    submit_key: str,
    url_for: UrlFor | None = None,
) -> Post:
    """Add a reply, subscribe its author and mail the thread's other subscribers.

    url_for builds the absolute links in the mail; without it no mail is sent.
    """
    existing = _find_submission(user, submit_key)
    if existing is not None:
        raise DuplicateSubmission(existing)
    if thread.is_locked and not permissions.is_moderator(user):
        raise ThreadLocked()
    body = _checked_body(body)
    check_may_post(user)
    now = utcnow()
    post = Post(
        thread_id=thread.id,
        author_id=user.id,
        body_md=body,
        body_html=render_markdown(body, user_content=True),
        submit_key=submit_key,
        created_at=now,
    )
    db.session.add(post)
    _insert_post(user, post, submit_key)
    subscribe(user.id, thread.id)
    # Counters move by SQL arithmetic, so concurrent replies never overwrite each other.
    db.session.execute(
        update(Thread)
        .where(Thread.id == thread.id)
        .values(
            post_count=Thread.post_count + 1,
            reply_count=Thread.reply_count + 1,
            last_activity_at=now,
            last_poster_id=user.id,
        )
    )
    db.session.execute(
        update(ForumCategory)
        .where(ForumCategory.id == thread.category_id)
        .values(post_count=ForumCategory.post_count + 1, last_activity_at=now)
    )
    db.session.commit()
    if url_for is not None:
        notify_subscribers(post, url_for)
    return post


def question_id(thread_id: int) -> int | None:
    """The id of a thread's first post."""
    return db.session.scalar(select(func.min(Post.id)).where(Post.thread_id == thread_id))


def refresh_thread_counts(thread: Thread) -> None:
    """Recount a thread's posts and visible replies (after a deletion or moderation)."""
    first = question_id(thread.id)
    visible = (
        select(func.count(Post.id))
        .where(
            Post.thread_id == thread.id,
            Post.id != first,
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
        )
        .scalar_subquery()
    )
    total = select(func.count(Post.id)).where(Post.thread_id == thread.id).scalar_subquery()
    db.session.execute(
        update(Thread).where(Thread.id == thread.id).values(reply_count=visible, post_count=total)
    )


def recount_category(category_id: int) -> None:
    """Recount a category's threads and posts and its last activity."""
    row = db.session.execute(
        select(
            func.count(Thread.id),
            func.coalesce(func.sum(Thread.post_count), 0),
            func.max(Thread.last_activity_at),
        ).where(Thread.category_id == category_id)
    ).one()
    db.session.execute(
        update(ForumCategory)
        .where(ForumCategory.id == category_id)
        .values(thread_count=row[0], post_count=row[1], last_activity_at=row[2])
    )


def edit_post(user: User, post: Post, body: str, title: str | None = None) -> Post:
    """Change a post's text (and the thread's title when it is the question)."""
    if not permissions.can_edit(user, post):
        raise NotAllowed()
    if not user.is_staff:
        suspension = active_suspension(user)
        if suspension:
            raise PostingSuspended(suspension.until)
    body = _checked_body(body)
    if body != post.body_md:
        post.body_md = body
        post.body_html = render_markdown(body, user_content=True)
        post.edited_at = utcnow()
    if title and question_id(post.thread_id) == post.id:
        thread = db.session.get(Thread, post.thread_id)
        clean_title = " ".join(_clean_text(title).split())[:MAX_TITLE]
        if clean_title != thread.title:
            thread.title = clean_title
            thread.slug = slugify(clean_title)
            post.edited_at = utcnow()
    db.session.commit()
    return post


def delete_post(user: User, post: Post) -> None:
    """Delete a post's content, leaving a placeholder so the conversation still reads."""
    if not permissions.can_delete(user, post):
        raise NotAllowed()
    post.deleted_at = utcnow()
    post.body_md = ""
    post.body_html = ""
    thread = db.session.get(Thread, post.thread_id)
    if thread.accepted_post_id == post.id:
        thread.accepted_post_id = None
    db.session.flush()
    refresh_thread_counts(thread)
    db.session.commit()


def accept_answer(user: User, post: Post) -> Thread:
    """Mark a reply as the thread's accepted answer, replacing any earlier one."""
    thread = db.session.get(Thread, post.thread_id)
    if not permissions.can_accept(user, thread):
        raise NotAllowed()
    if not post.is_visible or question_id(thread.id) == post.id:
        raise NotAReply()
    thread.accepted_post_id = post.id
    db.session.commit()
    return thread


def clear_accepted_answer(user: User, thread: Thread) -> Thread:
    """Mark the thread unsolved again."""
    if not permissions.can_accept(user, thread):
        raise NotAllowed()
    thread.accepted_post_id = None
    db.session.commit()
    return thread


def create_category(
    slug: str, name: str, description: str = "", position: int = 0
) -> ForumCategory:
    """Add a forum category."""
    if slug in RESERVED_SLUGS:
        raise ValueError(f"{slug!r} is a forum address already; choose another slug.")
    category = ForumCategory(slug=slug, name=name, description=description, position=position)
    db.session.add(category)
    db.session.commit()
    return category
