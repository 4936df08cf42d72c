"""The tutorial player: list, overview, steps, checkpoints and progress."""

import json
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.tutorials.models import TutorialProgress
from tests.factories import PASSWORD, make_tutorial, make_user


def test_list_shows_facts_and_filters(client):
    make_tutorial("easy", title="Easy one", difficulty="beginner")
    make_tutorial("hard", title="Hard one", difficulty="advanced", steps=5)
    make_tutorial("hidden", title="Hidden one", status="draft")
    page = client.get("/tutorials/").text
    assert "Easy one" in page and "Hard one" in page and "Hidden one" not in page
    assert "5 steps" in page and "10 minutes" in page and "Advanced" in page
    filtered = client.get("/tutorials/?difficulty=advanced").text
    assert "Hard one" in filtered and "Easy one" not in filtered
    assert "No tutorial matches" in client.get("/tutorials/?lang=fil").text


def test_unknown_filter_values_are_ignored(client):
    make_tutorial("easy", title="Easy one")
    assert "Easy one" in client.get("/tutorials/?difficulty=<script>&lang=xx").text


def test_overview_lists_steps_and_offers_start(client):
    make_tutorial("set-up", steps=3)
    page = client.get("/tutorials/set-up").text
    assert "Before you start, unpack the box." in page
    assert 'href="/tutorials/set-up/3">Step title 3</a>' in page
    assert "Start the tutorial" in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert data["@type"] == "HowTo"
    assert [s["name"] for s in data["step"]] == ["Step title 1", "Step title 2", "Step title 3"]
    assert data["totalTime"] == "PT10M"


def test_step_page_has_progress_navigation_and_stuck_link(client):
    make_tutorial("set-up", steps=3)
    page = client.get("/tutorials/set-up/2").text
    assert "Step 2 of 3" in page
    assert '<progress max="3" value="2"' in page
    assert 'rel="prev" href="/tutorials/set-up/1"' in page
    assert 'rel="next" class="button" href="/tutorials/set-up/3"' in page
    assert 'href="/contact?from=/tutorials/set-up/2"' in page
    last = client.get("/tutorials/set-up/3").text
    assert 'href="/tutorials/set-up/done"' in last


OUT_OF_BOUNDS = [
    "/tutorials/set-up/0",
    "/tutorials/set-up/4",
    "/tutorials/set-up/x",
    "/tutorials/set-up/-1",
    "/tutorials/nope",
    "/tutorials/nope/1",
]


@pytest.mark.parametrize("url", OUT_OF_BOUNDS)
def test_step_navigation_out_of_bounds_is_a_clean_404(client, url):
    make_tutorial("set-up", steps=3)
    response = client.get(url)
    assert response.status_code == 404
    assert 'id="talk-to-human"' in response.text


def test_draft_tutorial_is_404_for_customers_but_editors_see_it(client, login):
    make_tutorial("draft", status="draft")
    assert client.get("/tutorials/draft").status_code == 404
    login("editor")
    assert client.get("/tutorials/draft/1").status_code == 200


