"""The answer bot: quotes the best passage with links, never invents, asks if it answered."""

import re

from portal.chat.models import ChatMessage
from portal.extensions import db
from tests.chat.helpers import latest_chat, poll, wifi_article
from tests.factories import make_article


def test_bot_quotes_the_best_passage_with_a_link_to_its_section(client):
    wifi_article()
    response = client.post("/chat", data={"body": "How do I restart the router?"})
    assert response.status_code == 303
    page = client.get("/chat").text
    assert "Unplug the router for ten seconds" in page
    assert 'href="/kb/fix-slow-wifi#restart-the-router"' in page
    assert "Did this answer it?" in page


def test_bot_links_at_most_three_other_pages(client):
    for n in range(6):
        make_article(
            title=f"Router restart guide {n}",
            slug=f"router-restart-{n}",
            body="Restart the router by unplugging it.",
        )
    client.post("/chat", data={"body": "restart router"})
    bot = latest_chat().messages[-1]
    assert bot.kind == "bot" and bot.data["found"]
    assert 1 <= len(bot.data["links"]) <= 3
    urls = [bot.data["url"], *(link["url"] for link in bot.data["links"])]
    assert len(set(urls)) == len(urls)


def test_with_nothing_relevant_the_bot_says_so_and_offers_a_person(client):
    wifi_article()
    client.post("/chat", data={"body": "Can I pay with bitcoin vouchers?"})
    page = client.get("/chat").text
    assert "I could not find an answer to that in our help centre" in page
    assert "Talk to a person" in page
    bot = latest_chat().messages[-1]
    assert bot.kind == "bot" and bot.data == {"found": False}


def test_did_this_answer_it_is_recorded_once_and_shown(client):
    wifi_article()
    client.post("/chat", data={"body": "restart the router"})
    bot = latest_chat().messages[-1]
    response = client.post("/chat/answered", data={"message": bot.id, "answer": "yes"})
    assert response.status_code == 303
    db.session.refresh(bot)
    assert bot.helpful is True
    page = client.get("/chat").text
    assert "This answered the question." in page
    assert "Did this answer it?" not in page


def test_a_no_is_recorded_and_invites_a_person(client):
    wifi_article()
    client.post("/chat", data={"body": "restart the router"})
    bot = latest_chat().messages[-1]
    response = client.post(
        "/chat/answered", data={"message": bot.id, "answer": "no"}, follow_redirects=True
    )
    assert "Ask in other words, or talk to a person" in response.text
    assert db.session.get(ChatMessage, bot.id).helpful is False


def test_the_answer_arrives_in_the_poll_without_reload(client):
    wifi_article()
    client.post("/chat", data={"body": "restart the router"}, headers={"X-Chat-Client": "1"})
    data = poll(client).json
    ids = [m["id"] for m in data["messages"]]
    assert ids == sorted(ids) and len(ids) == 2
    assert re.search(r"Unplug the router", data["messages"][1]["html"])
