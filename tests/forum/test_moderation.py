"""Flags, the moderators' tools, suspensions and the moderation log."""

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.clock import utcnow
from portal.extensions import db
from portal.forum import moderation
from portal.forum.models import Flag, ModerationAction, Post, Suspension
from tests.factories import make_forum_category, make_reply, make_thread, make_user


def log_actions() -> list[str]:
    return list(db.session.scalars(select(ModerationAction.action).order_by(ModerationAction.id)))


def test_member_flags_a_post_once(client, login):
    login()
    post = make_reply(make_thread())
    assert client.get(f"/forum/p/{post.id}/flag").status_code == 200
    data = {"reason": "spam", "note": "Selling routers"}
    assert client.post(f"/forum/p/{post.id}/flag", data=data).status_code == 303
    response = client.post(f"/forum/p/{post.id}/flag", data=data, follow_redirects=True)
    assert "You have flagged this post already" in response.text
    assert db.session.scalar(select(func.count(Flag.id))) == 1


def test_flag_needs_a_known_reason(client, login):
    login()
    post = make_reply(make_thread())
    response = client.post(f"/forum/p/{post.id}/flag", data={"reason": "because"})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Flag.id))) == 0


def test_members_cannot_moderate(client, login):
    login()
    thread = make_thread()
    post = make_reply(thread)
    member = make_user()
    assert client.get("/forum/moderation/").status_code == 403
    assert client.get("/forum/moderation/log").status_code == 403
    assert client.post(f"/forum/p/{post.id}/hide").status_code == 403
    assert client.post(f"/forum/t/{thread.id}/lock").status_code == 403
    assert client.post(f"/forum/t/{thread.id}/pin").status_code == 403
    assert client.post(f"/forum/t/{thread.id}/move", data={"category": 1}).status_code == 403
    response = client.post(
        f"/forum/moderation/members/{member.id}/suspend", data={"until": "2099-01-01"}
    )
    assert response.status_code == 403
    assert log_actions() == []


def test_editors_cannot_moderate_either(client, login):
    login(role="editor")
    assert client.get("/forum/moderation/").status_code == 403


def test_visitors_are_sent_to_log_in_for_moderation(client):
    assert "/auth/login" in client.get("/forum/moderation/").headers["Location"]


def test_agent_sees_the_queue_and_hides_a_flagged_post(client, login):
    agent = login(role="agent")
    thread = make_thread()
    post = make_reply(thread, body="Buy cheap routers at spam.example")
    moderation.flag_post(make_user(), post, "spam", "advert")
    queue = client.get("/forum/moderation/")
    assert "Spam or advertising" in queue.text
    assert "Buy cheap routers" in queue.text
    response = client.post(
        f"/forum/p/{post.id}/hide", data={"hidden": "1", "next": "queue", "reason": "spam"}
    )
    assert response.headers["Location"].endswith("/forum/moderation/")
    assert "No flags waiting" in client.get("/forum/moderation/").text
    entry = db.session.scalar(select(ModerationAction))
    assert (entry.action, entry.actor_id, entry.post_id) == ("hide", agent.id, post.id)
    assert entry.created_at is not None


def test_hidden_posts_show_a_placeholder_to_members_and_content_to_staff(client, login):
    thread = make_thread()
    post = make_reply(thread, body="Rude words here")
    moderation.set_hidden(make_user(role="agent"), post, True)
    page = client.get(f"/forum/t/{thread.id}").text
    assert "Rude words here" not in page
    assert "This post was hidden by a moderator." in page
    login(role="agent")
    page = client.get(f"/forum/t/{thread.id}").text
    assert "Rude words here" in page
    assert "Hidden from members" in page
    client.post(f"/forum/p/{post.id}/hide", data={"hidden": "0"})
    db.session.refresh(post)
    assert post.hidden_at is None
    assert log_actions() == ["hide", "unhide"]


def test_dismissing_a_flag_keeps_the_post(client, login):
    login(role="admin")
    post = make_reply(make_thread())
    flag = moderation.flag_post(make_user(), post, "rude")
    client.post(f"/forum/moderation/flags/{flag.id}/dismiss")
    db.session.refresh(flag)
    db.session.refresh(post)
    assert flag.resolved_at is not None and post.hidden_at is None
    assert log_actions() == ["dismiss"]


