"""Every figure of /insights/ against a known set of events."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.insights.histograms import BUCKET_ERROR
from portal.search.models import SearchClick, SearchLog
from portal.tickets import services as tickets
from tests.factories import make_article, make_survey_answer, make_ticket, make_user, make_vote
from tests.insights.helpers import answer_about_ticket, at, figures, one_day, read_csv

DAY = utcnow().date() - timedelta(days=4)


@pytest.fixture
def app_overrides():
    # Visitors of the day are written by the request that counts them.
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 0, "PORTAL_INSIGHTS_FLUSH_SECONDS": 0}


def ticket_at(created, first_minutes=None, solved=None, **kwargs):
    """A ticket opened at `created`, answered after first_minutes, solved at `solved`."""
    ticket = make_ticket(**kwargs)
    ticket.created_at = created
    if first_minutes is not None:
        ticket.first_response_at = created + timedelta(minutes=first_minutes)
    if solved is not None:
        ticket.status, ticket.solved_at = "solved", solved
    db.session.commit()
    return ticket


def near(shown: str, exact: float) -> bool:
    """A percentile read from histogram buckets, as close to the exact one as they allow."""
    return abs(float(shown) - exact) <= exact * BUCKET_ERROR


def test_an_empty_period_shows_no_figures_and_divides_by_nothing(client, login):
    login("agent")
    service = figures(client, "service", **one_day(DAY))
    assert service["tickets_opened"] == ("0", "0")
    assert service["backlog"] == ("0", "0")
    for empty in ("first_median", "first_p90", "resolution_median", "reopen_rate", "csat", "nps"):
        assert service[empty] == ("", ""), empty
    self_service = figures(client, "self-service", **one_day(DAY))
    assert self_service["score"] == ("", "")
    assert self_service["contact_deflection"] == ("", "")
    assert client.get("/insights/", query_string=one_day(DAY)).status_code == 200


def test_ticket_times_backlog_and_reopens(client, login):
    customer = make_user()
    ticket_at(at(DAY, 9), first_minutes=10, solved=at(DAY, 11))
    reopened = ticket_at(at(DAY, 10), first_minutes=20, solved=at(DAY, 14), user=customer)
    ticket_at(at(DAY, 12), first_minutes=30)
    ticket_at(at(DAY, 13))
    ticket_at(at(DAY - timedelta(days=1), 10))  # the period before
    # The customer writes again on the solved ticket; the team solves it again.
    tickets.customer_reply(reopened, customer, "It is back.")
    reopened.status, reopened.solved_at = "solved", at(DAY, 14)
    db.session.commit()

    login("agent")
    service = figures(client, "service", **one_day(DAY))
    assert service["tickets_opened"] == ("4", "1")
    assert service["tickets_solved"] == ("2", "0")
    # Percentiles come from daily histograms: within a bucket's width (4.4%) of exact.
    assert near(service["first_median"][0], 1200)  # 10, 20, 30 minutes
    assert near(service["first_p90"][0], 1800)
    assert near(service["resolution_median"][0], 7200)  # 2 h and 4 h
    assert near(service["resolution_p90"][0], 14400)
    assert service["backlog"] == ("3", "1")  # two of the day, one from the day before
    assert service["reopen_rate"][0] == "50.0"  # one of the two solved came back
    page = client.get("/insights/", query_string=one_day(DAY)).text
    hours, minutes = divmod(round(float(service["resolution_median"][0]) / 60), 60)
    assert "20 min" in page and f"{hours} h {minutes} min" in page


def test_surveys_and_csat_by_agent(client, login):
    ana = make_user(role="agent", display_name="Agent Ana")
    ben = make_user(role="agent", display_name="Agent Ben")
    for agent, score in ((ana, 5), (ana, 4), (ben, 2)):
        ticket = ticket_at(at(DAY, 8))
        ticket.assignee_id = agent.id
        db.session.commit()
        answer_about_ticket(ticket, "csat", score, when=at(DAY, 15))
    for score in (10, 9, 3, 8):
        make_survey_answer("nps", score, when=at(DAY, 16))
    for score in (6, 5):
        make_survey_answer("ces", score, when=at(DAY, 16))
    login("editor")
    service = figures(client, "service", **one_day(DAY))
    assert service["csat"][0] == "66.7"
    assert service["nps"][0] == "25.0"
    assert service["ces"][0] == "5.5"
    by_agent = read_csv(client, "csat-by-agent", **one_day(DAY))
    assert by_agent[1:] == [["Agent Ana", "2", "100.0"], ["Agent Ben", "1", "0.0"]]
    trend = read_csv(client, "trend", **one_day(DAY))
    assert trend[1] == [DAY.isoformat(), "3", "0", "66.7", "5.5", "25.0"]


def test_search_gaps(client, login):
    def search(query, results, clicked=False):
        log = SearchLog(query=query, result_count=results, created_at=at(DAY, 10))
        db.session.add(log)
        db.session.flush()
        if clicked:
            db.session.add(SearchClick(search_id=log.id, url="/kb/x", created_at=at(DAY, 10)))

    for _ in range(3):
        search("router red light", 0)
    search("mesh pairing", 0)
    search("reset password", 5)
    search("reset password", 5)
    search("wifi slow", 3, clicked=True)
    db.session.commit()
    login("editor")
    zero = read_csv(client, "zero-result-searches", **one_day(DAY))
    assert zero[1:] == [["router red light", "3"], ["mesh pairing", "1"]]
    no_click = read_csv(client, "no-click-searches", **one_day(DAY))
    assert no_click[1:] == [["reset password", "2"]]
    page = client.get("/insights/", query_string=one_day(DAY)).text
    assert "router red light" in page


def _context(page, searches=(), tutorial=None):
    items = [{"key": "from", "label": "From", "values": [{"text": page, "note": None}]}]
    if searches:
        values = [{"text": s, "note": None} for s in searches]
        items.append({"key": "searches", "label": "Searches", "values": values})
    if tutorial:
        items.append(
            {"key": "tutorial", "label": "Tutorial", "values": [{"text": tutorial, "note": None}]}
        )
    return items


def test_where_customers_asked_for_a_person(client, login):
    article = make_article(title="Reset the router", slug="reset-the-router")
    assert article.slug == "reset-the-router"
    ticket_at(at(DAY, 9), context=_context("/kb/reset-the-router", ["red light", "older"]))
    ticket_at(at(DAY, 10), context=_context("/kb/reset-the-router", ["red light"]))
    ticket_at(
        at(DAY, 11),
        context=_context("/tutorials/set-up/2", ["pairing"], tutorial="Set up, step 2"),
    )
    ticket_at(at(DAY, 12))  # shared nothing
    login("agent")
    query = one_day(DAY)
    assert read_csv(client, "asked-after-pages", **query)[1:] == [
        ["/kb/reset-the-router", "2"],
        ["/tutorials/set-up/2", "1"],
    ]
    assert read_csv(client, "asked-after-searches", **query)[1:] == [
        ["red light", "2"],
        ["pairing", "1"],
    ]
    assert read_csv(client, "asked-after-tutorials", **query)[1:] == [["Set up, step 2", "1"]]
    assert read_csv(client, "tickets-after-articles", **query)[1:] == [
        ["Reset the router", "/kb/reset-the-router", "2"]
    ]


def test_unhelpful_and_stale_articles(client, login):
    weak = make_article(title="Pair a node")
    make_article(title="Fresh article")
    old = make_article(title="Old article")
    old.updated_at = utcnow() - timedelta(days=400)
    db.session.commit()
    make_vote(weak, False, when=at(DAY, 9))
    make_vote(weak, False, when=at(DAY, 9))
    make_vote(weak, True, when=at(DAY, 9))
    login("editor")
    unhelpful = read_csv(client, "unhelpful-articles", **one_day(DAY))
    assert unhelpful[1:] == [["Pair a node", f"/kb/{weak.slug}", "2", "1"]]
    stale = read_csv(client, "stale-articles", **one_day(DAY))
    assert [row[0] for row in stale[1:]] == ["Old article"]
    assert stale[1][3] == "400"


def test_self_service_score_funnel_and_deflection(app, client, login):
    other = app.test_client()
    for browser in (client, other):
        assert browser.get("/kb/").status_code == 200
        browser.get("/kb/")  # the same person twice counts once
    client.get("/contact")
    client.post("/contact/solved", data={"q": "reset", "url": "/kb/"})
    ticket_at(utcnow(), email="asker@example.com")
    ticket_at(utcnow(), email="asker@example.com")
    login("editor")  # staff pages are not help-centre visits
    today = {"days": 7}
    self_service = figures(client, "self-service", **today)
    assert self_service["visitors_help"][0] == "2"
    assert self_service["contacts"][0] == "1"
    assert self_service["score"][0] == "2.0"
    assert self_service["deflections"][0] == "1"
    assert self_service["contact_deflection"][0] == "100.0"
    funnel = dict(read_csv(client, "funnel", **today)[1:])
    assert funnel["help"] == "2" and funnel["contact"] == "1" and funnel["ticket"] == "2"


def test_repeated_tickets_on_one_topic_put_a_customer_at_risk(client, login):
    for hour in (9, 10, 11):
        ticket_at(at(DAY, hour), email="again@example.com", name="Paolo")
    ticket_at(at(DAY, 12), email="once@example.com")
    login("admin")
    rows = read_csv(client, "customers-at-risk", **one_day(DAY))
    assert len(rows) == 2
    assert rows[1][1:] == ["Paolo", "again@example.com", "", "", "connection: 3"]


def test_a_detractor_is_at_risk_and_a_promoter_is_not(client, login):
    detractor = make_user(email="nps-low@example.com", display_name="Lia")
    promoter = make_user(email="nps-high@example.com", display_name="Ben")
    for user, score in ((detractor, 3), (promoter, 9)):
        answer = make_survey_answer("nps", score, when=at(DAY, 10))
        answer.user_id = user.id
    db.session.commit()
    login("admin")
    rows = read_csv(client, "customers-at-risk", **one_day(DAY))
    assert len(rows) == 2
    assert rows[1][1:] == ["Lia", "nps-low@example.com", "", "3", ""]


def test_the_at_risk_list_keeps_the_lowest_scores_when_it_is_cut(client, login, monkeypatch):
    monkeypatch.setattr("portal.insights.risk.LIMIT", 1)
    for email, score in (("aaron@example.com", 4), ("zoe@example.com", 1)):
        user = make_user(email=email)
        answer = make_survey_answer("nps", score, when=at(DAY, 10))
        answer.user_id = user.id
    db.session.commit()
    login("admin")
    rows = read_csv(client, "customers-at-risk", **one_day(DAY))
    assert [row[2] for row in rows[1:]] == ["zoe@example.com"]
