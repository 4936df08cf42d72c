"""Reading the forum: listings, sorting, pagination, thread pages, JSON-LD."""

import json
import re
from datetime import datetime

import pytest

from portal.extensions import db
from portal.forum import queries, services
from portal.forum.models import Post, Thread
from tests.factories import make_forum_category, make_reply, make_thread, make_user


def test_anyone_reads_the_forum_index_with_counts(client):
    category = make_forum_category(slug="setup", name="Setting up")
    thread = make_thread(category=category, title="Where does the second node go?")
    make_reply(thread)
    response = client.get("/forum/")
    assert response.status_code == 200
    assert "Setting up" in response.text
    assert "Where does the second node go?" in response.text
    row = re.search(r"Setting up</a>.*?</tr>", response.text, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "2"]


def test_category_page_lists_its_threads_only(client):
    mine, other = make_forum_category(), make_forum_category()
    make_thread(category=mine, title="Thread in my category")
    make_thread(category=other, title="Thread elsewhere entirely")
    response = client.get(f"/forum/{mine.slug}/")
    assert "Thread in my category" in response.text
    assert "Thread elsewhere entirely" not in response.text


def test_unknown_category_is_404(client):
    assert client.get("/forum/no-such-category/").status_code == 404


def test_category_sorts_by_unanswered_and_solved(client):
    category = make_forum_category()
    asker = make_user()
    unanswered = make_thread(author=asker, category=category, title="Nobody answered this one")
    solved = make_thread(author=asker, category=category, title="This one got solved nicely")
    services.accept_answer(asker, make_reply(solved))
    answered = make_thread(author=asker, category=category, title="Answered but not accepted")
    make_reply(answered)

    text = client.get(f"/forum/{category.slug}/?sort=unanswered").text
    assert unanswered.title in text
    assert solved.title not in text
    assert answered.title not in text

    text = client.get(f"/forum/{category.slug}/?sort=solved").text
    assert solved.title in text
    assert unanswered.title not in text

    text = client.get(f"/forum/{category.slug}/?sort=newest").text
    assert text.index(answered.title) < text.index(solved.title) < text.index(unanswered.title)


def test_latest_sort_puts_pinned_threads_first(client):
    category = make_forum_category()
    old = make_thread(category=category, title="Old thread that is pinned")
    make_thread(category=category, title="Newer thread not pinned")
    services_mod = __import__("portal.forum.moderation", fromlist=["set_pinned"])
    services_mod.set_pinned(make_user(role="agent"), old, True)
    text = client.get(f"/forum/{category.slug}/").text
    assert text.index("Old thread that is pinned") < text.index("Newer thread not pinned")


def test_category_pagination_and_its_bounds(client):
    category = make_forum_category()
    author = make_user()
    for n in range(queries.THREADS_PER_PAGE + 1):
        make_thread(author=author, category=category, title=f"Paged thread number {n:03d}")
    first = client.get(f"/forum/{category.slug}/")
    assert "Page 1 of 2" in first.text
    second = client.get(f"/forum/{category.slug}/?page=2")
    assert second.status_code == 200
    assert "Paged thread number 000" in second.text
    for bad in ("0", "3", "-1", "abc", "1.5"):
        assert client.get(f"/forum/{category.slug}/?page={bad}").status_code == 404


def test_empty_category_has_one_page(client):
    category = make_forum_category()
    assert client.get(f"/forum/{category.slug}/").status_code == 200
    assert client.get(f"/forum/{category.slug}/?page=2").status_code == 404


def test_thread_page_shows_posts_staff_badge_and_view_count(client):
    thread = make_thread(title="Lights blinking orange on node")
    make_reply(thread, author=make_user(role="agent", display_name="Ana Agent"))
    make_reply(thread, author=make_user(display_name="Carla Customer"))
    response = client.get(f"/forum/t/{thread.id}/{thread.slug}")
    assert response.status_code == 200
    assert "Lights blinking orange on node" in response.text
    ana = re.search(
        r'Ana Agent</span>\s*<span class="badge badge-staff">Staff</span>', response.text
    )
    assert ana
    assert not re.search(r'Carla Customer</span>\s*<span class="badge badge-staff">', response.text)
    client.get(f"/forum/t/{thread.id}")
    db.session.expire_all()
    assert db.session.get(Thread, thread.id).view_count == 2


