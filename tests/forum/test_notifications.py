"""Subscriptions, reply mails and the one-click unsubscribe link."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.forum.models import Subscription
from portal.forum.notifications import unsubscribe_token
from tests.factories import make_thread, make_user


def subscribed(user, thread) -> bool:
    return (
        db.session.scalar(
            select(Subscription.id).where(
                Subscription.user_id == user.id, Subscription.thread_id == thread.id
            )
        )
        is not None
    )


def test_a_reply_mails_the_other_subscribers_in_their_language(client, login, outbox):
    asker = make_user(display_name="Maria", locale="fil")
    thread = make_thread(author=asker, title="Router keeps restarting")
    replier = login(display_name="Paolo")
    client.post(f"/forum/t/{thread.id}/reply", data={"body": "Check the power adapter."})
    [message] = outbox()
    assert message["To"] == asker.email
    assert "Router keeps restarting" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Check the power adapter." in body
    assert "Kumusta Maria," in body
    assert "Sumagot si Paolo" in body
    assert re.search(r"http://localhost/forum/p/\d+", body)
    assert "/forum/unsubscribe/" in body
    assert replier.email not in [m["To"] for m in outbox()]


def test_the_unsubscribe_link_works_without_logging_in(client, login, outbox):
    asker = make_user()
    thread = make_thread(author=asker)
    login()
    client.post(f"/forum/t/{thread.id}/reply", data={"body": "Me too"})
    client.post("/auth/logout")
    body = outbox()[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost(/forum/unsubscribe/\S+)", body).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert not subscribed(asker, thread)
    assert client.get(link).status_code == 200  # a second click changes nothing


def test_a_tampered_unsubscribe_link_is_404(client):
    thread = make_thread()
    token = unsubscribe_token(1, thread.id)
    assert client.get(f"/forum/unsubscribe/{token[:-2]}xx").status_code == 404
    assert client.get("/forum/unsubscribe/nonsense").status_code == 404


def test_unsubscribed_members_get_no_mail(client, login, outbox):
    asker = make_user()
    thread = make_thread(author=asker)
    client.get(f"/forum/unsubscribe/{unsubscribe_token(asker.id, thread.id)}")
    login()
    client.post(f"/forum/t/{thread.id}/reply", data={"body": "Anyone?"})
    assert outbox() == []


def test_subscribe_and_unsubscribe_buttons(client, login):
    member = login()
    thread = make_thread()
    assert "Follow this thread" in client.get(f"/forum/t/{thread.id}").text
    response = client.post(f"/forum/t/{thread.id}/subscription", data={"subscribe": "1"})
    assert response.status_code == 303
    assert subscribed(member, thread)
    client.post(f"/forum/t/{thread.id}/subscription", data={"subscribe": "1"})
    assert "Stop following" in client.get(f"/forum/t/{thread.id}").text
    fragment = client.post(
        f"/forum/t/{thread.id}/subscription",
        data={"subscribe": "0"},
        headers={"HX-Request": "true"},
    )
    assert "Follow this thread" in fragment.text
    assert "<html" not in fragment.text
    assert not subscribed(member, thread)


def test_visitors_have_no_subscription_button(client):
    thread = make_thread()
    assert "Follow this thread" not in client.get(f"/forum/t/{thread.id}").text
    assert client.post(f"/forum/t/{thread.id}/subscription").status_code == 302
