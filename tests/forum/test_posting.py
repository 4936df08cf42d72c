"""Posting: who may start threads and reply, edits, deletions, double submits."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.forum import services
from portal.forum.models import Post, Subscription, Thread
from tests.factories import make_forum_category, make_reply, make_thread, make_user


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_visitors_read_but_are_sent_to_log_in_to_post(client):
    thread = make_thread()
    category = make_forum_category()
    assert client.get("/forum/new").status_code == 302
    response = client.post(
        "/forum/new", data={"category": category.id, "title": "A title here", "body": "x"}
    )
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    response = client.post(f"/forum/t/{thread.id}/reply", data={"body": "Sneaky reply"})
    assert "/auth/login" in response.headers["Location"]
    assert count(Post) == 1
    assert "Log in to reply" in client.get(f"/forum/t/{thread.id}").text


def test_member_starts_a_thread_and_is_subscribed(client, login):
    member = login()
    category = make_forum_category()
    response = client.post(
        "/forum/new",
        data={
            "category": category.id,
            "title": "Speed drops every evening",
            "body": "From **8 pm** it is slow.",
            "submit_key": "key-1",
        },
    )
    assert response.status_code == 303
    thread = db.session.scalar(select(Thread))
    assert response.headers["Location"].endswith(f"/forum/t/{thread.id}/speed-drops-every-evening")
    page = client.get(response.headers["Location"]).text
    assert "<strong>8 pm</strong>" in page
    assert db.session.scalar(select(Subscription.user_id)) == member.id
    db.session.refresh(category)
    assert (category.thread_count, category.post_count) == (1, 1)


def test_new_thread_form_keeps_text_on_errors(client, login):
    login()
    category = make_forum_category()
    response = client.post(
        "/forum/new", data={"category": category.id, "title": "short", "body": "My long text"}
    )
    assert response.status_code == 200
    assert "Use between 8 and 150 characters." in response.text
    assert "My long text" in response.text
    assert count(Thread) == 0


def test_unknown_category_in_the_form_is_a_field_error(client, login):
    login()
    response = client.post(
        "/forum/new", data={"category": 99999, "title": "A fine title", "body": "text"}
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.text


def test_body_over_the_limit_is_refused_with_a_clear_message(client, login):
    login()
    thread = make_thread()
    body = "a" * (services.MAX_BODY + 1)
    response = client.post(f"/forum/t/{thread.id}/reply", data={"body": body})
    assert response.status_code == 400
    assert "Your post is too long" in response.text
    assert count(Post) == 1


def test_service_refuses_too_long_body_too(app):
    thread = make_thread()
    try:
        make_reply(thread, body="b" * (services.MAX_BODY + 1))
    except services.BodyTooLong as error:
        assert "too long" in str(error)
    else:
        raise AssertionError("a too long body was accepted")


def test_preview_shows_rendered_markdown_without_posting(client, login):
    login()
    thread = make_thread()
    response = client.post(
        f"/forum/t/{thread.id}/reply", data={"body": "Use **bold**", "preview": "1"}
    )
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text
    assert count(Post) == 1
    fragment = client.post("/forum/preview", data={"body": "_em_"}, headers={"HX-Request": "true"})
    assert "<em>em</em>" in fragment.text
    assert "<html" not in fragment.text


def test_reply_goes_to_the_new_post_and_subscribes(client, login):
    member = login()
    thread = make_thread()
    response = client.post(
        f"/forum/t/{thread.id}/reply", data={"body": "Try a restart", "submit_key": "r1"}
    )
    assert response.status_code == 303
    post = db.session.scalar(select(Post).where(Post.author_id == member.id))
    assert response.headers["Location"].endswith(f"/forum/p/{post.id}")
    db.session.refresh(thread)
    assert (thread.post_count, thread.reply_count, thread.last_poster_id) == (2, 1, member.id)
    assert db.session.scalar(select(Subscription.id).where(Subscription.user_id == member.id))


def test_the_same_form_sent_twice_makes_one_post(client, login):
    login()
    thread = make_thread()
    data = {"body": "Double clicked", "submit_key": "same-key"}
    first = client.post(f"/forum/t/{thread.id}/reply", data=data)
    second = client.post(f"/forum/t/{thread.id}/reply", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Post) == 2
    db.session.refresh(thread)
    assert thread.reply_count == 1


def test_a_new_thread_sent_twice_makes_one_thread(client, login):
    login()
    category = make_forum_category()
    data = {
        "category": category.id,
        "title": "Sent twice by mistake",
        "body": "x",
        "submit_key": "k",
    }
    client.post("/forum/new", data=data)
    second = client.post("/forum/new", data=data)
    assert second.status_code == 303
    assert count(Thread) == 1


def test_a_concurrent_duplicate_loses_on_the_unique_key(app):
    member = make_user()
    thread = make_thread()
    db.session.add(Post(thread_id=thread.id, author_id=member.id, submit_key="raced"))
    db.session.commit()
    # The first look-up misses (as when two requests arrive together); the insert then fails.
    original = services._find_submission
    calls = []

    def miss_once(user, key):
        calls.append(key)
        return None if len(calls) == 1 else original(user, key)

    services._find_submission = miss_once
    try:
        services.post_reply(member, thread, "again", "raced")
    except services.DuplicateSubmission as duplicate:
        assert duplicate.post.submit_key == "raced"
    else:
        raise AssertionError("the duplicate was posted")
    finally:
        services._find_submission = original
    assert count(Post) == 2


def test_quote_prefills_the_reply(client, login):
    login()
    thread = make_thread(body="The light is orange\nand blinking")
    first = db.session.scalar(select(Post))
    response = client.get(f"/forum/t/{thread.id}/reply?quote={first.id}")
    assert response.status_code == 200
    assert "&gt; The light is orange\n&gt; and blinking" in response.text
    assert "wrote:" in response.text


def test_members_edit_their_own_posts_and_they_are_marked_edited(client, login):
    member = login()
    thread = make_thread()
    post = make_reply(thread, author=member, body="Frist")
    response = client.post(f"/forum/p/{post.id}/edit", data={"body": "First"})
    assert response.status_code == 303
    db.session.refresh(post)
    assert post.body_md == "First" and post.edited_at is not None
    assert "(edited)" in client.get(f"/forum/t/{thread.id}").text


def test_the_author_edits_the_title_with_the_question(client, login):
    member = login()
    thread = make_thread(author=member, title="Old title of the question")
    question = db.session.scalar(select(Post))
    client.post(
        f"/forum/p/{question.id}/edit", data={"title": "New title of the question", "body": "b"}
    )
    db.session.refresh(thread)
    assert thread.title == "New title of the question"
    assert thread.slug == "new-title-of-the-question"


def test_members_cannot_edit_or_delete_others_posts(client, login):
    login()
    post = make_reply(make_thread())
    assert client.get(f"/forum/p/{post.id}/edit").status_code == 403
    assert client.post(f"/forum/p/{post.id}/edit", data={"body": "mine now"}).status_code == 403
    assert client.post(f"/forum/p/{post.id}/delete").status_code == 403
    db.session.refresh(post)
    assert post.body_md == "Try moving the node closer." and post.deleted_at is None


def test_staff_edit_any_post(client, login):
    login(role="agent")
    post = make_reply(make_thread())
    assert client.post(f"/forum/p/{post.id}/edit", data={"body": "Tidied"}).status_code == 303
    db.session.refresh(post)
    assert post.body_md == "Tidied"


def test_deleting_leaves_a_placeholder(client, login):
    member = login()
    thread = make_thread()
    post = make_reply(thread, author=member, body="Oops, wrong thread")
    assert client.post(f"/forum/p/{post.id}/delete").status_code == 303
    page = client.get(f"/forum/t/{thread.id}").text
    assert "Oops, wrong thread" not in page
    assert "This post was deleted by its author." in page
    db.session.refresh(thread)
    assert (thread.post_count, thread.reply_count) == (2, 0)
    assert client.post(f"/forum/p/{post.id}/edit", data={"body": "back"}).status_code == 403


def test_locked_thread_takes_no_member_replies(client, login):
    login()
    thread = make_thread()
    thread.is_locked = True
    db.session.commit()
    response = client.post(f"/forum/t/{thread.id}/reply", data={"body": "Let me in"})
    assert response.status_code == 400
    assert "This thread is locked" in response.text
    assert "Let me in" in response.text
    assert count(Post) == 1


def test_unknown_post_and_thread_ids_are_404(client, login):
    login()
    assert client.get("/forum/p/424242/edit").status_code == 404
    assert client.post("/forum/p/424242/vote", data={"vote": "1"}).status_code == 404
    assert client.post("/forum/t/424242/reply", data={"body": "x"}).status_code == 404
    assert client.get("/forum/p/424242").status_code == 404


def test_ask_from_a_category_preselects_it(client, login):
    login()
    make_forum_category()
    chosen = make_forum_category(slug="alon-plus", name="Alon Plus")
    page = client.get("/forum/new?category=alon-plus").text
    assert f'<option selected value="{chosen.id}">Alon Plus</option>' in page


def test_title_field_asks_for_existing_answers(app, client, login):
    login()
    page = client.get("/forum/new").text
    assert 'hx-get="/search/answers"' in page
    assert 'hx-target="#title-suggestions"' in page
