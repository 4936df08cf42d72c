"""Reading the forum: each page is a fixed handful of queries, whatever its size."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.auth.models import User
from portal.core import viewcounts
from portal.extensions import db
from portal.forum.models import ForumCategory, Post, Subscription, Thread, Vote

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25
SORTS = ("latest", "newest", "unanswered", "solved")


@dataclass
class ThreadListing:
    """One page of a category's threads."""

    category: ForumCategory
    threads: list[Thread]
    sort: str
    page: int
    pages: int
    total: int


@dataclass
class ThreadPage:
    """One page of a thread, with what the viewer has done there."""

    thread: Thread
    posts: list[Post]
    page: int
    pages: int
    question_id: int | None
    accepted: Post | None
    voted: set[int] = field(default_factory=set)
    subscribed: bool = False


def page_count(total: int, per_page: int) -> int:
    """Pages needed for total items (at least one, so an empty list still has a page)."""
    return max(1, math.ceil(total / per_page))


def check_page(page: int, pages: int) -> None:
    """404 for a page before the first or after the last."""
    if page < 1 or page > pages:
        abort(404)


def list_categories() -> list[ForumCategory]:
    """All categories in their display order, with their counts."""
    return list(
        db.session.scalars(
            select(ForumCategory).order_by(ForumCategory.position, ForumCategory.name)
        )
    )


def recent_threads(limit: int = 10) -> list[Thread]:
    """The threads with the latest activity across the forum."""
    return list(
        db.session.scalars(
            select(Thread)
            .options(
                joinedload(Thread.category),
                joinedload(Thread.author),
                joinedload(Thread.last_poster),
            )
            .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
            .limit(limit)
        )
    )


def get_category(slug: str) -> ForumCategory:
    """The category with that slug, or 404."""
    category = db.session.scalar(select(ForumCategory).where(ForumCategory.slug == slug))
    if category is None:
        abort(404)
    return category


def category_threads(category: ForumCategory, sort: str, page: int) -> ThreadListing:
    """A page of a category's threads in the chosen order; 404 past the last page."""
    if sort not in SORTS:
        sort = "latest"
    query = select(Thread).where(Thread.category_id == category.id)
    if sort == "unanswered":
        query = query.where(Thread.reply_count == 0)
    elif sort == "solved":
        query = query.where(Thread.accepted_post_id.is_not(None))
    if sort == "latest":
        total = category.thread_count
    else:
        total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = page_count(total, THREADS_PER_PAGE)
    check_page(page, pages)
    order = {
        "latest": (Thread.is_pinned.desc(), Thread.last_activity_at.desc()),
        "newest": (Thread.created_at.desc(),),
        "unanswered": (Thread.created_at.desc(),),
        "solved": (Thread.last_activity_at.desc(),),
    }[sort]
    threads = db.session.scalars(
        query.options(joinedload(Thread.author), joinedload(Thread.last_poster))
        .order_by(*order, Thread.id.desc())
        .offset((page - 1) * THREADS_PER_PAGE)
        .limit(THREADS_PER_PAGE)
    )
    return ThreadListing(category, list(threads), sort, page, pages, total)


# Statements every read of a thread page runs, built once: building one (and its cache key)
# costs about what running it does.
_THREAD = (
    select(Thread)
    .options(joinedload(Thread.category), joinedload(Thread.author))
    .where(Thread.id == bindparam("thread_id"))
)
_VOTED = select(Vote.post_id).where(
    Vote.user_id == bindparam("user_id"), Vote.post_id.in_(bindparam("post_ids", expanding=True))
)
_SUBSCRIBED = select(Subscription.id).where(
    Subscription.user_id == bindparam("user_id"), Subscription.thread_id == bindparam("thread_id")
)


def get_thread(thread_id: int) -> Thread:
    """The thread with its category and author, or 404."""
    thread = db.session.scalar(_THREAD, {"thread_id": thread_id})
    if thread is None:
        abort(404)
    return thread


def get_post(post_id: int) -> Post:
    """The post with its author, or 404."""
    post = db.session.scalar(
        select(Post).options(joinedload(Post.author)).where(Post.id == post_id)
    )
    if post is None:
        abort(404)
    return post


def thread_page(thread: Thread, page: int, viewer: User | None) -> ThreadPage:
    """The posts of one page of a thread, its accepted answer and the viewer's votes."""
    pages = page_count(thread.post_count, POSTS_PER_PAGE)
    check_page(page, pages)
    posts = list(
        db.session.scalars(
            select(Post)
            .options(joinedload(Post.author))
            .where(Post.thread_id == thread.id)
            .order_by(Post.id)
            .offset((page - 1) * POSTS_PER_PAGE)
            .limit(POSTS_PER_PAGE)
        )
    )
    first_id = posts[0].id if page == 1 and posts else None
    # Always its own query (even when it is on this page) so the count stays fixed.
    accepted = get_post(thread.accepted_post_id) if thread.accepted_post_id else None
    result = ThreadPage(thread, posts, page, pages, first_id, accepted)
    if viewer is not None and viewer.is_authenticated:
        ids = [p.id for p in posts] + ([accepted.id] if accepted else [])
        result.voted = set(db.session.scalars(_VOTED, {"user_id": viewer.id, "post_ids": ids}))
        subscription = db.session.scalar(
            _SUBSCRIBED, {"user_id": viewer.id, "thread_id": thread.id}
        )
        result.subscribed = subscription is not None
    return result


def _write_thread_views(pending: Counter) -> None:
    for thread_id, count in pending.items():
        views = Thread.view_count + count
        db.session.execute(update(Thread).where(Thread.id == thread_id).values(view_count=views))


def count_view(thread_id: int) -> None:
    """Add one to a thread's view count: in memory, written every PORTAL_VIEW_FLUSH_SECONDS.

    So a read costs no database write, and a page served from the page cache still counts.
    """
    viewcounts.record_view("forum-threads", thread_id, _write_thread_views)


def page_of_post(post: Post) -> int:
    """The page of its thread on which a post appears."""
    before = db.session.scalar(
        select(func.count(Post.id)).where(Post.thread_id == post.thread_id, Post.id < post.id)
    )
    return (before or 0) // POSTS_PER_PAGE + 1


def thread_choices(locale: str) -> list[SelectChoice]:
    """Categories as choices for a select field, named in the reader's language."""
    return [SelectChoice(c.id, c.label(locale)) for c in list_categories()]
