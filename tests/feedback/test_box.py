"""The feedback box: sending, privacy, the staff inbox, status changes, replies and mails."""

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.models import FeedbackItem
from tests.factories import make_feedback, make_user


def test_feedback_box_needs_log_in(client):
    response = client.get("/feedback/")
    assert response.status_code == 302 and "/auth/login?next=" in response.headers["Location"]


def test_customer_sends_feedback_and_sees_it_with_its_status(client, login):
    user = login()
    response = client.post(
        "/feedback/",
        data={"kind": "problem", "subject": "Refund form", "message": "It fails.", "page": "/kb/x"},
    )
    assert response.status_code == 303
    item = db.session.query(FeedbackItem).one()
    assert (item.user_id, item.kind, item.status, item.page) == (user.id, "problem", "new", "/kb/x")
    page = client.get("/feedback/").text
    assert "Refund form" in page and "New" in page
    assert "It fails." in client.get(f"/feedback/{item.id}").text


def test_page_is_prefilled_from_the_link_and_must_be_local(client, login):
    login()
    assert 'value="/kb/pay-by-gcash"' in client.get("/feedback/?page=/kb/pay-by-gcash").text
    response = client.post(
        "/feedback/",
        data={"kind": "idea", "subject": "S", "message": "My long text", "page": "https://evil"},
    )
    assert response.status_code == 400
    assert "My long text" in response.text  # nothing the user wrote is lost
    assert db.session.query(FeedbackItem).count() == 0


def test_what_you_sent_is_shown_twenty_at_a_time_newest_first(client, login):
    user = login()
    start = utcnow() - timedelta(days=30)
    for n in range(25):
        make_feedback(user, subject=f"Sent number {n:02d}", created_at=start + timedelta(hours=n))
    first = client.get("/feedback/").text
    assert first.count("Sent number ") == 20
    assert "Sent number 24" in first and "Sent number 05" in first and "Sent number 04" not in first
    assert 'href="/feedback/?sent=2" rel="next"' in first
    second = client.get("/feedback/?sent=2").text
    assert second.count("Sent number ") == 5 and "Sent number 00" in second
    assert 'href="/feedback/?sent=1" rel="prev"' in second
    # A page past the end shows the last one; a refused submission only the newest twenty.
    assert client.get("/feedback/?sent=99").text.count("Sent number ") == 5
    refused = client.post("/feedback/", data={"kind": "idea", "subject": "", "message": "x"})
    assert refused.status_code == 400 and refused.text.count("Sent number ") == 20


def test_missing_fields_and_unknown_kind_are_field_errors(client, login):
    login()
    response = client.post("/feedback/", data={"kind": "rant", "subject": "", "message": "x"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.text


def test_nobody_sees_another_customers_feedback(client, login):
    theirs = make_feedback(make_user(), subject="Private matter")
    login()
    assert client.get(f"/feedback/{theirs.id}").status_code == 404
    assert "Private matter" not in client.get("/feedback/").text
    assert client.get("/feedback/999999").status_code == 404


@pytest.mark.parametrize(
    "url", ["/feedback/inbox", "/feedback/report", "/feedback/report/pages.csv"]
)
def test_staff_pages_are_closed_to_customers(client, login, url):
    item = make_feedback()
    assert client.get(url).status_code == 302
    login()
    assert client.get(url).status_code == 403
    assert client.get(f"/feedback/inbox/{item.id}").status_code == 403
    assert (
        client.post(f"/feedback/inbox/{item.id}/status", data={"status": "done"}).status_code == 403
    )


@pytest.mark.parametrize("role", ["agent", "editor", "admin"])
def test_staff_roles_open_the_inbox(client, login, role):
    make_feedback(subject="Dark mode please")
    login(role)
    assert "Dark mode please" in client.get("/feedback/inbox").text


def test_inbox_filters_by_kind_status_tag_and_date(client, login):
    old = make_feedback(kind="idea", subject="Old idea")
    old.created_at = utcnow() - timedelta(days=40)
    make_feedback(kind="problem", subject="Broken link", status="planned", tags="links urgent")
    make_feedback(kind="praise", subject="Great guide")
    db.session.commit()
    login("agent")

    def subjects(query: str) -> set[str]:
        page = client.get("/feedback/inbox?" + query).text
        return {s for s in ("Old idea", "Broken link", "Great guide") if s in page}

    assert subjects("") == {"Old idea", "Broken link", "Great guide"}
    assert subjects("kind=problem") == {"Broken link"}
    assert subjects("status=planned") == {"Broken link"}
    assert subjects("tag=urgent") == {"Broken link"}
    assert subjects("tag=urg") == set()
    since = (utcnow() - timedelta(days=7)).date().isoformat()
    assert subjects(f"since={since}") == {"Broken link", "Great guide"}
    until = (utcnow() - timedelta(days=30)).date().isoformat()
    assert subjects(f"until={until}") == {"Old idea"}
    assert client.get("/feedback/inbox?since=not-a-date&kind=nope").status_code == 200


def test_status_change_is_shown_to_the_sender_and_mailed(client, login, outbox):
    sender = make_user(display_name="Tala")
    item = make_feedback(sender, subject="Dark mode")
    login("agent")
    response = client.post(f"/feedback/inbox/{item.id}/status", data={"status": "planned"})
    assert response.status_code == 303
    assert item.status == "planned"
    [mail] = outbox()
    assert mail["To"] == sender.email and "Dark mode" in mail["Subject"]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Planned" in text and f"/feedback/{item.id}" in text
    client.post(f"/feedback/inbox/{item.id}/status", data={"status": "planned"})
    assert len(outbox()) == 1  # no news, no mail
    assert (
        client.post(f"/feedback/inbox/{item.id}/status", data={"status": "lost"}).status_code == 400
    )


def test_staff_reply_is_visible_to_the_sender_and_mailed(app, client, login, outbox):
    sender = make_user()
    item = make_feedback(sender, subject="Instalments?")
    login("editor")
    response = client.post(f"/feedback/inbox/{item.id}/reply", data={"body": "Yes, from May."})
    assert response.status_code == 303
    [mail] = outbox()
    assert mail["To"] == sender.email
    assert "Yes, from May." in mail.get_body(preferencelist=("plain",)).get_content()
    assert client.post(f"/feedback/inbox/{item.id}/reply", data={"body": ""}).status_code == 400

    customer = app.test_client()
    customer.post("/auth/login", data={"email": sender.email, "password": "correct horse battery"})
    assert "Yes, from May." in customer.get(f"/feedback/{item.id}").text


def test_staff_tag_feedback(client, login):
    item = make_feedback()
    login("agent")
    client.post(f"/feedback/inbox/{item.id}/tags", data={"tags": "Billing, billing  mobile-app"})
    assert item.tags == "billing mobile-app"
    assert "mobile-app" in client.get("/feedback/inbox").text


def test_unknown_inbox_item_is_404(client, login):
    login("agent")
    assert client.get("/feedback/inbox/424242").status_code == 404
    assert client.post("/feedback/inbox/424242/reply", data={"body": "x"}).status_code == 404


def test_inbox_opens_without_errors_and_reports_a_bad_filter(client, login):
    make_feedback(subject="Dark mode please")
    login("agent")
    page = client.get("/feedback/inbox").text
    assert "Not a valid choice" not in page and "Dark mode please" in page
    bad = client.get("/feedback/inbox?kind=nonsense&status=")
    assert bad.status_code == 200 and "Not a valid choice" in bad.text
