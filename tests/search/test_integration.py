"""Search joined to the rest of the portal: tutorials, forum threads, contact, escalation."""

from portal.search import services
from tests.factories import make_article, make_reply, make_thread, make_tutorial, make_user


def test_tutorial_steps_are_found_and_open_the_right_step(app, client):
    make_tutorial("router-setup", title="Router setup", steps=3)
    page = client.get("/search?q=thing+number").text
    assert "/tutorials/router-setup/" in page
    assert services.answers_for("Step title 2", "en", None)[0]["url"].startswith(
        "/tutorials/router-setup/"
    )


def test_draft_tutorials_are_not_found(app, client):
    make_tutorial("secret-setup", title="Secret gizmo setup", status="draft")
    assert "/tutorials/secret-setup" not in client.get("/search?q=gizmo").text


def test_forum_threads_are_found_and_hidden_posts_are_not(app, client):
    thread = make_thread(title="Zebra pattern on my router lights", body="Stripes everywhere")
    make_reply(thread, body="Unplug the quokka cable")
    found = services.answers_for("zebra pattern", "en", None)
    assert [a["kind"] for a in found] == ["thread"]
    assert found[0]["url"] == f"/forum/t/{thread.id}/{thread.slug}"
    assert services.answers_for("quokka", "en", None)


def test_solved_threads_rank_above_unsolved(app):
    from portal.forum import services as forum

    unsolved = make_thread(title="Wombat error code on setup", body="Wombat error again")
    solved = make_thread(title="Wombat error code on setup", body="Wombat error again")
    answer = make_reply(solved, body="Restart the wombat")
    from portal.auth.models import User
    from portal.extensions import db

    forum.accept_answer(db.session.get(User, solved.author_id), answer)
    urls = [a["url"] for a in services.answers_for("wombat error", "en", None)]
    assert urls.index(f"/forum/t/{solved.id}/{solved.slug}") < urls.index(
        f"/forum/t/{unsolved.id}/{unsolved.slug}"
    )


def test_contact_page_suggests_answers_while_typing(app, client):
    make_article(title="Reset your router password", slug="reset-router", body="Hold the button")
    fragment = client.get("/contact/suggestions?subject=reset router password").text
    assert 'href="/kb/reset-router"' in fragment
    assert "This solved it" in fragment


def test_new_thread_title_suggests_existing_answers(app, client):
    make_article(title="Blinking red light", slug="blinking-red", body="It is resetting")
    fragment = client.get("/search/answers?title=blinking red light").text
    assert 'href="/kb/blinking-red"' in fragment
    assert client.get("/search/answers?title=").text.strip() == ""


def test_searches_without_results_reach_the_ticket_context(app, client):
    client.get("/search?q=xylophone+interference")
    page = client.get("/contact").text
    assert "xylophone interference" in page
    assert "no results" in page


def test_new_thread_form_asks_for_answers_while_typing(app, client, login):
    from tests.factories import make_forum_category

    make_forum_category()
    login()
    assert 'hx-get="/search/answers"' in client.get("/forum/new").text
    assert make_user()
