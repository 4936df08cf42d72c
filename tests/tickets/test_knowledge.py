"""From the agent console to the knowledge base: drafts from solved tickets, outdated flags."""

from sqlalchemy import select

from portal.extensions import db
from portal.kb.models import Article, ArticleFlag
from tests.factories import make_article, make_category, make_ticket, make_user


def solved_ticket(agent=None):
    customer = make_user(email="maria.santos@example.com", display_name="Maria Santos")
    ticket = make_ticket(
        customer,
        status="solved",
        subject="Mesh light blinks orange",
        body="Hi, Maria Santos here (0917-123-4567). The light on T-7KQ2M9XD blinks orange.",
        agent=agent or make_user(role="agent"),
        agent_reply="Hello Maria, unplug the node for 30 seconds. Call +63 917 123 4567 if not.",
    )
    return ticket


def drafts() -> list[Article]:
    return list(db.session.scalars(select(Article).where(Article.status == "draft")))


def test_agent_starts_a_redacted_draft_from_a_solved_ticket(client, login):
    make_category("Troubleshooting")
    agent = login("agent")
    ticket = solved_ticket(agent)
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    assert "Start an article draft" in page
    response = client.post(f"/agent/tickets/{ticket.ref}/kb-draft")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/agent/tickets/{ticket.ref}"
    [draft] = drafts()
    assert draft.title == "Mesh light blinks orange" and draft.author_id == agent.id
    assert "## Question" in draft.body_md and "## Answer" in draft.body_md
    assert "The light on [ticket] blinks orange." in draft.body_md
    assert "unplug the node for 30 seconds" in draft.body_md
    for secret in ("Maria", "Santos", "0917", "917 123", "T-7KQ2M9XD", "@example.com"):
        assert secret not in draft.body_md
    # A draft is never public.
    assert client.get(f"/kb/{draft.slug}").status_code == 404


def test_internal_notes_stay_out_of_the_draft(client, login):
    from portal.tickets.console import agent_reply

    make_category("Troubleshooting")
    agent = login("agent")
    ticket = solved_ticket(agent)
    with client.application.test_request_context():
        agent_reply(ticket, agent, "Customer sounded upset; refund pending.", True)
    client.post(f"/agent/tickets/{ticket.ref}/kb-draft")
    [draft] = drafts()
    assert "refund" not in draft.body_md


def test_editor_agent_goes_on_in_the_editor(client, login):
    make_category("Troubleshooting")
    login("admin")
    ticket = solved_ticket()
    response = client.post(f"/agent/tickets/{ticket.ref}/kb-draft")
    [draft] = drafts()
    assert response.headers["Location"] == f"/editor/articles/{draft.id}"
    assert "Mesh light blinks orange" in client.get(response.headers["Location"]).text


def test_only_a_solved_ticket_becomes_a_draft(client, login):
    make_category("Troubleshooting")
    login("agent")
    ticket = make_ticket(make_user(), status="open")
    assert "Start an article draft" not in client.get(f"/agent/tickets/{ticket.ref}").text
    client.post(f"/agent/tickets/{ticket.ref}/kb-draft")
    assert drafts() == []


def test_without_a_category_the_agent_is_told(client, login):
    login("agent")
    ticket = solved_ticket()
    response = client.post(f"/agent/tickets/{ticket.ref}/kb-draft", follow_redirects=True)
    assert "Create a knowledge-base category first." in response.text
    assert drafts() == []


def test_customers_and_editors_cannot_use_the_console_actions(client, login):
    make_category("Troubleshooting")
    ticket = solved_ticket()
    article = make_article(slug="orange-light")
    assert client.post(f"/agent/tickets/{ticket.ref}/kb-draft").status_code == 302
    login("customer")
    assert client.post(f"/agent/tickets/{ticket.ref}/kb-draft").status_code == 403
    flag = {"article": article.slug, "reason": "Old menu."}
    assert client.post(f"/agent/tickets/{ticket.ref}/flag-article", data=flag).status_code == 403
    client.post("/auth/logout")
    login("editor")
    assert client.post(f"/agent/tickets/{ticket.ref}/kb-draft").status_code == 403
    assert drafts() == [] and db.session.scalars(select(ArticleFlag)).all() == []


def test_agent_flags_an_article_by_url_and_it_lands_in_the_review_queue(client, login):
    article = make_article(title="Resetting the mesh", slug="reset-mesh")
    agent = login("agent")
    ticket = make_ticket(make_user())
    response = client.post(
        f"/agent/tickets/{ticket.ref}/flag-article",
        data={"article": "https://help.example.com/kb/reset-mesh?x=1#steps", "reason": "New app."},
    )
    assert response.status_code == 303
    [flag] = db.session.scalars(select(ArticleFlag)).all()
    assert (flag.article_id, flag.user_id, flag.reason) == (article.id, agent.id, "New app.")
    client.post("/auth/logout")
    login("editor")
    review = client.get("/editor/review").text
    assert "Resetting the mesh" in review and "New app." in review


def test_agent_flags_an_article_by_slug(client, login):
    make_article(slug="reset-mesh")
    login("agent")
    ticket = make_ticket(make_user())
    data = {"article": "reset-mesh", "reason": "Menu moved."}
    assert client.post(f"/agent/tickets/{ticket.ref}/flag-article", data=data).status_code == 303
    assert len(db.session.scalars(select(ArticleFlag)).all()) == 1


def test_unknown_article_or_missing_reason_keeps_what_the_agent_typed(client, login):
    make_article(slug="draft-one", status="draft")
    login("agent")
    ticket = make_ticket(make_user())
    url = f"/agent/tickets/{ticket.ref}/flag-article"
    unknown = client.post(url, data={"article": "/kb/draft-one", "reason": "Wrong steps here."})
    assert unknown.status_code == 400
    assert "No published article has this address or slug." in unknown.text
    assert "Wrong steps here." in unknown.text
    missing = client.post(url, data={"article": "/kb/draft-one", "reason": ""})
    assert missing.status_code == 400 and "/kb/draft-one" in missing.text
    assert db.session.scalars(select(ArticleFlag)).all() == []


def test_agent_finds_an_article_to_link_from_the_ticket_view(client, login):
    make_article(title="Reset the router to factory settings", slug="factory-reset")
    ticket = make_ticket(user=make_user())
    login("agent")
    page = client.get(f"/agent/tickets/{ticket.ref}?kb=factory reset").text
    assert 'href="/kb/factory-reset"' in page
    assert (
        'value="[Reset the router to factory settings](http://localhost/kb/factory-reset)"' in page
    )
    assert 'data-insert-into="body"' in page
    assert "No article matches." in client.get(f"/agent/tickets/{ticket.ref}?kb=zzzqqq").text
