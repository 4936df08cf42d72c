"""Shared fragments: rendered once for every reader, never carrying one reader's data."""

from __future__ import annotations

import re

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import event

from portal import create_app
from portal.core.fragmentcache import PersonalDataInSharedFragment, render_shared
from portal.extensions import db
from portal.feedback import services as feedback
from portal.forum import moderation, votes
from portal.forum import services as forum
from portal.kb import services
from tests.conftest import FreshContextClient, base_config
from tests.factories import (
    PASSWORD,
    make_article,
    make_category,
    make_reply,
    make_thread,
    make_user,
)

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_overrides():
    return {
        "PORTAL_PAGE_CACHE_SECONDS": 60,
        "PORTAL_VIEW_FLUSH_SECONDS": 3600,
        "WTF_CSRF_ENABLED": True,
    }


def logged_in(app, user):
    """A client of its own, logged in through the log-in form with its CSRF token."""
    client = app.test_client()
    token = CSRF.search(client.get("/auth/login").text)[1]
    response = client.post(
        "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    return client


def statements_for(client, url: str) -> tuple[str, int]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return response.text, len(statements)


def tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page))


def test_two_readers_of_one_cached_article_each_see_only_their_own(app):
    article = make_article(slug="shared-read", title="Mesh basics", body="## One\n\nText.")
    maria = make_user(display_name="Maria Quintessa")
    ana = make_user(role="agent", display_name="Ana Zebedee")
    feedback.cast_vote("article", article.id, feedback.member_key(maria), False)
    db.session.commit()
    maria_client, ana_client = logged_in(app, maria), logged_in(app, ana)

    first, built = statements_for(maria_client, "/kb/shared-read")
    second, cached = statements_for(ana_client, "/kb/shared-read")
    again, _ = statements_for(maria_client, "/kb/shared-read")

    assert cached < built  # Ana's page came from the shared fragment Maria's read stored
    assert "<h1>Mesh basics</h1>" in first and "<h1>Mesh basics</h1>" in second
    assert "Maria Quintessa" in first and "Maria Quintessa" in again
    assert "Ana Zebedee" not in first and "Ana Zebedee" not in again
    assert "Ana Zebedee" in second and "Maria Quintessa" not in second
    # Maria's "no" vote shows on her page only; Ana has not voted.
    assert "Sorry it did not help" in first and "Sorry it did not help" in again
    assert "Sorry it did not help" not in second
    assert "Agent console" in second and "Agent console" not in first
    # Each page carries its reader's CSRF token, never the other's.
    assert tokens(first) and tokens(second)
    assert not tokens(first) & tokens(second)
    assert not tokens(again) & tokens(second)


def test_an_edit_shows_at_once_to_logged_in_readers(app):
    article = make_article(slug="edited", title="Before", body="Old text.")
    reader = logged_in(app, make_user())
    assert "<h1>Before</h1>" in reader.get("/kb/edited").text
    fields = services.ArticleFields(
        title="After", slug="edited", category_id=article.category_id, body_md="New text."
    )
    services.update_article(article, fields, None)
    page = reader.get("/kb/edited").text
    assert "<h1>After</h1>" in page and "New text." in page


def test_an_unpublished_article_leaves_the_shared_fragments(app):
    article = make_article(slug="withdrawn", title="Soon gone")
    reader = logged_in(app, make_user())
    assert reader.get("/kb/withdrawn").status_code == 200
    services.set_status(article, "archived")
    assert reader.get("/kb/withdrawn").status_code == 404


def test_editors_read_what_they_saved_never_a_kept_copy(app):
    make_article(slug="draft-soon", title="Published")
    editor = logged_in(app, make_user(role="editor"))
    assert editor.get("/kb/draft-soon").status_code == 200
    # Behind the ORM's back, so no cache is told: readers keep the stored parts a while.
    db.session.execute(db.text("UPDATE articles SET title = 'Retitled' WHERE slug = 'draft-soon'"))
    db.session.commit()
    assert "<h1>Retitled</h1>" in editor.get("/kb/draft-soon").text


