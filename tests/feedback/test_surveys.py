"""CSAT through signed links, one-click CES and the NPS banner."""

import time
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.feedback import surveys
from portal.feedback.models import NpsOffer, SurveyResponse
from tests.factories import make_ticket, make_user


def answers(kind: str) -> list[SurveyResponse]:
    return list(db.session.scalars(select(SurveyResponse).where(SurveyResponse.kind == kind)))


def token_path(link: str) -> str:
    return link.split("localhost", 1)[1]


def test_csat_link_works_without_log_in_once(app, client):
    user = make_user()
    make_ticket(user, status="solved").ref = "T-1001"
    db.session.commit()
    with app.test_request_context():
        link = surveys.csat_link("ticket", "T-1001", user)
    assert link.startswith("http://localhost/feedback/csat/")
    path = token_path(link)
    form = client.get(path)
    assert form.status_code == 200 and "How did we do?" in form.text
    assert '<meta name="robots" content="noindex">' in form.text  # a leaked link stays unlisted
    response = client.post(path, data={"score": "4", "comment": "Quick and kind."})
    assert response.status_code == 200 and "Your answer is in" in response.text
    [answer] = answers("csat")
    assert (answer.score, answer.subject_ref, answer.user_id) == (4, "T-1001", user.id)
    reused = client.post(path, data={"score": "1"})
    assert reused.status_code == 409 and "You answered this survey already" in reused.text
    assert client.get(path).status_code == 200
    assert answers("csat")[0].score == 4


def test_csat_link_works_from_a_cli_context_too(app):
    link = surveys.csat_link("order", "O-7", "someone@example.com")
    assert "/feedback/csat/" in link


def test_forged_or_damaged_csat_link_is_refused_cleanly(app, client):
    with app.test_request_context():
        link = surveys.csat_link("order", "O-1", "a@example.com")
    path = token_path(link)
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for bad in (forged, "/feedback/csat/not-a-token", "/feedback/csat/" + "x" * 300):
        response = client.post(bad, data={"score": "5"})
        assert response.status_code == 400 and "This survey link does not work" in response.text
    other_secret = URLSafeTimedSerializer("another-key", salt=surveys.CSAT_SALT)
    foreign = other_secret.dumps(["ticket", "T-1", "a@example.com"])
    assert client.get(f"/feedback/csat/{foreign}").status_code == 400
    assert answers("csat") == []


def test_expired_csat_link_is_refused(app, client, monkeypatch):
    month_ago = int(time.time()) - app.config["PORTAL_CSAT_MAX_AGE"] - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: month_ago)
    with app.test_request_context():
        link = surveys.csat_link("order", "O-2", "a@example.com")
    monkeypatch.undo()
    response = client.post(token_path(link), data={"score": "5"})
    assert response.status_code == 400 and "This survey link does not work" in response.text
    assert answers("csat") == []


def test_csat_needs_a_score_in_range_and_keeps_the_comment(app, client):
    with app.test_request_context():
        path = token_path(surveys.csat_link("order", "O-3", "a@example.com"))
    response = client.post(path, data={"score": "9", "comment": "My words"})
    assert response.status_code == 400 and "My words" in response.text
    assert answers("csat") == []


def test_csat_fragment_for_the_ticket_page(app, client):
    user = make_user()
    with app.test_request_context():
        from flask import render_template

        context = surveys.csat_prompt("order", "O-9", user)
        html = render_template("feedback/_csat.html", csat=context)
        assert 'name="score"' in html and "/feedback/csat/" in html
        surveys.record_csat(context["token"], 5)
        html = render_template(
            "feedback/_csat.html", csat=surveys.csat_prompt("order", "O-9", user)
        )
        assert "You rated it 5 out of 5" in html


def test_ces_is_one_click_and_a_second_click_changes_it(client):
    data = {"subject_kind": "tutorial", "subject_ref": "12", "next": "/tutorials/x", "score": "6"}
    data["signature"] = surveys.ces_prompt("tutorial", "12")["signature"]
    response = client.post("/feedback/ces", data=data)
    assert response.status_code == 303 and response.headers["Location"] == "/tutorials/x"
    client.post("/feedback/ces", data={**data, "score": "7"})
    [answer] = answers("ces")
    assert answer.score == 7 and answer.subject_kind == "tutorial"