def test_thread_without_slug_or_with_wrong_slug(client):
    thread = make_thread(title="Slugs are friendly to people")
    assert client.get(f"/forum/t/{thread.id}").status_code == 200
    wrong = client.get(f"/forum/t/{thread.id}/something-else?page=1")
    assert wrong.status_code == 301
    assert wrong.headers["Location"].endswith(f"/forum/t/{thread.id}/slugs-are-friendly-to-people")


def test_unknown_thread_is_404(client):
    assert client.get("/forum/t/999999").status_code == 404


def test_thread_pagination_and_its_bounds(client):
    thread = make_thread()
    replier = make_user()
    for n in range(queries.POSTS_PER_PAGE):
        make_reply(thread, author=replier, body=f"Reply body number {n:03d}")
    first = client.get(f"/forum/t/{thread.id}")
    assert "Reply body number 018" in first.text
    assert "Reply body number 019" not in first.text
    second = client.get(f"/forum/t/{thread.id}?page=2")
    assert "Reply body number 019" in second.text
    assert client.get(f"/forum/t/{thread.id}?page=3").status_code == 404
    assert client.get(f"/forum/t/{thread.id}?page=0").status_code == 404


def test_link_to_a_post_goes_to_its_page(client):
    thread = make_thread()
    replier = make_user()
    posts = [make_reply(thread, author=replier) for _ in range(queries.POSTS_PER_PAGE)]
    response = client.get(f"/forum/p/{posts[-1].id}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"?page=2#post-{posts[-1].id}")


def test_solved_thread_shows_accepted_answer_under_question_and_qapage(client):
    asker = make_user()
    thread = make_thread(author=asker, title="Router will not start at all")
    make_reply(thread, body="First guess that did not help")
    answer = make_reply(thread, body="Hold **reset** for ten seconds")
    services.accept_answer(asker, answer)
    text = client.get(f"/forum/t/{thread.id}").text
    assert "Solved" in text
    assert text.index('id="accepted-answer"') < text.index("First guess that did not help")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["name"] == "Router will not start at all"
    assert data["mainEntity"]["acceptedAnswer"]["text"] == "Hold reset for ten seconds"
    assert data["mainEntity"]["acceptedAnswer"]["url"].endswith(f"#post-{answer.id}")


def test_unsolved_thread_has_no_qapage(client):
    thread = make_thread()
    make_reply(thread)
    assert "application/ld+json" not in client.get(f"/forum/t/{thread.id}").text


def test_qapage_json_cannot_break_out_of_its_script_block(client):
    asker = make_user()
    thread = make_thread(author=asker, title="Title with </script><b>tag</b> inside")
    services.accept_answer(asker, make_reply(thread, body="answer </script> here"))
    text = client.get(f"/forum/t/{thread.id}").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["mainEntity"]["name"].startswith("Title with </script>")


def test_thread_offers_a_human_with_its_context(client):
    thread = make_thread()
    text = client.get(f"/forum/t/{thread.id}").text
    assert f'href="/contact?from=/forum/t/{thread.id}"' in text
    assert "Still stuck?" in text


@pytest.mark.parametrize("which", ["question", "answer"])
def test_a_hidden_question_or_answer_never_reaches_the_structured_data(client, login, which):
    asker = make_user()
    thread = make_thread(author=asker, title="Router will not start at all", body="Secret details")
    answer = make_reply(thread, body="Hold reset for ten seconds")
    services.accept_answer(asker, answer)
    question = db.session.scalar(
        db.select(Post).where(Post.thread_id == thread.id).order_by(Post.id)
    )
    hidden = answer if which == "answer" else question
    hidden.hidden_at = datetime(2026, 1, 1)
    db.session.commit()
    assert "application/ld+json" not in client.get(f"/forum/t/{thread.id}").text
    login(role="agent")  # a moderator sees the post on the page, but never in the data
    assert "application/ld+json" not in client.get(f"/forum/t/{thread.id}").text
