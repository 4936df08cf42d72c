"""Ticket figures read from daily roll-ups equal the same figures read from the raw rows."""

import math
import random
from datetime import timedelta

import pytest
from sqlalchemy import and_, case, exists, func, select

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import SurveyResponse
from portal.insights import histograms, report, risk, service, ticketdays
from portal.insights.models import InsightDay, TicketReopen, TicketSolve
from portal.insights.periods import Period, local_today
from portal.insights.sqlstats import percentiles, seconds_between
from portal.insights.tracking import portal_timezone
from portal.tickets.models import Ticket
from tests.factories import make_survey_answer, make_user
from tests.insights.helpers import answer_about_ticket, at, figures, one_day, read_csv

CUSTOMERS = [f"customer{n}@example.com" for n in range(5)]


@pytest.fixture
def app_overrides():
    # A day rolled up stays as it is for an hour: today's new rows are not in the roll-up.
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 3600}


def ticket(opened, first=None, solved=None, email=CUSTOMERS[0], topic="setup", agent=None):
    """A ticket row as the portal stores it, without its messages."""
    row = Ticket(
        requester_name=email.split("@")[0].title(),
        requester_email=email,
        subject="The Wi-Fi drops",
        topic=topic,
        status="solved" if solved else "open",
        assignee_id=agent.id if agent else None,
        created_at=opened,
        updated_at=solved or opened,
        first_response_at=first,
        solved_at=solved,
    )
    db.session.add(row)
    db.session.flush()
    return row


def generate(rng: random.Random, today, agents, members) -> None:
    """Three weeks of tickets, answers, solves, reopens and surveys, all before now.

    Reopens are added as rows; solves are recorded from solved_at, as the portal records them:
    a reopened ticket solved again has two.
    """
    now = utcnow()
    for days_ago in range(21, 0, -1):
        day = today - timedelta(days=days_ago)
        for _ in range(rng.randint(4, 12)):
            opened = at(day, rng.uniform(0, 23.9), str(portal_timezone()))
            first = opened + timedelta(minutes=rng.lognormvariate(4, 1.5))
            first = first if rng.random() < 0.8 and first < now else None
            solved = first and first + timedelta(hours=rng.lognormvariate(2, 1.5))
            solved = solved if solved and rng.random() < 0.7 and solved < now else None
            row = ticket(
                opened,
                first,
                solved,
                email=rng.choice(CUSTOMERS),
                topic=rng.choice(("setup", "billing")),
                agent=rng.choice([*agents, None]),
            )
            if solved and rng.random() < 0.2:
                reopened = solved + timedelta(hours=rng.uniform(1, 60))
                if reopened < now:
                    db.session.add(TicketReopen(ticket_id=row.id, created_at=reopened))
                    row.solved_at = None if rng.random() < 0.5 else reopened + timedelta(hours=2)
                    if row.solved_at and row.solved_at >= now:
                        row.solved_at = None
            if solved and rng.random() < 0.5:
                answer_about_ticket(row, "csat", rng.randint(1, 5), when=solved)
        for _ in range(rng.randint(0, 3)):
            answer = make_survey_answer("nps", rng.randint(0, 10), when=at(day, rng.uniform(0, 23)))
            answer.user_id = rng.choice(members).id
    db.session.commit()


# The figures as they were read from the raw tables before the roll-ups held them; a
# ticket solved more than once counts on its first solve.


def first_solves():
    """Each solved ticket's first solve, from the recorded solves: (ticket_id, at)."""
    return (
        select(TicketSolve.ticket_id, func.min(TicketSolve.created_at).label("at"))
        .group_by(TicketSolve.ticket_id)
        .subquery()
    )


