"""The benchmark's bulk-inserted forum data holds what posting through the app would hold."""

import re

from sqlalchemy import select

from bench.forum_data import LONG_THREAD_TITLE, create_busy_category, create_long_thread
from portal.extensions import db
from portal.forum import services
from portal.forum.models import ForumCategory, Post, Subscription, Thread
from portal.markdown import render_markdown
from tests.factories import make_forum_category, make_thread, make_user


def counters(thread_ids: list[int], category_id: int) -> tuple:
    db.session.expire_all()
    threads = db.session.scalars(select(Thread).where(Thread.id.in_(thread_ids)))
    category = db.session.get(ForumCategory, category_id)
    return (
        sorted((t.id, t.post_count, t.reply_count) for t in threads),
        (category.thread_count, category.post_count, category.last_activity_at),
    )


def test_long_thread_has_the_counts_pages_and_html_the_app_would_give_it(client):
    category = make_forum_category()
    make_thread(category=category, title="An older thread in the same category")
    authors = [make_user().id, make_user(role="agent").id, make_user().id]
    thread_id = create_long_thread(category.id, authors, posts=45)

    before = counters([thread_id], category.id)
    services.refresh_thread_counts(db.session.get(Thread, thread_id))
    services.recount_category(category.id)
    db.session.commit()
    assert counters([thread_id], category.id) == before
    assert before[0] == [(thread_id, 45, 44)]
    assert before[1][:2] == (2, 46)

    posts = db.session.scalars(select(Post).where(Post.thread_id == thread_id)).all()
    assert all(p.body_html == render_markdown(p.body_md, user_content=True) for p in posts)
    subscribed = db.session.scalars(
        select(Subscription.user_id).where(Subscription.thread_id == thread_id)
    )
    assert sorted(subscribed) == sorted(authors)

    first = client.get(f"/forum/t/{thread_id}")
    assert first.status_code == 200
    assert LONG_THREAD_TITLE in first.text
    assert "Accepted answer" in first.text
    assert "Page 1 of 3" in first.text
    last = client.get(f"/forum/t/{thread_id}?page=3")
    assert last.status_code == 200
    assert f'id="post-{max(p.id for p in posts)}"' in last.text
    assert len(re.findall(r'<article class="post', last.text)) == 5
    assert client.get(f"/forum/t/{thread_id}?page=4").status_code == 404


def test_busy_category_lists_pinned_first_with_correct_counts(client):
    authors = [make_user().id, make_user(role="agent").id]
    category = create_busy_category(authors, threads=60)
    in_category = select(Thread.id).where(Thread.category_id == category.id)
    thread_ids = list(db.session.scalars(in_category))

    before = counters(thread_ids, category.id)
    for thread_id in thread_ids:
        services.refresh_thread_counts(db.session.get(Thread, thread_id))
    services.recount_category(category.id)
    db.session.commit()
    assert counters(thread_ids, category.id) == before
    assert before[1][:2] == (60, 100)  # 60 questions, a reply in two of every three

    page = client.get(f"/forum/{category.slug}/")
    assert page.status_code == 200
    titles = re.findall(r'class="thread-title"[^>]*>([^<]+)<', page.text)
    assert len(titles) == 25
    assert titles[0].endswith("(#8)")  # the one pinned thread, though not the latest
    assert titles[1].endswith("(#60)")
    assert "Page 1 of 3" in page.text
    assert 'badge-solved">Solved' in page.text
    unanswered = client.get(f"/forum/{category.slug}/?sort=unanswered&page=1")
    assert len(re.findall(r'class="thread-title"', unanswered.text)) == 20
