"""Big forum data for the HTTP benchmark: a thread of 1,000 posts, a category of 10,000 threads.

Written with bulk inserts (SQLAlchemy core executemany) so that setting up takes seconds,
but holding what the app's own posting code would hold: rendered HTML beside the Markdown
of every post, thread and category counters, last activity and last poster, accepted
answers and the authors' subscriptions. A handful of bodies is rendered once and reused, as
if members had pasted the same words again.

Bulk inserts bypass the ORM session, so the search index does not follow them: the new
threads are not in Whoosh until `flask search reindex`. The benchmark reads thread and
category pages, which never touch the index, so indexing 10,000 threads would only slow the
set-up down.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update

from portal.clock import utcnow
from portal.extensions import db
from portal.forum.models import ForumCategory, Post, Subscription, Thread
from portal.forum.services import recount_category, slugify
from portal.markdown import render_markdown

LONG_THREAD_TITLE = "Wi-Fi drops every evening around 8 pm: everything we have tried"
BUSY_CATEGORY = ("busy", "Around the house", "Everything else about your home network.")

QUESTIONS = [
    (
        "My Wi-Fi drops for a minute every evening",
        "Every evening around **8 pm** my Wi-Fi drops for a minute or two.\n\n"
        "- Alon Mesh three-pack, firmware 2.4\n- About 20 devices\n\nWhat should I check first?",
    ),
    (
        "The app says a node is offline but its light is white",
        "Since yesterday the app says *Node offline* for the satellite upstairs, "
        "but its light is solid white. Restarting the app did not help.",
    ),
    (
        "A guest network that turns itself off at night?",
        "Can I set up a guest network that turns itself off at night? I found the schedule "
        "for [parental controls](/kb/set-up-parental-controls) but not for guests.",
    ),
    (
        "How do I keep my smart TV on 5 GHz?",
        "My smart TV keeps joining the 2.4 GHz band and buffering. "
        "Is there a way to keep it on 5 GHz?",
    ),
]
REPLIES = [
    "Same here after the update to **firmware 2.4**. What helped me:\n\n"
    "1. Unplug the satellite node for 30 seconds.\n2. Move it one room closer to the router.\n\n"
    "See [the placement guide](/kb/fix-slow-or-dropping-wifi) too.",
    "Check *Settings → Network → Channel*: mine was stuck on a crowded channel. "
    "Setting it back to **Auto** fixed it.",
    "> Every evening around 8 pm\n\nThat sounds like your neighbours streaming. "
    "Try the 5 GHz band for the devices that stay in one place.",
    "Thanks, that worked for me as well. Marking this down for next time.",
    "Did you try a factory reset of just the satellite? Hold the button for `10 s` "
    "until the light blinks blue, then add it again in the app.",
    "Support told me to send them the app's diagnostics (*Help → Send report*); "
    "they found a faulty power adapter.",
]


def _rendered(bodies: Sequence[str]) -> list[tuple[str, str]]:
    """Each Markdown body with its HTML, rendered the way the app renders a post."""
    return [(body, render_markdown(body, user_content=True)) for body in bodies]


def _insert_returning_ids(table, rows: list[dict]) -> list[int]:
    """Insert rows in one executemany and return their new ids in the same order."""
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _subscribe(pairs: set[tuple[int, int]]) -> None:
    """Subscribe authors to their threads, as posting does."""
    rows = [{"thread_id": t, "user_id": u} for t, u in sorted(pairs)]
    if rows:
        db.session.execute(insert(Subscription.__table__), rows)


def create_long_thread(
    category_id: int, author_ids: Sequence[int], posts: int = 1000, now: datetime | None = None
) -> int:
    """A thread of `posts` posts (question included), one every 15 minutes; return its id.

    Authors take turns; the 43rd post (or the last, in a shorter thread) is the accepted
    answer, so the first page shows an accepted answer as a solved thread does.
    """
    now = now or utcnow()
    start = now - timedelta(minutes=15 * posts)
    question, replies = _rendered([QUESTIONS[0][1]]), _rendered(REPLIES)
    last = posts - 1
    thread_id = _insert_returning_ids(
        Thread.__table__,
        [
            {
                "category_id": category_id,
                "author_id": author_ids[0],
                "title": LONG_THREAD_TITLE,
                "slug": slugify(LONG_THREAD_TITLE),
                "language": "en",
                "created_at": start,
                "last_activity_at": start + timedelta(minutes=15 * last),
                "last_poster_id": author_ids[last % len(author_ids)],
                "post_count": posts,
                "reply_count": posts - 1,
                "view_count": 9 * posts,
                "is_locked": False,
                "is_pinned": False,
            }
        ],
    )[0]
    rows = []
    for n in range(posts):
        body_md, body_html = question[0] if n == 0 else replies[n % len(replies)]
        rows.append(
            {
                "thread_id": thread_id,
                "author_id": author_ids[n % len(author_ids)],
                "body_md": body_md,
                "body_html": body_html,
                "submit_key": f"bench-{thread_id}-{n}",
                "created_at": start + timedelta(minutes=15 * n),
                "vote_count": n % 4,
            }
        )
    post_ids = _insert_returning_ids(Post.__table__, rows)
    if posts > 1:
        db.session.execute(
            update(Thread.__table__)
            .where(Thread.__table__.c.id == thread_id)
            .values(accepted_post_id=post_ids[min(42, last)])
        )
    _subscribe({(thread_id, row["author_id"]) for row in rows})
    recount_category(category_id)
    db.session.commit()
    return thread_id


def create_busy_category(
    author_ids: Sequence[int], threads: int = 10_000, now: datetime | None = None
) -> ForumCategory:
    """A category of `threads` threads, one started every 20 minutes; return it.

    Two of every three threads have a reply from another member (which moves their last
    activity and last poster); one in six is solved, one in 500 pinned and one in 700 locked,
    so every badge and sort order of the listing has something to show.
    """
    now = now or utcnow()
    slug, name, description = BUSY_CATEGORY
    position = db.session.scalar(select(func.count(ForumCategory.id))) or 0
    category_id = _insert_returning_ids(
        ForumCategory.__table__,
        [
            {
                "slug": slug,
                "name": name,
                "description": description,
                "position": position,
                "thread_count": 0,
                "post_count": 0,
            }
        ],
    )[0]
    questions, replies = _rendered([body for _, body in QUESTIONS]), _rendered(REPLIES)
    people = len(author_ids)
    thread_rows, answered = [], []
    for n in range(threads):
        asked = now - timedelta(minutes=20 * (threads - n))
        has_reply = n % 3 != 0
        author = author_ids[n % people]
        replier = author_ids[(n + 1) % people]
        answered.append(has_reply)
        title = f"{QUESTIONS[n % len(QUESTIONS)][0]} (#{n + 1})"
        thread_rows.append(
            {
                "category_id": category_id,
                "author_id": author,
                "title": title,
                "slug": slugify(title),
                "language": "en",
                "created_at": asked,
                "last_activity_at": asked + timedelta(minutes=10) if has_reply else asked,
                "last_poster_id": replier if has_reply else author,
                "post_count": 2 if has_reply else 1,
                "reply_count": 1 if has_reply else 0,
                "view_count": 5 + n % 97,
                "is_locked": n % 700 == 699,
                "is_pinned": n % 500 == 7,
            }
        )
    thread_ids = _insert_returning_ids(Thread.__table__, thread_rows)
    post_rows, reply_of = [], []
    for n, (thread_id, row) in enumerate(zip(thread_ids, thread_rows, strict=True)):
        body_md, body_html = questions[n % len(questions)]
        post_rows.append(
            {
                "thread_id": thread_id,
                "author_id": row["author_id"],
                "body_md": body_md,
                "body_html": body_html,
                "submit_key": f"bench-{thread_id}-0",
                "created_at": row["created_at"],
                "vote_count": n % 3,
            }
        )
    for n, (thread_id, row) in enumerate(zip(thread_ids, thread_rows, strict=True)):
        if answered[n]:
            body_md, body_html = replies[n % len(replies)]
            reply_of.append(thread_id)
            post_rows.append(
                {
                    "thread_id": thread_id,
                    "author_id": row["last_poster_id"],
                    "body_md": body_md,
                    "body_html": body_html,
                    "submit_key": f"bench-{thread_id}-1",
                    "created_at": row["last_activity_at"],
                    "vote_count": n % 5,
                }
            )
    post_ids = _insert_returning_ids(Post.__table__, post_rows)
    reply_ids = dict(zip(reply_of, post_ids[threads:], strict=True))
    table = Thread.__table__
    solved = [
        {"thread": thread_id, "answer": reply_ids[thread_id]}
        for n, thread_id in enumerate(thread_ids)
        if n % 6 == 1
    ]
    if solved:
        db.session.execute(
            update(table)
            .where(table.c.id == bindparam("thread"))
            .values(accepted_post_id=bindparam("answer")),
            solved,
        )
    pairs = zip(thread_ids, thread_rows, strict=True)
    _subscribe({(t, row[key]) for t, row in pairs for key in ("author_id", "last_poster_id")})
    recount_category(category_id)
    db.session.commit()
    return db.session.get(ForumCategory, category_id)