def raw_times(period: Period) -> dict:
    first = percentiles(
        seconds_between(Ticket.first_response_at, Ticket.created_at),
        Ticket.created_at >= period.since,
        Ticket.created_at < period.before,
        Ticket.first_response_at.is_not(None),
    )
    solved = first_solves()
    resolution = percentiles(
        seconds_between(solved.c.at, Ticket.created_at),
        solved.c.ticket_id == Ticket.id,
        solved.c.at >= period.since,
        solved.c.at < period.before,
    )
    return {
        "first_median": first[0.5],
        "first_p90": first[0.9],
        "resolution_median": resolution[0.5],
        "resolution_p90": resolution[0.9],
    }


def raw_reopen_rate(period: Period):
    reopened = exists().where(TicketReopen.ticket_id == Ticket.id)
    solved = exists().where(TicketSolve.ticket_id == Ticket.id)
    row = db.session.execute(
        select(func.count().filter(reopened), func.count().filter(solved)).where(
            Ticket.created_at >= period.since, Ticket.created_at < period.before
        )
    ).one()
    return service.ratio(row[0], row[1])


def raw_by_agent(period: Period) -> set:
    good = func.sum(case((SurveyResponse.score >= 4, 1), else_=0))
    rows = db.session.execute(
        select(User.display_name, func.count(SurveyResponse.id), good)
        .select_from(SurveyResponse)
        .join(
            Ticket,
            and_(SurveyResponse.subject_kind == "ticket", SurveyResponse.subject_ref == Ticket.ref),
        )
        .outerjoin(User, User.id == Ticket.assignee_id)
        .where(
            SurveyResponse.kind == "csat",
            SurveyResponse.created_at >= period.since,
            SurveyResponse.created_at < period.before,
        )
        .group_by(User.id, User.display_name)
    ).all()
    return {(name, int(n), service.ratio(int(ok), int(n))) for name, n, ok in rows}


def raw_at_risk(period: Period) -> dict:
    in_period = and_(
        SurveyResponse.created_at >= period.since, SurveyResponse.created_at < period.before
    )
    csat = db.session.execute(
        select(func.lower(Ticket.requester_email), func.min(SurveyResponse.score))
        .join(
            Ticket,
            and_(SurveyResponse.subject_kind == "ticket", SurveyResponse.subject_ref == Ticket.ref),
        )
        .where(SurveyResponse.kind == "csat", SurveyResponse.score <= 2, in_period)
        .group_by(func.lower(Ticket.requester_email))
    ).all()
    nps = db.session.execute(
        select(func.lower(User.email), func.min(SurveyResponse.score))
        .join(User, User.id == SurveyResponse.user_id)
        .where(SurveyResponse.kind == "nps", SurveyResponse.score <= 6, in_period)
        .group_by(func.lower(User.email))
    ).all()
    n = func.count(Ticket.id)
    repeated = db.session.execute(
        select(func.lower(Ticket.requester_email), Ticket.topic, n)
        .where(Ticket.created_at >= period.since, Ticket.created_at < period.before)
        .group_by(func.lower(Ticket.requester_email), Ticket.topic)
        .having(n >= 3)
    ).all()
    found: dict = {}
    for email, score in csat:
        found.setdefault(email, {"csat": None, "nps": None, "repeated": set()})["csat"] = score
    for email, score in nps:
        found.setdefault(email, {"csat": None, "nps": None, "repeated": set()})["nps"] = score
    for email, topic, count in repeated:
        found.setdefault(email, {"csat": None, "nps": None, "repeated": set()})
        found[email]["repeated"].add((topic, count))
    return found


def rolled_at_risk(period: Period) -> dict:
    return {
        r["email"]: {"csat": r["csat"], "nps": r["nps"], "repeated": set(r["repeated"])}
        for r in risk.customers_at_risk(period, personal=True)
    }


def close_enough(rolled, raw) -> bool:
    """A percentile from the histograms against the exact one: within the bucket error."""
    if raw is None or rolled is None:
        return raw is rolled
    return math.isclose(rolled, raw, rel_tol=histograms.BUCKET_ERROR, abs_tol=1)