def test_htmx_gets_the_player_fragment_with_its_title(client):
    make_tutorial("set-up", steps=3)
    response = client.get("/tutorials/set-up/2", headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in response.text
    assert response.text.lstrip().startswith("<title>Step title 2")
    assert 'id="step-heading"' in response.text
    restore = client.get(
        "/tutorials/set-up/2", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.text


def test_right_and_wrong_answers_are_checked_on_the_server(client):
    make_tutorial("set-up")
    wrong = client.post("/tutorials/set-up/1/check", data={"answer": "1"}, follow_redirects=True)
    assert wrong.status_code == 200
    assert "Not quite. Try again." in wrong.text
    assert "Pulsing blue means ready for setup." in wrong.text
    assert 'value="1" checked' in wrong.text
    right = client.post(
        "/tutorials/set-up/1/check", data={"answer": "2"}, headers={"HX-Request": "true"}
    )
    assert "That&#39;s right." in right.text or "That's right." in right.text
    assert "<html" not in right.text


def test_confirm_checkpoint_no_explains_what_to_do(client):
    make_tutorial("set-up")
    response = client.post(
        "/tutorials/set-up/2/check", data={"answer": "no"}, follow_redirects=True
    )
    assert "Unplug it for ten seconds and try again." in response.text
    yes = client.post("/tutorials/set-up/2/check", data={"answer": "yes"}, follow_redirects=True)
    assert "Great, you can go on." in yes.text


def test_without_javascript_an_answer_comes_back_at_the_verdict_once(client):
    make_tutorial("set-up")
    response = client.post("/tutorials/set-up/1/check", data={"answer": "2"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/tutorials/set-up/1#checkpoint-result")
    page = client.get("/tutorials/set-up/1").text
    assert 'id="checkpoint-result" class="result result-right"' in page
    assert 'value="2" checked' in page
    # The verdict belongs to that answer: a reload or another step shows the question afresh.
    assert 'class="result' not in client.get("/tutorials/set-up/1").text
    client.post("/tutorials/set-up/1/check", data={"answer": "1"})
    assert 'class="result' not in client.get("/tutorials/set-up/2").text
    assert 'class="result' not in client.get("/tutorials/set-up/1").text


def test_a_missing_answer_without_javascript_is_explained_at_the_answer(client):
    make_tutorial("set-up")
    page = client.get("/tutorials/set-up/1").text
    assert 'action="/tutorials/set-up/1/check#checkpoint-result"' in page
    response = client.post("/tutorials/set-up/1/check", data={})
    assert response.status_code == 400
    assert '<p id="checkpoint-result" class="result result-wrong"' in response.text


@pytest.mark.parametrize("answer", ["0", "3", "99", "-1", "abc", "", "2; DROP TABLE users"])
def test_forged_answers_are_refused_cleanly(client, answer):
    make_tutorial("set-up")
    response = client.post("/tutorials/set-up/1/check", data={"answer": answer})
    assert response.status_code == 400
    assert "Choose one of the answers" in response.text


def test_checking_a_step_without_checkpoint_is_refused(client):
    make_tutorial("set-up", steps=3)
    assert client.post("/tutorials/set-up/3/check", data={"answer": "1"}).status_code == 400


def test_answering_is_not_required_to_move_on(client):
    make_tutorial("set-up")
    assert client.get("/tutorials/set-up/2").status_code == 200
    assert client.get("/tutorials/set-up/done").status_code == 200


def test_visitor_progress_is_remembered_in_the_session(client):
    make_tutorial("set-up", steps=3)
    client.get("/tutorials/set-up/2")
    page = client.get("/tutorials/set-up").text
    assert "You stopped at step 2 of 3." in page
    assert 'href="/tutorials/set-up/2">Resume at step 2' in page


def test_logged_in_progress_is_stored_and_completion_recorded(client, login):
    tutorial = make_tutorial("set-up", steps=3)
    user = login()
    client.get("/tutorials/set-up/3")
    row = db.session.scalar(select(TutorialProgress).where(TutorialProgress.user_id == user.id))
    assert (row.tutorial_id, row.step, row.completed_at) == (tutorial.id, 3, None)
    client.get("/tutorials/set-up/done")
    db.session.refresh(row)
    assert row.completed_at is not None
    assert "You finished this tutorial." in client.get("/tutorials/set-up").text


def test_visitor_progress_joins_the_account_at_login(client):
    make_tutorial("set-up", steps=4)
    user = make_user()
    client.get("/tutorials/set-up/3")
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    row = db.session.scalar(select(TutorialProgress).where(TutorialProgress.user_id == user.id))
    assert row.step == 3
    client.post("/auth/logout")
    assert "You stopped at step" not in client.get("/tutorials/set-up").text
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert "Resume at step 3" in client.get("/tutorials/set-up").text


def test_merge_keeps_the_further_step(client, login):
    from portal.tutorials import progress

    tutorial = make_tutorial("set-up", steps=5)
    user = make_user()
    progress.record_progress(user, {}, tutorial, 4)
    session = {progress.SESSION_KEY: {"set-up": {"step": 2, "done": False}}}
    progress.merge_visitor_progress(user, session)
    assert progress.progress_for(user, {}, tutorial) == (4, False)


def test_done_page_congratulates_and_links_related(client):
    from tests.factories import make_article

    make_tutorial("set-up", tags="[router, setup]")
    make_tutorial("other", title="Another guide", tags="[router]")
    make_article(title="Router lights", tags=("router",))
    page = client.get("/tutorials/set-up/done").text
    assert "Well done!" in page
    assert "Router lights" in page and "Another guide" in page
    assert 'href="/contact?from=/tutorials/set-up"' in page


def test_tutorials_are_on_the_home_page_and_in_the_sitemap(client):
    make_tutorial("set-up", title="Set up the router")
    assert "Set up the router" in client.get("/").text
    assert "http://localhost/tutorials/set-up</loc>" in client.get("/sitemap.xml").text


def test_filipino_reader_sees_the_filipino_version_in_the_list(client):
    from portal.tutorials.models import Tutorial

    en = make_tutorial("set-up", title="Set up the router")
    fil = make_tutorial("i-set-up", title="I-set up ang router", language="fil")
    en.translation, fil.translation = fil, en
    db.session.commit()
    page = client.get("/tutorials/", headers={"Accept-Language": "fil"}).text
    assert "I-set up ang router" in page and "Set up the router" not in page
    assert db.session.get(Tutorial, en.id).translation.slug == "i-set-up"


def test_talk_to_human_carries_the_tutorial_step(client):
    make_tutorial("set-up", title="Set up the router", steps=3)
    client.get("/tutorials/set-up/2")
    page = client.get("/contact?from=/tutorials/set-up/2").text
    assert "The tutorial step you were on" in page
    assert "Set up the router › 2. Step title 2" in page
