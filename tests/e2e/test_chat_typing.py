"""While the agent types, the customer's chat asks for news more often: the reply lands sooner."""

import time

import pytest
from playwright.sync_api import expect

from portal.chat import conversation, queue
from tests.chat.helpers import latest_chat
from tests.factories import make_user

POLL_MS = 3000  # slow polls, so that the quicker ones while typing are plain to count


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True, "PORTAL_CHAT_POLL_MS": POLL_MS}


def polls_during(page, polls: list[float], seconds: float) -> int:
    start = time.monotonic()
    page.wait_for_timeout(seconds * 1000)
    return sum(1 for moment in polls if moment >= start)


def test_a_typed_reply_reaches_the_customer_well_before_the_next_ordinary_poll(
    app, live_server, page
):
    agent = make_user(role="agent", display_name="Ana Cruz")
    queue.set_availability(agent, True)
    polls: list[float] = []
    page.on(
        "request",
        lambda request: polls.append(time.monotonic()) if "/chat/updates" in request.url else None,
    )
    page.goto(live_server + "/chat")
    page.get_by_label("Your message").fill("My order has not arrived")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("button", name="Talk to a person").click()
    expect(page.get_by_text("You are number 1 in the queue.")).to_be_visible()
    chat = latest_chat()
    queue.take(agent, chat)
    expect(page.get_by_text("You are chatting with Ana Cruz from our team.")).to_be_visible(
        timeout=2 * POLL_MS + 2000
    )

    # Nothing going on: one poll every POLL_MS.
    assert polls_during(page, polls, 3.2) <= 2

    queue.touch_typing(chat, "agent")
    expect(page.get_by_text("Our agent is typing…")).to_be_visible(timeout=POLL_MS + 2000)
    # The agent is typing: the page asks about three times as often.
    assert polls_during(page, polls, 3.2) >= 3

    conversation.agent_reply(chat, agent, "Your parcel is at the depot.")
    started = time.monotonic()
    expect(page.get_by_text("Your parcel is at the depot.")).to_be_visible(timeout=POLL_MS)
    assert time.monotonic() - started < POLL_MS / 1000
    expect(page.get_by_text("Our agent is typing…")).to_be_hidden()
