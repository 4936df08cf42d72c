"""Shared steps of the chat tests."""

from __future__ import annotations

from portal.chat import queue
from portal.chat.models import Chat
from portal.extensions import db
from tests.factories import make_article, make_user


def wifi_article():
    """A published article the bot can quote."""
    return make_article(
        title="Fix slow or dropping Wi-Fi",
        slug="fix-slow-wifi",
        body=(
            "Intro text.\n\n## Restart the router\n\nUnplug the router for ten seconds, then plug "
            "it back in. Slow Wi-Fi often comes back to full speed after a restart.\n\n"
            "## Move the node\n\nPlace the mesh node halfway between the router and the room."
        ),
    )


def available_agent(client=None, login=None, **kwargs):
    """An agent marked available (logged in on client when login is given)."""
    agent = login(role="agent", **kwargs) if login else make_user(role="agent", **kwargs)
    queue.set_availability(agent, True)
    return agent


def latest_chat() -> Chat:
    """The most recently started chat."""
    return db.session.scalars(db.select(Chat).order_by(Chat.id.desc())).first()


def poll(client, after: int = 0, rev: int = -1, mark: str = ""):
    """One poll as chat.js makes it."""
    return client.get(f"/chat/updates?after={after}&rev={rev}&mark={mark}")
