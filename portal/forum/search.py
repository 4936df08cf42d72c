"""Forum threads in search: the question and its visible replies; solved threads rank higher."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from portal.extensions import db
from portal.forum.models import ForumCategory, Post, Thread
from portal.markdown import plain_text
from portal.search.documents import SearchDocument, Section

SOLVED_BOOST = 1.5


def thread_document(thread: Thread, category: ForumCategory, posts: list[Post]) -> SearchDocument:
    """A thread as one document: the question first, then the visible replies."""
    visible = [post for post in posts if post.is_visible]
    solved = thread.accepted_post_id is not None
    sections = [Section("", "", plain_text(post.body_html)) for post in visible]
    return SearchDocument(
        kind="thread",
        id=thread.id,
        title=thread.title,
        url=f"/forum/t/{thread.id}/{thread.slug}",
        sections=sections,
        language=thread.language,
        category=f"forum-{category.slug}",
        category_labels={
            "en": category.name,
            **({"fil": category.name_fil} if category.name_fil else {}),
        },
        tags=["solved"] if solved else [],
        updated=thread.last_activity_at,
        boost=SOLVED_BOOST if solved else 1.0,
    )


def _documents(threads: list[Thread]) -> list[SearchDocument]:
    if not threads:
        return []
    ids = [thread.id for thread in threads]
    posts: dict[int, list[Post]] = {i: [] for i in ids}
    for post in db.session.scalars(
        select(Post).where(Post.thread_id.in_(ids)).order_by(Post.created_at, Post.id)
    ):
        posts[post.thread_id].append(post)
    categories = {
        c.id: c
        for c in db.session.scalars(
            select(ForumCategory).where(ForumCategory.id.in_({t.category_id for t in threads}))
        )
    }
    return [
        thread_document(t, categories[t.category_id], posts[t.id])
        for t in threads
        if posts[t.id] and posts[t.id][0].is_visible
    ]


def documents_for(ids: list) -> list[SearchDocument]:
    """Documents of those threads whose question is visible."""
    return _documents(list(db.session.scalars(select(Thread).where(Thread.id.in_(ids)))))


def all_documents() -> Iterable[SearchDocument]:
    """Every thread whose question is visible, a hundred at a time."""
    last = 0
    while True:
        batch = list(
            db.session.scalars(
                select(Thread).where(Thread.id > last).order_by(Thread.id).limit(100)
            )
        )
        if not batch:
            return
        yield from _documents(batch)
        last = batch[-1].id


WATCH = {Thread: None, Post: lambda post: [post.thread_id]}
