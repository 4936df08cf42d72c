"""Announcing chat changes: in-process by default, Redis pub/sub when REDIS_URL is set.

As in Discourse's message_bus, every change is stored first (the chat's `revision` and its
messages are committed) and only then announced; a client that missed an announcement catches
up by asking for everything after the last message id it saw. The bus therefore never
carries data that exists nowhere else: it only tells each app process the latest revision
of a chat, so a poll that finds nothing new can answer without asking the database.

Only the Redis bus hears every process's announcements; the in-process bus hears its own
process alone (several gunicorn workers share nothing), so its knowledge is never trusted
to skip the database.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from flask import Flask, current_app

log = logging.getLogger(__name__)

CHANNEL = "portal:chat"
MAX_KNOWN = 50_000


class LocalBus:
    """Announcements inside this process: the latest revision of each chat it heard of."""

    #: True when every process's announcements reach this bus (so it may answer alone).
    shared = False

    def __init__(self) -> None:
        self._known: OrderedDict[int, int] = OrderedDict()
        self._lock = threading.Lock()
        self._listeners: list = []

    def publish(self, chat_id: int, revision: int) -> None:
        """Announce that a chat reached a revision (call only after the commit)."""
        self._heard(chat_id, revision)

    def _heard(self, chat_id: int, revision: int) -> None:
        with self._lock:
            if revision >= self._known.get(chat_id, -1):
                self._known[chat_id] = revision
                self._known.move_to_end(chat_id)
                while len(self._known) > MAX_KNOWN:
                    self._known.popitem(last=False)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(chat_id, revision)

    def subscribe(self, listener) -> None:
        """Call listener(chat_id, revision) for every announcement this process hears."""
        with self._lock:
            self._listeners.append(listener)

    def latest(self, chat_id: int) -> int | None:
        """The latest revision heard for a chat, when this bus hears every process; else None."""
        if not self.shared:
            return None
        with self._lock:
            return self._known.get(chat_id)

    def close(self) -> None:
        """Stop listening (nothing to do in-process)."""


class RedisBus(LocalBus):
    """Announcements through Redis pub/sub, heard by every app process."""

    def __init__(self, url: str, channel: str = CHANNEL) -> None:
        super().__init__()
        self.channel = channel
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="chat-bus", daemon=True)
        self._thread.start()

    @property
    def shared(self) -> bool:  # type: ignore[override]
        # Until the subscription is live, announcements may pass unheard.
        return self._ready.is_set()

    def publish(self, chat_id: int, revision: int) -> None:
        """Announce to every process; a Redis failure only costs the others a database read."""
        try:
            self._redis.publish(self.channel, json.dumps([chat_id, revision]))
        except Exception:
            log.warning("chat announcement could not reach Redis", exc_info=True)
            self._ready.clear()
        self._heard(chat_id, revision)

    def _listen(self) -> None:
        while not self._stopping.is_set():
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel)
                # Whatever was announced before now is in the database: forget older news.
                with self._lock:
                    self._known.clear()
                self._ready.set()
                while not self._stopping.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "message":
                        chat_id, revision = json.loads(message["data"])
                        self._heard(int(chat_id), int(revision))
                pubsub.close()
            except Exception:
                self._ready.clear()
                log.warning("chat bus lost Redis; retrying", exc_info=True)
                time.sleep(1.0)

    def close(self) -> None:
        """Stop the listening thread."""
        self._stopping.set()
        self._ready.clear()


def make_bus(redis_url: str | None) -> LocalBus:
    """The bus for these settings: Redis when a URL is given, else in-process."""
    return RedisBus(redis_url) if redis_url else LocalBus()


def get_bus() -> LocalBus:
    """This app's bus, created on first use (no connection is made at start-up)."""
    app = current_app._get_current_object()
    bus = app.extensions.get("portal_chat_bus")
    if bus is None:
        with _create_lock:
            bus = app.extensions.get("portal_chat_bus")
            if bus is None:
                url = app.config.get("REDIS_URL") or os.environ.get("REDIS_URL") or None
                bus = app.extensions["portal_chat_bus"] = make_bus(url)
    return bus


_create_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Nothing is connected until a chat is announced or polled."""
    app.extensions.setdefault("portal_chat_bus", None)
