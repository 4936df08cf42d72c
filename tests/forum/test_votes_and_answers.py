"""Helpful votes (one per member, toggled, safe under concurrent clicks) and accepted answers."""

import threading

from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db
from portal.forum import services, votes
from portal.forum.models import Post, Thread, Vote
from tests.factories import make_reply, make_thread, make_user


def votes_on(post_id: int) -> int:
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.post_id == post_id))


def test_vote_and_take_it_back_with_plain_forms(client, login):
    login()
    post = make_reply(make_thread())
    response = client.post(f"/forum/p/{post.id}/vote", data={"vote": "1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/forum/p/{post.id}")
    client.post(f"/forum/p/{post.id}/vote", data={"vote": "1"})
    db.session.refresh(post)
    assert (post.vote_count, votes_on(post.id)) == (1, 1)
    client.post(f"/forum/p/{post.id}/vote", data={"vote": "0"})
    db.session.refresh(post)
    assert (post.vote_count, votes_on(post.id)) == (0, 0)


def test_htmx_vote_returns_the_button_fragment(client, login):
    login()
    post = make_reply(make_thread())
    response = client.post(
        f"/forum/p/{post.id}/vote", data={"vote": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'aria-pressed="true"' in response.text
    assert '<span class="vote-count">1</span>' in response.text
    assert 'name="vote" value="0"' in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_members_cannot_vote_for_their_own_post(client, login):
    member = login()
    post = make_reply(make_thread(), author=member)
    assert client.post(f"/forum/p/{post.id}/vote", data={"vote": "1"}).status_code == 403
    assert votes_on(post.id) == 0


def test_visitors_cannot_vote(client):
    post = make_reply(make_thread())
    assert client.post(f"/forum/p/{post.id}/vote", data={"vote": "1"}).status_code == 302
    assert votes_on(post.id) == 0


def test_votes_page_shows_the_members_own_vote(client, login):
    login()
    thread = make_thread()
    post = make_reply(thread)
    client.post(f"/forum/p/{post.id}/vote", data={"vote": "1"})
    assert 'aria-pressed="true"' in client.get(f"/forum/t/{thread.id}").text


def _in_parallel(app, jobs):
    """Run callables at the same moment, each in its own app context (own session)."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
            except Exception as exc:  # collected and re-raised in the test
                errors.append(exc)
            finally:
                db.session.remove()

    workers = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not errors, errors


def test_concurrent_clicks_leave_one_vote(app):
    post = make_reply(make_thread())
    voter = make_user()
    post_id, voter_id = post.id, voter.id

    def click():
        votes.set_vote(db.session.get(User, voter_id), db.session.get(Post, post_id), True)

    _in_parallel(app, [click] * 6)
    db.session.expire_all()
    assert votes_on(post_id) == 1
    assert db.session.get(Post, post_id).vote_count == 1


def test_concurrent_toggles_keep_the_count_true(app):
    post = make_reply(make_thread())
    voters = [make_user().id for _ in range(3)]
    post_id = post.id

    def click(user_id, on):
        return lambda: votes.set_vote(
            db.session.get(User, user_id), db.session.get(Post, post_id), on
        )

    jobs = [click(v, on) for v in voters for on in (True, False, True, True)]
    _in_parallel(app, jobs)
    db.session.expire_all()
    assert db.session.get(Post, post_id).vote_count == votes_on(post_id)


def test_author_accepts_an_answer_and_can_change_it(client, login):
    asker = login()
    thread = make_thread(author=asker)
    first, second = make_reply(thread), make_reply(thread)
    assert client.post(f"/forum/p/{first.id}/accept").status_code == 303
    db.session.refresh(thread)
    assert thread.accepted_post_id == first.id
    client.post(f"/forum/p/{second.id}/accept")
    db.session.refresh(thread)
    assert thread.accepted_post_id == second.id
    client.post(f"/forum/t/{thread.id}/unaccept")
    db.session.refresh(thread)
    assert thread.accepted_post_id is None


def test_staff_may_accept_for_the_author(client, login):
    login(role="agent")
    thread = make_thread()
    reply = make_reply(thread)
    assert client.post(f"/forum/p/{reply.id}/accept").status_code == 303
    db.session.refresh(thread)
    assert thread.accepted_post_id == reply.id


def test_other_members_cannot_accept(client, login):
    login()
    thread = make_thread()
    reply = make_reply(thread)
    assert client.post(f"/forum/p/{reply.id}/accept").status_code == 403
    assert client.post(f"/forum/t/{thread.id}/unaccept").status_code == 403
    db.session.refresh(thread)
    assert thread.accepted_post_id is None


def test_the_question_itself_cannot_be_the_answer(client, login):
    asker = login()
    make_thread(author=asker)
    question = db.session.scalar(select(Post))
    response = client.post(f"/forum/p/{question.id}/accept")
    assert response.status_code == 303
    assert db.session.scalar(select(Thread.accepted_post_id)) is None


def test_deleting_the_accepted_answer_unsolves_the_thread(app):
    asker, helper = make_user(), make_user()
    thread = make_thread(author=asker)
    reply = make_reply(thread, author=helper)
    services.accept_answer(asker, reply)
    services.delete_post(helper, reply)
    db.session.refresh(thread)
    assert thread.accepted_post_id is None
