"""Mail settings on /account: each kind of mail can be turned off, and is, where it is sent."""

from flask import url_for

from portal.extensions import db
from portal.feedback import box
from portal.feedback import services as feedback_services
from portal.forum import notifications
from portal.forum import services as forum_services
from portal.tickets import console
from tests.factories import make_feedback, make_thread, make_ticket, make_user

ALL_ON = {
    "ticket_replies": "y",
    "forum_replies": "y",
    "page_updates": "y",
    "feedback": "y",
    "surveys": "y",
}


def test_settings_need_a_log_in(client):
    assert client.post("/account/mail", data=ALL_ON).status_code == 302


def test_every_kind_is_on_until_turned_off_and_the_choice_is_saved(client, login):
    user = login()
    page = client.get("/account").text
    for kind in ALL_ON:
        assert f'<input checked id="{kind}" name="{kind}" type="checkbox"' in page
    assert "Replies and status changes on my requests" in page
    response = client.post("/account/mail", data={**ALL_ON, "forum_replies": "", "surveys": ""})
    assert response.status_code == 303
    assert user.mail_forum_replies is False and user.mail_surveys is False
    assert user.mail_ticket_replies and user.mail_page_updates and user.mail_feedback
    page = client.get("/account").text
    assert 'id="forum_replies" name="forum_replies" type="checkbox" value="y"' in page
    # The profile form still shows the saved name, not the mail form's fields.
    assert f'value="{user.display_name}"' in page


def test_agent_reply_is_not_mailed_to_a_member_who_turned_it_off(app, outbox):
    agent = make_user(role="agent")
    quiet = make_user()
    quiet.mail_ticket_replies = False
    db.session.commit()
    ticket = make_ticket(quiet)
    with app.test_request_context():
        console.agent_reply(ticket, agent, "Try this", internal=False)
    assert outbox() == []
    visitor_ticket = make_ticket(email="guest@example.com")
    with app.test_request_context():
        console.agent_reply(visitor_ticket, agent, "Try this", internal=False)
    assert [m["To"] for m in outbox()] == ["guest@example.com"]


def test_solved_mail_leaves_out_the_survey_or_is_not_sent(app, outbox):
    no_surveys = make_user(email="nosurvey@example.com")
    no_surveys.mail_surveys = False
    neither = make_user(email="neither@example.com")
    neither.mail_surveys = neither.mail_ticket_replies = False
    db.session.commit()
    with app.test_request_context():
        console.set_status(make_ticket(no_surveys), "solved")
        console.set_status(make_ticket(neither), "solved")
    [mail] = outbox()
    assert mail["To"] == "nosurvey@example.com"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "/feedback/csat" not in body and "How satisfied" not in body


def test_forum_reply_mail_skips_members_who_turned_it_off(app, outbox):
    asker = make_user(email="asker@example.com")
    quiet = make_user(email="quiet@example.com")
    quiet.mail_forum_replies = False
    thread = make_thread(asker)
    notifications.subscribe(quiet.id, thread.id)
    notifications.subscribe(asker.id, thread.id)
    db.session.commit()
    with app.test_request_context():
        forum_services.post_reply(make_user(), thread, "Try the blue port.", "k1", url_for=url_for)
    assert [m["To"] for m in outbox()] == ["asker@example.com"]


def test_page_update_and_feedback_mail_follow_the_settings(app, outbox):
    quiet = make_user(email="quiet@example.com")
    quiet.mail_page_updates = quiet.mail_feedback = False
    db.session.commit()
    feedback_services.set_watch("article", 1, quiet, True)
    with app.test_request_context():
        feedback_services.notify_watchers("article", 1, "Reset", "http://x/kb/reset")
        item = make_feedback(quiet)
        box.change_status(item, "planned")
    assert outbox() == []
    assert not feedback_services.is_watching("article", 1, quiet)
