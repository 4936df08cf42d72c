"""Chat figures: handoffs, waits, abandoned chats and the answer bot's results."""

from datetime import timedelta

import pytest

from portal.chat.models import ACTIVE, ENDED, Chat, ChatMessage
from portal.clock import utcnow
from portal.extensions import db
from tests.factories import make_ticket
from tests.insights.helpers import at, figures, one_day, read_csv

DAY = utcnow().date() - timedelta(days=2)


@pytest.fixture
def app_overrides():
    return {"PORTAL_INSIGHTS_REFRESH_SECONDS": 0}


def chat_at(hour, queued=None, taken=None, status=ENDED, ticket=None, messages=()):
    """A chat started at `hour`; messages are (kind, found, helpful) in order."""
    started = at(DAY, hour)
    chat = Chat(
        created_at=started,
        status=status,
        queued_at=at(DAY, queued) if queued is not None else None,
        taken_at=at(DAY, taken) if taken is not None else None,
        ticket_id=ticket.id if ticket else None,
    )
    db.session.add(chat)
    db.session.flush()
    for minute, (kind, found, helpful) in enumerate(messages, start=1):
        db.session.add(
            ChatMessage(
                chat_id=chat.id,
                kind=kind,
                body="…",
                data={"found": found} if kind == "bot" else None,
                helpful=helpful,
                created_at=started + timedelta(minutes=minute),
            )
        )
    db.session.commit()
    return chat


def test_chat_and_bot_figures(client, login):
    question = ("customer", None, None)
    chat_at(8, messages=[question, ("bot", True, True)])  # confirmed helpful
    chat_at(9, messages=[question, ("bot", True, None)])  # left without asking further
    chat_at(
        10,
        queued=10.5,
        taken=10.5 + 5 / 60,
        status=ACTIVE,
        messages=[question, ("bot", True, False), question],
    )
    chat_at(11, queued=11, taken=11.25, messages=[question, ("bot", False, None)])
    chat_at(12, queued=12)  # nobody took it: abandoned
    chat_at(13, queued=13, ticket=make_ticket())  # left a message instead: a ticket

    login("agent")
    query = one_day(DAY)
    self_service = figures(client, "self-service", **query)
    assert self_service["handoff_rate"][0] == "66.7"  # 4 of 6
    assert self_service["bot_deflection"][0] == "33.3"  # 2 of 6 helped by an answer
    assert self_service["bot_helpful"][0] == "1"
    assert self_service["bot_left"][0] == "1"
    assert self_service["bot_unhelpful"][0] == "1"
    service = figures(client, "service", **query)
    assert service["chat_wait_median"][0] == "300.0"
    assert service["chat_wait_p90"][0] == "900.0"
    assert service["chats_abandoned"][0] == "1"
    funnel = dict(read_csv(client, "funnel", **query)[1:])
    assert funnel["chat"] == "6" and funnel["person"] == "4"
    page = client.get("/insights/", query_string=query).text
    assert "Chats handed to a person" in page and "5 min" in page


def test_chat_figures_of_a_quiet_day_divide_by_nothing(client, login):
    login("editor")
    self_service = figures(client, "self-service", **one_day(DAY))
    assert self_service["handoff_rate"] == ("", "")
    assert self_service["bot_deflection"] == ("", "")
    assert figures(client, "service", **one_day(DAY))["chat_wait_median"] == ("", "")