def test_ces_over_htmx_answers_with_thanks_and_never_blocks(client):
    data = {"subject_kind": "escalation", "subject_ref": "E-1", "score": "3"}
    data["signature"] = surveys.ces_prompt("escalation", "E-1")["signature"]
    response = client.post("/feedback/ces", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Thank you for your answer" in response.text
    bad = client.post("/feedback/ces", data={**data, "score": "9", "next": "https://evil.example"})
    assert bad.status_code == 303 and bad.headers["Location"] == "/"
    assert [a.score for a in answers("ces")] == [3]


def test_ces_fragment_renders_seven_buttons(app):
    from flask import render_template

    with app.test_request_context():
        html = render_template(
            "feedback/_ces.html", ces=surveys.ces_prompt("escalation", "E-2", "/contact")
        )
    assert html.count('name="score"') == 7 and 'value="E-2"' in html


def test_nps_banner_shows_for_a_customer_and_answering_closes_it(client, login):
    user = login()
    assert 'id="nps"' in client.get("/").text
    assert 'id="nps"' in client.get("/").text  # still open until answered or dismissed
    response = client.post("/feedback/nps", data={"score": "9", "reason": "Fast help", "next": "/"})
    assert response.status_code == 303
    [answer] = answers("nps")
    assert (answer.score, answer.comment, answer.user_id) == (9, "Fast help", user.id)
    assert 'id="nps"' not in client.get("/").text


def test_nps_dismissal_counts_as_offered_for_90_days(client, login):
    user = login()
    client.get("/")
    assert client.post("/feedback/nps/dismiss", data={"next": "/"}).status_code == 303
    assert 'id="nps"' not in client.get("/").text
    offer = db.session.scalar(select(NpsOffer).where(NpsOffer.user_id == user.id))
    assert offer.outcome == "dismissed"
    offer.offered_at = utcnow() - timedelta(days=89)
    db.session.commit()
    assert 'id="nps"' not in client.get("/").text
    offer.offered_at = utcnow() - timedelta(days=91)
    db.session.commit()
    assert 'id="nps"' in client.get("/").text


def test_nps_offer_closes_unanswered_after_two_weeks(client, login):
    user = login()
    client.get("/")
    offer = db.session.scalar(select(NpsOffer).where(NpsOffer.user_id == user.id))
    offer.offered_at = utcnow() - timedelta(days=15)
    db.session.commit()
    assert 'id="nps"' not in client.get("/").text


@pytest.mark.parametrize("role", ["agent", "editor"])
def test_nps_is_not_offered_to_staff_or_visitors(client, login, role):
    assert 'id="nps"' not in client.get("/").text
    login(role)
    assert 'id="nps"' not in client.get("/").text


def test_nps_cannot_be_answered_twice_or_without_an_offer(client, login):
    login()
    client.post("/feedback/nps", data={"score": "3"})  # nothing offered yet
    assert answers("nps") == []
    client.get("/")
    client.post("/feedback/nps", data={"score": "3"})
    client.post("/feedback/nps", data={"score": "10"})
    assert [a.score for a in answers("nps")] == [3]


def test_nps_without_a_score_keeps_the_reason(client, login):
    login()
    client.get("/")
    response = client.post("/feedback/nps", data={"reason": "Because of the app"})
    assert response.status_code == 400 and "Because of the app" in response.text


def test_nobody_answers_the_ces_question_about_a_subject_they_were_not_asked_about(client):
    other = surveys.ces_prompt("escalation", "T-OTHER")["signature"]
    for signature in ("", "forged", other):
        data = {"subject_kind": "escalation", "subject_ref": "T-VICTIM", "score": "1"}
        response = client.post("/feedback/ces", data={**data, "signature": signature})
        assert response.status_code == 303  # thanked all the same, never in the way
    assert answers("ces") == []