@pytest.mark.parametrize(
    "source",
    [
        "{{ current_user.display_name }}",
        "{{ csrf_token() }}",
        "{{ session.get('x') }}",
        "{{ request.path }}",
        "{% for m in get_flashed_messages() %}{{ m }}{% endfor %}",
        "{{ g.user }}",
    ],
)
def test_a_shared_fragment_cannot_reach_the_reader(app, monkeypatch, source):
    loader = ChoiceLoader([DictLoader({"probe.html": source}), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    with app.test_request_context("/kb/x"), pytest.raises(PersonalDataInSharedFragment):
        render_shared("probe.html")


def test_a_shared_fragment_has_what_every_reader_shares(app, monkeypatch):
    source = "{{ _('Search') }} {{ url_for('kb.home') }} {{ current_locale }} {{ portal_name }}"
    loader = ChoiceLoader([DictLoader({"probe.html": source}), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    with app.test_request_context("/kb/x"):
        assert render_shared("probe.html") == f"Search /kb/ en {app.config['PORTAL_NAME']}"


@pytest.fixture
def other_server(app, tmp_path, redis_url):
    """A second app on the same database and Redis, with an instance folder of its own."""
    config = base_config(tmp_path / "other", app.config["SQLALCHEMY_DATABASE_URI"])
    other = create_app(
        {
            **config,
            "REDIS_URL": redis_url,
            "PORTAL_PAGE_CACHE_SECONDS": 60,
            "WTF_CSRF_ENABLED": True,
        }
    )
    other.test_client_class = FreshContextClient
    yield other
    with other.app_context():
        db.engine.dispose()


def test_with_redis_an_edit_on_one_server_reaches_the_others_fragments(
    app, other_server, redis_url
):
    app.config["REDIS_URL"] = redis_url  # read on each use: this server bumps the generation
    article = make_article(slug="shared-fragment", title="Before", body="Old text.")
    reader = logged_in(other_server, make_user())
    assert "<h1>Before</h1>" in reader.get("/kb/shared-fragment").text
    fields = services.ArticleFields(
        title="After", slug="shared-fragment", category_id=article.category_id, body_md="New."
    )
    services.update_article(article, fields, None)  # on the first server
    assert "<h1>After</h1>" in reader.get("/kb/shared-fragment").text


def test_thread_readers_share_post_heads_but_keep_their_own_actions(app):
    author = make_user(display_name="Paolo Asker")
    member = make_user(display_name="Maria Reader")
    agent = make_user(role="agent", display_name="Ana Moderator")
    thread = make_thread(author=author, title="Mesh drops upstairs")
    reply = make_reply(thread, author=agent, body="Move the node closer.")
    hidden = make_reply(thread, author=make_user(), body="Buy my rival product.")
    moderation.set_hidden(agent, hidden, True, "spam")
    votes.set_vote(member, reply, True)
    url = f"/forum/t/{thread.id}"
    member_client, agent_client, author_client = (
        logged_in(app, member),
        logged_in(app, agent),
        logged_in(app, author),
    )

    member_page = member_client.get(url).text
    author_page = author_client.get(url).text
    agent_page = agent_client.get(url).text

    # Members share one stored set of heads, moderators another.
    stored = app.extensions["portal_fragment_cache"]._entries
    assert sorted(key[-1] for key in stored if key[0] == "forum.post_heads") == [False, True]
    # The hidden post stays hidden from members; the moderator sees its body.
    assert "Buy my rival product." not in member_page + author_page
    assert "This post was hidden by a moderator." in member_page
    assert "This post was hidden by a moderator." in author_page
    assert "Buy my rival product." in agent_page
    # Each reader's actions are their own: the member's vote, the author's accept buttons.
    assert 'aria-pressed="true"' in member_page and 'aria-pressed="true"' not in author_page
    assert "Accept this answer" in author_page and "Accept this answer" not in member_page
    assert "Maria Reader" in member_page and "Maria Reader" not in author_page + agent_page
    assert not tokens(member_page) & (tokens(author_page) | tokens(agent_page))
    assert not tokens(author_page) & tokens(agent_page)

    # A new reply shows at once, and so does an edit.
    make_reply(thread, author=author, body="Thanks, that worked.")
    forum.edit_post(agent, reply, "Move the node to the landing.")
    page = member_client.get(url).text
    assert "Thanks, that worked." in page and "Move the node to the landing." in page


def test_kb_home_and_category_are_shared_and_follow_changes(app):
    topic = make_category(name="Mesh setup", slug="mesh-setup")
    make_article(title="Place the nodes", category=topic)
    maria = logged_in(app, make_user(display_name="Maria Quintessa"))
    ana = logged_in(app, make_user(role="agent", display_name="Ana Zebedee"))
    for url in ("/kb/", "/kb/category/mesh-setup"):
        maria_page, built = statements_for(maria, url)
        ana_page, cached = statements_for(ana, url)
        assert cached < built, url
        assert "Place the nodes" in maria_page and "Place the nodes" in ana_page
        assert "Maria Quintessa" in maria_page and "Maria Quintessa" not in ana_page
        assert "Ana Zebedee" in ana_page and "Ana Zebedee" not in maria_page
    make_article(title="Update the firmware", category=topic)
    assert "Update the firmware" in maria.get("/kb/category/mesh-setup").text
    assert "Update the firmware" in ana.get("/kb/").text
    assert maria.get("/kb/category/no-such-topic").status_code == 404


def test_plain_members_share_a_threads_posts_with_their_own_token_and_votes(app):
    asker, helper = make_user(display_name="Paolo Asker"), make_user(display_name="Hana Helper")
    thread = make_thread(author=asker)
    reply = make_reply(thread, author=helper, body="Move the node closer.")
    voter, reader = make_user(), make_user()
    votes.set_vote(voter, reply, True)
    url = f"/forum/t/{thread.id}"
    voter_client, reader_client, helper_client = (
        logged_in(app, voter),
        logged_in(app, reader),
        logged_in(app, helper),
    )
    voter_page = voter_client.get(url).text
    reader_page = reader_client.get(url).text
    helper_page = helper_client.get(url).text

    stored = app.extensions["portal_fragment_cache"]._entries
    assert sorted(key[-1] for key in stored if key[0] == "forum.posts") == [(), (reply.id,)]
    for page in (voter_page, reader_page, helper_page):
        assert "csrf-slot-" not in page
        assert len(tokens(page)) == 1  # one token, the reader's, in every form
    assert len(tokens(voter_page) | tokens(reader_page) | tokens(helper_page)) == 3
    assert 'aria-pressed="true"' in voter_page and 'aria-pressed="true"' not in reader_page
    # The author of a reply on the page gets it rendered for them: their Edit and Delete.
    assert ">Edit</a>" in helper_page and ">Edit</a>" not in reader_page + voter_page
    # The token the shared markup carries is the reader's own: their vote goes through.
    response = reader_client.post(
        f"/forum/p/{reply.id}/vote", data={"vote": "1", "csrf_token": tokens(reader_page).pop()}
    )
    assert response.status_code in (200, 303)
    assert 'aria-pressed="true"' in reader_client.get(url).text
