"""Polling: ids, catching up after a reconnect without loss or doubles, stored before announced."""

from portal.chat import conversation, queue
from portal.chat.bus import LocalBus
from portal.chat.updates import unchanged_by_bus
from tests.chat.helpers import available_agent, latest_chat, poll


def ids_of(payload):
    return [m["id"] for m in payload["messages"]]


def test_nothing_new_is_a_cheap_204(client):
    client.post("/chat", data={"body": "Hello"})
    first = poll(client).json
    again = poll(client, after=ids_of(first)[-1], rev=first["rev"], mark=first["mark"])
    assert again.status_code == 204


def test_reconnect_gets_everything_missed_once_in_order(client):
    agent = available_agent()
    client.post("/chat", data={"body": "Hello"})
    client.post("/chat/person")
    chat = latest_chat()
    queue.take(agent, chat)
    seen = poll(client).json
    last_seen = ids_of(seen)[-1]
    # The customer's connection drops while the agent writes three messages.
    for n in range(3):
        conversation.agent_reply(chat, agent, f"Reply {n}")
    caught_up = poll(client, after=last_seen, rev=seen["rev"]).json
    texts = [m["html"] for m in caught_up["messages"]]
    assert len(texts) == 3
    assert all(f"Reply {n}" in texts[n] for n in range(3))
    assert ids_of(caught_up) == sorted(ids_of(caught_up))
    assert min(ids_of(caught_up)) > last_seen
    # Asking again from the newest id gives nothing twice.
    final = poll(client, after=ids_of(caught_up)[-1], rev=caught_up["rev"], mark=caught_up["mark"])
    assert final.status_code == 204


def test_every_message_is_stored_before_it_is_announced(app, client):
    heard = []

    def listener(chat_id, revision):
        from portal.chat.models import Chat
        from portal.extensions import db

        # A fresh session sees only what is committed.
        with db.engine.connect() as connection:
            stored = connection.execute(
                db.select(Chat.revision).where(Chat.id == chat_id)
            ).scalar_one()
        heard.append((revision, stored))

    with app.app_context():
        from portal.chat.bus import get_bus

        get_bus().subscribe(listener)
    client.post("/chat", data={"body": "Hello"})
    assert heard and all(stored >= revision for revision, stored in heard)


def test_the_typing_indicator_reaches_the_agent(app, client):
    agent = available_agent()
    client.post("/chat", data={"body": "Hello"})
    client.post("/chat/person")
    chat = latest_chat()
    queue.take(agent, chat)
    from tests.chat.test_handoff import login_as

    agent_client = app.test_client()
    login_as(agent_client, agent)
    before = agent_client.get(f"/agent/chats/{chat.id}/updates?after=0&rev=-1").json
    assert before["typing"] is False
    assert client.post("/chat/typing").status_code == 200
    after = agent_client.get(f"/agent/chats/{chat.id}/updates?after=0&rev={before['rev']}").json
    assert after["typing"] is True


def test_a_shared_bus_answers_unchanged_polls_without_the_database():
    bus = LocalBus()
    bus.shared = True
    bus.publish(7, 3)
    assert unchanged_by_bus(bus, 7, 3) is False  # the first look still checks the database
    assert unchanged_by_bus(bus, 7, 3) is True
    assert unchanged_by_bus(bus, 7, 2) is False
    assert unchanged_by_bus(LocalBus(), 7, 3) is False  # in-process: never trusted alone


def test_redis_bus_carries_announcements_between_processes():
    """Two app processes, each with its bus: what one announces, the other hears."""
    import time
    import uuid

    from portal.chat.bus import RedisBus

    channel = f"portal:chat:test:{uuid.uuid4().hex}"
    url = "redis://127.0.0.1:6379/8"
    first, second = RedisBus(url, channel), RedisBus(url, channel)
    try:
        deadline = time.monotonic() + 5
        while not (first.shared and second.shared) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first.shared and second.shared
        first.publish(42, 7)
        while second.latest(42) != 7 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert second.latest(42) == 7
        assert first.latest(42) == 7
    finally:
        first.close()
        second.close()


def test_the_app_uses_redis_for_announcements_when_redis_url_is_set(app):
    from portal.chat.bus import RedisBus, get_bus

    app.config["REDIS_URL"] = "redis://127.0.0.1:6379/8"
    app.extensions["portal_chat_bus"] = None
    bus = get_bus()
    try:
        assert isinstance(bus, RedisBus)
    finally:
        bus.close()


def test_an_up_to_date_poll_is_answered_before_flask(app, client):
    """The common poll never reaches the Flask stack (it would hold a page worker longer)."""
    reached = []
    app.before_request(lambda: reached.append(1))
    client.post("/chat", data={"body": "Hello"})
    first = poll(client).json
    count = len(reached)
    again = poll(client, after=ids_of(first)[-1], rev=first["rev"], mark=first["mark"])
    assert again.status_code == 204
    assert len(reached) == count
    # Any news goes through Flask as usual.
    assert poll(client, after=0, rev=first["rev"] - 1, mark="-").status_code == 200
    assert len(reached) == count + 1


def test_the_fast_answer_needs_the_right_session(app, client):
    client.post("/chat", data={"body": "Hello"})
    first = poll(client).json
    stranger = app.test_client()
    response = poll(stranger, after=ids_of(first)[-1], rev=first["rev"], mark=first["mark"])
    assert response.json == {"gone": True}
