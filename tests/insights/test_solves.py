"""A ticket solved, reopened and solved again counts once, whenever its days are rolled up."""

import math
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.insights.histograms import BUCKET_ERROR
from portal.insights.models import InsightRollup, TicketReopen, TicketSolve
from portal.insights.periods import Period, local_today
from portal.insights.tracking import portal_timezone
from portal.tickets import console
from portal.tickets import services as tickets
from portal.tickets.models import Ticket
from tests.factories import make_ticket, make_user
from tests.insights.helpers import at, figures, read_csv


@pytest.fixture
def app_overrides():
    # A day rolled up a minute after its end is final, as in production.
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 60}


def from_events(period: Period) -> dict[str, str]:
    """Tickets solved, resolution median and reopen rate, from the tickets and their events.

    A ticket is solved, and its resolution time taken, at its first solve; the reopen rate
    is the share reopened of the tickets opened in the period and solved at least once.
    """
    opened = dict(db.session.execute(select(Ticket.id, Ticket.created_at)).all())
    first_solve = dict(
        db.session.execute(
            select(TicketSolve.ticket_id, func.min(TicketSolve.created_at)).group_by(
                TicketSolve.ticket_id
            )
        ).all()
    )
    reopened = set(db.session.scalars(select(TicketReopen.ticket_id)))

    def within(moment):
        return period.since <= moment < period.before

    solved = [ticket for ticket, moment in first_solve.items() if within(moment)]
    times = sorted((first_solve[ticket] - opened[ticket]).total_seconds() for ticket in solved)
    cohort = [ticket for ticket, moment in opened.items() if within(moment)]
    solved_once = [ticket for ticket in cohort if ticket in first_solve]
    rate = 100 * sum(ticket in reopened for ticket in solved_once) / len(solved_once)
    return {
        "tickets_solved": str(len(solved)),
        "resolution_median": str(times[math.ceil(len(times) / 2) - 1]),
        "reopen_rate": f"{rate:.1f}",
    }


@pytest.mark.parametrize("rolled_each_day", [True, False], ids=["rolled-each-day", "rolled-once"])
def test_a_ticket_solved_reopened_and_solved_again_counts_once(
    app, client, login, runner, clock, rolled_each_day
):
    tz = portal_timezone()
    day1 = local_today(tz) - timedelta(days=5)
    day2, day3 = day1 + timedelta(days=1), day1 + timedelta(days=2)
    customer = make_user()

    def roll_up_at(moment):
        if rolled_each_day:
            clock.moment = moment
            result = runner.invoke(args=["insights", "rollup", "--days", "3"])
            assert result.exit_code == 0, result.output

    with app.test_request_context():
        clock.moment = at(day1, 9, str(tz))
        came_back = make_ticket(customer, subject="Came back")
        clock.moment = at(day1, 10, str(tz))
        stayed = make_ticket(customer, subject="Stayed solved")
        clock.moment = at(day1, 11, str(tz))
        console.set_status(came_back, "solved")  # after 2 hours
        clock.moment = at(day1, 14, str(tz))
        console.set_status(stayed, "solved")  # after 4 hours
        roll_up_at(at(day2, 0.5, str(tz)))
        clock.moment = at(day2, 10, str(tz))
        tickets.customer_reply(came_back, customer, "It is back.")
        roll_up_at(at(day3, 0.5, str(tz)))
        clock.moment = at(day3, 12, str(tz))
        console.set_status(came_back, "solved")
        roll_up_at(at(day3 + timedelta(days=1), 0.5, str(tz)))
    clock.moment = None

    solves = db.session.execute(
        select(TicketSolve.ticket_id, TicketSolve.created_at).order_by(TicketSolve.created_at)
    ).all()
    assert solves == [
        (came_back.id, at(day1, 11, str(tz))),
        (stayed.id, at(day1, 14, str(tz))),
        (came_back.id, at(day3, 12, str(tz))),
    ]
    assert db.session.scalars(select(TicketReopen.created_at)).all() == [at(day2, 10, str(tz))]

    login("agent")
    period = {"since": day1.isoformat(), "until": day3.isoformat()}
    shown = {name: value for name, (value, _before) in figures(client, "service", **period).items()}
    expected = from_events(Period(day1, day3, tz))
    assert expected == {"tickets_solved": "2", "resolution_median": "7200.0", "reopen_rate": "50.0"}
    assert shown["tickets_solved"] == expected["tickets_solved"]
    assert shown["reopen_rate"] == expected["reopen_rate"]
    # Read from daily histograms: within a bucket's width of the exact median.
    assert math.isclose(
        float(shown["resolution_median"]),
        float(expected["resolution_median"]),
        rel_tol=BUCKET_ERROR,
    )
    trend = read_csv(client, "trend", **period)
    assert [row[2] for row in trend[1:]] == ["2", "0", "0"]  # solved, by day


def test_each_solve_in_the_console_is_recorded_but_closing_a_solved_one_is_not(client, login):
    login("agent")
    ticket = make_ticket(subject="Twice")
    for status in ("solved", "closed", "open", "solved"):
        client.post(f"/agent/tickets/{ticket.ref}/status", data={"status": status})
    # Closing a solved ticket is not another solve.
    assert db.session.scalar(select(func.count()).select_from(TicketSolve)) == 2
    assert db.session.scalar(select(func.count()).select_from(TicketReopen)) == 1


def test_the_migration_fills_in_solves_from_what_is_known(app):
    from flask_migrate import downgrade, upgrade

    start = at(local_today(portal_timezone()) - timedelta(days=9), 9)
    plain = make_ticket(subject="Solved once", status="solved")
    twice = make_ticket(subject="Solved again after two reopens", status="solved")
    still_open = make_ticket(subject="Reopened, not solved since")
    for ticket in (plain, twice, still_open):
        ticket.created_at = start
    plain.solved_at = start + timedelta(hours=2)
    twice.solved_at = start + timedelta(days=3)
    db.session.add_all(
        [
            TicketReopen(ticket_id=twice.id, created_at=start + timedelta(days=1)),
            TicketReopen(ticket_id=twice.id, created_at=start + timedelta(days=2)),
            TicketReopen(ticket_id=still_open.id, created_at=start + timedelta(hours=5)),
        ]
    )
    db.session.commit()
    ids = {ticket.id: ticket.subject for ticket in (plain, twice, still_open)}

    db.session.close()  # no read of this session may hold a lock the downgrade waits for
    downgrade(revision="account_0001")
    db.session.add(InsightRollup(day=start.date(), rolled_at=start + timedelta(days=1)))
    db.session.commit()
    upgrade()
    db.session.expire_all()

    solves = db.session.execute(
        select(TicketSolve.ticket_id, TicketSolve.created_at).order_by(
            TicketSolve.ticket_id, TicketSolve.created_at
        )
    ).all()
    assert [(ids[ticket], moment - start) for ticket, moment in solves] == [
        ("Solved once", timedelta(hours=2)),
        # Known only to come before the first reopen: placed at it; then today's solve.
        ("Solved again after two reopens", timedelta(days=1)),
        ("Solved again after two reopens", timedelta(days=3)),
        ("Reopened, not solved since", timedelta(hours=5)),
    ]
    # Every day is rolled up again with the new counting.
    assert db.session.scalar(select(func.count()).select_from(InsightRollup)) == 0