def test_lock_pin_and_move_are_logged(client, login):
    login(role="agent")
    thread = make_thread()
    target = make_forum_category(name="Somewhere else")
    client.post(f"/forum/t/{thread.id}/lock", data={"locked": "1"})
    client.post(f"/forum/t/{thread.id}/pin", data={"pinned": "1"})
    client.post(f"/forum/t/{thread.id}/move", data={"category": target.id})
    db.session.refresh(thread)
    assert thread.is_locked and thread.is_pinned and thread.category_id == target.id
    db.session.refresh(target)
    assert (target.thread_count, target.post_count) == (1, 1)
    assert log_actions() == ["lock", "pin", "move"]
    log = client.get("/forum/moderation/log").text
    assert "locked a thread" in log and "moved a thread" in log


def test_staff_may_still_reply_in_a_locked_thread(client, login):
    login(role="agent")
    thread = make_thread()
    client.post(f"/forum/t/{thread.id}/lock", data={"locked": "1"})
    response = client.post(f"/forum/t/{thread.id}/reply", data={"body": "Closing note"})
    assert response.status_code == 303


def test_suspended_member_cannot_post_until_the_date(client, login):
    member = login()
    thread = make_thread()
    own = make_reply(thread, author=member)
    moderation.suspend_member(
        make_user(role="agent"), member, utcnow() + timedelta(days=3), "cooling off"
    )
    response = client.post(f"/forum/t/{thread.id}/reply", data={"body": "Let me say this"})
    assert response.status_code == 400
    assert "may not post in the community until" in response.text
    assert "Let me say this" in response.text
    category = make_forum_category()
    response = client.post(
        "/forum/new", data={"category": category.id, "title": "New question now", "body": "x"}
    )
    assert "may not post in the community until" in response.text
    assert client.post(f"/forum/p/{own.id}/edit", data={"body": "changed"}).status_code == 200
    db.session.refresh(own)
    assert own.body_md == "Try moving the node closer."
    assert "may not post in the community until" in client.get(f"/forum/t/{thread.id}").text


def test_suspension_ends_at_its_date(app):
    member = make_user()
    moderation.suspend_member(make_user(role="agent"), member, utcnow() - timedelta(seconds=1))
    make_reply(make_thread(), author=member)
    assert db.session.scalar(select(func.count(Post.id)).where(Post.author_id == member.id)) == 1


def test_agent_suspends_and_lifts_through_the_form(client, login):
    login(role="agent")
    member = make_user()
    page = client.get(f"/forum/moderation/members/{member.id}/suspend")
    assert page.status_code == 200
    until = (date.today() + timedelta(days=7)).isoformat()
    response = client.post(
        f"/forum/moderation/members/{member.id}/suspend", data={"until": until, "reason": "spam"}
    )
    assert response.status_code == 303
    assert db.session.scalar(select(Suspension.user_id)) == member.id
    past = client.post(
        f"/forum/moderation/members/{member.id}/suspend", data={"until": "2000-01-01"}
    )
    assert "Choose a date after today." in past.text
    client.post(f"/forum/moderation/members/{member.id}/unsuspend")
    assert db.session.scalar(select(Suspension.user_id)) is None
    assert log_actions() == ["suspend", "unsuspend"]


def test_moderators_cannot_be_suspended(client, login):
    login(role="agent")
    other = make_user(role="admin")
    response = client.post(
        f"/forum/moderation/members/{other.id}/suspend", data={"until": "2099-01-01"}
    )
    assert response.status_code == 403


def test_unknown_member_or_flag_is_404(client, login):
    login(role="agent")
    assert client.get("/forum/moderation/members/99999/suspend").status_code == 404
    assert client.post("/forum/moderation/flags/99999/dismiss").status_code == 404


def test_moderation_log_pages(client, login):
    agent = login(role="agent")
    thread = make_thread()
    for n in range(moderation.LOG_PAGE_SIZE + 1):
        moderation.set_pinned(agent, thread, n % 2 == 0)
    assert client.get("/forum/moderation/log?page=2").status_code == 200
    assert client.get("/forum/moderation/log?page=3").status_code == 404


def test_the_suspension_message_names_the_day_in_the_readers_words(client, login):
    login(role="agent")
    member = make_user(display_name="Rude Member")
    response = client.post(
        f"/forum/moderation/members/{member.id}/suspend",
        data={"until": "2099-01-15", "reason": "spam"},
        follow_redirects=True,
    )
    assert "Rude Member may not post until Jan 15, 2099." in response.text