@pytest.mark.parametrize("seed", [3, 16])
def test_rolled_up_ticket_figures_equal_the_raw_ones(app, seed):
    tz = portal_timezone()
    today = local_today(tz)
    agents = [make_user(role="agent", display_name=f"Agent {n}") for n in range(3)]
    members = [make_user(email=f"member{n}@example.com") for n in range(3)]
    generate(random.Random(seed), today, agents, members)
    for period in (
        Period(today - timedelta(days=6), today, tz),
        Period(today - timedelta(days=20), today - timedelta(days=10), tz),
        Period(today - timedelta(days=3), today - timedelta(days=3), tz),
    ):
        report.prepare(period, 0)
        times, exact = service.response_times(period), raw_times(period)
        for name, value in exact.items():
            assert close_enough(times[name], value), (name, times[name], value)
        assert service.reopen_rate(period) == raw_reopen_rate(period)
        by_agent = {(r["agent"], r["answers"], r["csat"]) for r in service.csat_by_agent(period)}
        assert by_agent == raw_by_agent(period)
        assert rolled_at_risk(period) == raw_at_risk(period)


def test_todays_rows_count_before_today_is_rolled_up_again(client, login):
    tz = portal_timezone()
    today = local_today(tz)
    agent = make_user(role="agent", display_name="Agent Ana")
    earlier = today - timedelta(days=2)
    waiting = ticket(at(earlier, 9, str(tz)), email="waiting@example.com")
    db.session.commit()
    login("admin")
    # Reading the page rolls up every day up to today.
    assert figures(client, "service", **one_day(earlier))["first_median"] == ("", "")
    stamped = db.session.scalar(select(func.count()).where(InsightDay.day == today))

    # After the roll-up: a first response today to a ticket of two days ago, three tickets
    # today on one topic, and a CSAT answer today.
    now = utcnow()
    waiting.first_response_at = max(now - timedelta(seconds=1), waiting.created_at)
    for _ in range(3):
        ticket(now, email="again@example.com", topic="billing")
    rated = ticket(now, first=now, solved=now, email="rated@example.com", agent=agent)
    db.session.commit()
    answer_about_ticket(rated, "csat", 1, when=now)
    assert db.session.scalar(select(func.count()).where(InsightDay.day == today)) == stamped

    assert figures(client, "service", **one_day(earlier))["first_median"][0] != ""
    assert figures(client, "service", days=7)["reopen_rate"][0] == "0.0"
    rows = {row[2]: row for row in read_csv(client, "customers-at-risk", days=7)[1:]}
    assert rows["again@example.com"][5] == "billing: 3"
    assert rows["rated@example.com"][3] == "1"
    by_agent = read_csv(client, "csat-by-agent", days=7)
    assert by_agent[1:] == [["Agent Ana", "1", "0.0"]]


def test_rolling_a_day_up_twice_stores_nothing_twice(app, runner):
    tz = portal_timezone()
    today = local_today(tz)
    agents = [make_user(role="agent")]
    generate(random.Random(5), today, agents, [make_user()])

    def stored():
        return sorted(
            db.session.execute(
                select(InsightDay.day, InsightDay.metric, InsightDay.key, InsightDay.value)
            ).all()
        )

    for _ in range(2):
        result = runner.invoke(args=["insights", "rollup", "--all", "--days", "8"])
        assert result.exit_code == 0, result.output
    once = stored()
    assert any(metric in ticketdays.METRICS for _d, metric, _k, _v in once)
    result = runner.invoke(args=["insights", "rollup", "--all", "--days", "8"])
    assert result.exit_code == 0, result.output
    assert stored() == once
    period = Period(today - timedelta(days=7), today, tz)
    first = first_solves()
    solved = db.session.scalar(
        select(func.count()).where(first.c.at >= period.since, first.c.at < period.before)
    )
    assert sum(ticketdays.by_key(period, ticketdays.RESOLUTION).values()) == solved
