"""Tutorials meet feedback: "Was this tutorial helpful?" and CES on the finish page."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.feedback.models import HelpfulVote, SurveyResponse
from tests.factories import make_article, make_tutorial, make_vote


def test_finish_page_asks_whether_it_helped_and_how_easy_it_was(client):
    tutorial = make_tutorial(slug="set-up")
    page = client.get("/tutorials/set-up/done").text
    assert 'id="helpful"' in page and "Was this helpful?" in page
    assert f'action="/feedback/helpful/tutorial/{tutorial.id}"' in page
    assert 'id="ces"' in page and "How easy was it to get what you needed?" in page


def test_visitor_marks_a_tutorial_helpful_and_returns_to_the_finish_page(client):
    tutorial = make_tutorial(slug="set-up")
    client.get("/tutorials/set-up/done")
    response = client.post(f"/feedback/helpful/tutorial/{tutorial.id}", data={"helpful": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/tutorials/set-up/done#helpful"
    [vote] = db.session.scalars(select(HelpfulVote)).all()
    assert (vote.page_kind, vote.page_id, vote.helpful) == ("tutorial", tutorial.id, True)
    assert "Thank you! Glad it helped." in client.get("/tutorials/set-up/done").text


def test_a_no_on_a_tutorial_offers_related_articles(client):
    tutorial = make_tutorial(slug="set-up", tags=["setup"])
    make_article(title="Placing your nodes", tags=("setup",))
    client.post(f"/feedback/helpful/tutorial/{tutorial.id}", data={"helpful": "no"})
    page = client.get("/tutorials/set-up/done").text
    assert "Sorry it did not help." in page and "Placing your nodes" in page


def test_draft_tutorials_take_no_votes(client):
    tutorial = make_tutorial(slug="not-yet", status="draft")
    response = client.post(f"/feedback/helpful/tutorial/{tutorial.id}", data={"helpful": "yes"})
    assert response.status_code == 404
    assert db.session.scalars(select(HelpfulVote)).all() == []


def test_tutorial_votes_appear_beside_articles_in_the_report(client, login):
    tutorial = make_tutorial(slug="set-up", title="Setting up the mesh")
    article = make_article(title="Pay by GCash")
    make_vote(article, False)
    for _ in range(2):
        make_vote(article, True)
    client.post(f"/feedback/helpful/tutorial/{tutorial.id}", data={"helpful": "no"})
    login("editor")
    page = client.get("/feedback/report").text
    section = page.split('id="pages-heading"')[1].split("</section>")[0]
    assert section.index("Setting up the mesh") < section.index("Pay by GCash")
    assert "/tutorials/set-up/done" in section


def test_ces_after_a_tutorial_is_one_click_and_returns_to_the_page(client):
    tutorial = make_tutorial(slug="set-up")
    page = client.get("/tutorials/set-up/done").text
    section = page[page.index('id="ces"') :]
    next_url = re.search(r'name="next" value="([^"]+)"', section)[1]
    response = client.post(
        "/feedback/ces",
        data={
            "subject_kind": "tutorial",
            "subject_ref": str(tutorial.id),
            "next": next_url,
            "score": "7",
            "signature": re.search(r'name="signature" value="([^"]+)"', section)[1],
        },
    )
    assert response.status_code == 303 and response.headers["Location"] == "/tutorials/set-up/done"
    [answer] = db.session.scalars(select(SurveyResponse)).all()
    assert (answer.kind, answer.subject_kind, answer.score) == ("ces", "tutorial", 7)
