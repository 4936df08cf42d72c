"""The staff report: scores for a period, least helpful pages, counts and CSV export."""

import csv
import io
from datetime import timedelta

from portal.clock import utcnow
from portal.core.spreadsheet import safe_cell, to_csv
from tests.factories import make_article, make_feedback, make_survey_answer, make_vote


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_report_shows_scores_for_the_chosen_period(client, login):
    now = utcnow()
    for score in (5, 4, 2):
        make_survey_answer("csat", score, when=now)
    make_survey_answer("csat", 1, when=now - timedelta(days=200))  # outside the default period
    for score in (10, 9, 3, 8):
        make_survey_answer("nps", score, when=now)
    make_survey_answer("ces", 6, when=now)
    make_survey_answer("ces", 5, when=now)
    login("editor")
    page = client.get("/feedback/report").text
    assert "66.7%" in page  # CSAT: 2 of 3
    assert ">25<" in page  # NPS: (2 - 1) of 4
    assert ">5.5<" in page  # CES mean
    since = (now - timedelta(days=210)).date().isoformat()
    wider = client.get(f"/feedback/report?since={since}").text
    assert "50.0%" in wider  # the old answer counts now


def test_report_without_any_answers_says_so(client, login):
    login("agent")
    response = client.get("/feedback/report?since=garbage&until=2026-13-40")
    assert response.status_code == 200 and "No answers" in response.text


def test_least_helpful_pages_come_first_with_their_comments(client, login):
    weak = make_article(title="Refund steps")
    fine = make_article(title="Pay by GCash")
    make_vote(weak, False, "How long does it take?")
    make_vote(weak, False, "Screenshots are old")
    make_vote(weak, True)
    make_vote(fine, False)
    for _ in range(3):
        make_vote(fine, True)
    login("editor")
    page = client.get("/feedback/report").text
    section = page.split('id="pages-heading"')[1].split("</section>")[0]
    assert section.index("Refund steps") < section.index("Pay by GCash")
    assert "How long does it take?" in section and "Screenshots are old" in section


def test_feedback_counts_by_kind_and_status(client, login):
    make_feedback(kind="idea")
    make_feedback(kind="idea", status="planned")
    make_feedback(kind="problem", status="done")
    login("agent")
    rows = read_csv(client.get("/feedback/report/feedback.csv").text)
    assert rows[0] == ["kind", "new", "under_review", "planned", "done", "declined", "total"]
    by_kind = {row[0]: row[1:] for row in rows[1:]}
    assert by_kind["idea"] == ["1", "0", "1", "0", "0", "2"]
    assert by_kind["problem"] == ["0", "0", "0", "1", "0", "1"]


def test_csv_exports_are_files_with_escaped_cells(client, login):
    article = make_article(title='Say "hi", then =HYPERLINK("http://evil")')
    make_vote(article, False, "line one\nline two, with comma", when=utcnow() - timedelta(hours=2))
    make_vote(article, False, "@SUM(A1:A9)", when=utcnow() - timedelta(hours=1))
    make_survey_answer("nps", 0)
    login("editor")
    response = client.get("/feedback/report/pages.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.text)
    assert rows[1][1] == 'Say "hi", then =HYPERLINK("http://evil")'  # not at the start: kept
    assert rows[1][6] == "'@SUM(A1:A9) | line one\nline two, with comma"
    scores = read_csv(client.get("/feedback/report/scores.csv").text)
    assert scores[0][0] == "week" and scores[-1][5] == "-100"  # numbers are not neutralised
    assert client.get("/feedback/report/secrets.csv").status_code == 404


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    for dangerous in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("plain") == "plain"
    assert safe_cell(-5) == -5 and safe_cell(None) == "" and safe_cell(True) == "yes"
    text = to_csv(["a", "b"], [['=cmd|"/c calc"!A1', 'He said "no", twice']])
    assert read_csv(text)[1] == ['\'=cmd|"/c calc"!A1', 'He said "no", twice']
    assert text.endswith("\r\n")
