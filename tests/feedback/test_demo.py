"""The demo feedback: enough for the report to show a trend, loaded once."""

from sqlalchemy import func, select

from portal.clock import utcnow
from portal.extensions import db
from portal.feedback import report
from portal.feedback.models import FeedbackItem, FeedbackReply, HelpfulVote, SurveyResponse


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_demo_feedback_gives_the_report_something_to_show(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "feedback items" in result.output
    statuses = set(db.session.scalars(select(FeedbackItem.status)))
    assert len(statuses) >= 4 and count(FeedbackReply) >= 2
    assert db.session.scalar(select(func.count()).where(HelpfulVote.comment != "")) >= 2
    with app.test_request_context():
        data = report.build_report(report.Period.default(utcnow().date()))
    weeks_with_csat = [row for row in data["trend"] if row["csat_count"]]
    assert len(weeks_with_csat) >= 8 and data["pages"]

    before = (count(FeedbackItem), count(HelpfulVote), count(SurveyResponse))
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "already there" in again.output
    assert (count(FeedbackItem), count(HelpfulVote), count(SurveyResponse)) == before
