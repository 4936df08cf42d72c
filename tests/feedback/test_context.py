"""Pages a reader voted unhelpful travel with their ticket as context."""

from datetime import timedelta

from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import HelpfulVote
from portal.tickets.models import Ticket
from tests.factories import make_article, make_tutorial, make_vote


def vote(client, kind: str, page_id: int, helpful: str) -> None:
    client.post(f"/feedback/helpful/{kind}/{page_id}", data={"helpful": helpful})


def test_visitor_sees_pages_voted_unhelpful_in_the_shared_context(client):
    bad = make_article(title="Resetting the router", slug="reset")
    good = make_article(title="Pay by GCash")
    tutorial = make_tutorial(slug="set-up", title="Setting up the mesh")
    vote(client, "article", bad.id, "no")
    vote(client, "article", good.id, "yes")
    vote(client, "tutorial", tutorial.id, "no")
    page = client.get("/contact").text
    assert "Pages you found unhelpful" in page
    shared = page.split('class="shared-context"')[1].split("</fieldset>")[0]
    assert "Resetting the router" in shared and "Setting up the mesh" in shared
    assert "/kb/reset" not in shared  # titles for the customer; the path is for staff
    assert "Pay by GCash" not in page


def test_unhelpful_pages_go_with_the_ticket_and_can_be_removed(client, login):
    login("customer")
    bad = make_article(title="Resetting the router", slug="reset")
    vote(client, "article", bad.id, "no")
    data = {"subject": "Still broken", "topic": "connection", "message": "Help."}
    client.post("/contact", data={**data, "share": ["unhelpful"]})
    client.post("/contact", data={**data, "share": []})
    first, second = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()
    [item] = first.context
    assert item["key"] == "unhelpful"
    assert item["values"][0]["text"] == "Resetting the router"
    assert item["values"][0]["raw"] == "/kb/reset"
    assert second.context == []


def test_old_votes_and_other_readers_votes_are_not_shared(client):
    old = make_article(title="Old trouble")
    vote(client, "article", old.id, "no")
    db.session.execute(db.update(HelpfulVote).values(updated_at=utcnow() - timedelta(days=45)))
    db.session.commit()
    assert "Pages you found unhelpful" not in client.get("/contact").text
    other = make_article(title="Someone else's page")
    make_vote(other, False)  # another visitor's vote
    assert "Someone else" not in client.get("/contact").text


def test_a_reader_without_votes_shares_nothing_about_them(client):
    assert "Pages you found unhelpful" not in client.get("/contact").text
