"""What a client is shown and what a poll returns: the chat's state since a revision."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import bindparam, select

from portal.chat import queue
from portal.chat.bus import LocalBus
from portal.chat.forms import LeaveMessageForm, RatingForm, TranscriptForm
from portal.chat.models import ACTIVE, ENDED, WAITING, Chat, ChatAgent
from portal.chat.store import messages_after
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.surveys import ces_prompt

TYPING_SHOWN = timedelta(seconds=6)
# Even when the bus says nothing changed, look at the database this often per chat: an
# agent whose console died announces nothing, and their chat must still go back to the queue.
RECHECK_SECONDS = 10.0

_checked: dict[int, float] = {}
_checked_lock = threading.Lock()


def unchanged_by_bus(bus: LocalBus, chat_id: int | None, rev: int) -> bool:
    """True when the bus alone can say the chat is still at rev (no database read needed)."""
    if chat_id is None or rev < 0:
        return False
    latest = bus.latest(chat_id)
    if latest is None or latest != rev:
        return False
    now = time.monotonic()
    with _checked_lock:
        last = _checked.get(chat_id, 0.0)
        if now - last < RECHECK_SECONDS:
            return True
        _checked[chat_id] = now
        if len(_checked) > 50_000:
            _checked.clear()
    return False


# Built once: constructing the statement cost more than running it.
POLL_CHECK = (
    select(
        Chat.secret,
        Chat.user_id,
        Chat.revision,
        Chat.status,
        ChatAgent.available,
        ChatAgent.last_seen_at,
    )
    .outerjoin(ChatAgent, ChatAgent.user_id == Chat.agent_id)
    .where(Chat.id == bindparam("chat_id"))
)


def unchanged_in_database(chat_id: int | None, secret: str, user_id: int | None, rev: int) -> bool:
    """True when the chat is still at rev and nothing else needs a look: one small query.

    This is what most polls cost: the chat's row and its agent's presence, read without the
    ORM. Anything else (a new revision, a waiting chat, an agent gone quiet, a token that
    does not fit) sends the poll down the full path, which answers properly.
    """
    if chat_id is None or rev < 0:
        return False
    row = db.session.connection().execute(POLL_CHECK, {"chat_id": chat_id}).first()
    if row is None or row.revision != rev or row.secret != secret:
        return False
    if row.user_id is not None and row.user_id != user_id:
        return False
    if row.status == WAITING:
        return False
    if row.status == ACTIVE:
        timeout = timedelta(seconds=current_app.config["PORTAL_CHAT_AGENT_TIMEOUT"])
        seen = row.last_seen_at
        if not (row.available and seen and utcnow() - seen <= timeout):
            return False
    return True


def _typing(moment) -> bool:
    return bool(moment and utcnow() - moment <= TYPING_SHOWN)


def customer_view(chat: Chat) -> dict:
    """Everything the customer's page shows besides the forms."""
    place = queue.place_in_queue(chat)
    waiting = chat.status == WAITING
    return {
        "messages": chat.public_messages,
        "place": place,
        "estimate": queue.wait_estimate(place) if waiting else None,
        "available": queue.person_available() if chat.status != ENDED else False,
        "in_hours": queue.in_chat_hours(),
        "typing": _typing(chat.agent_typing_at),
        "agent": chat.agent,
    }


def _message_html(messages, chat: Chat, staff: bool) -> list[dict]:
    return [
        {
            "id": message.id,
            "html": render_template(
                "chat/_message.html", message=message, chat=chat, staff_view=staff
            ),
        }
        for message in messages
    ]


def state_mark(chat: Chat, view: dict) -> str:
    """What may change for a waiting customer without a new revision: place and availability."""
    if chat.status != WAITING:
        return "-"
    return f"{view['place']}:{int(view['available'])}"


def customer_payload(chat: Chat, after: int, rev: int, mark: str) -> dict | None:
    """New messages and the status panel, or None when the client is up to date."""
    view = customer_view(chat)
    current = state_mark(chat, view)
    if chat.revision == rev and current == mark:
        return None
    return {
        "rev": chat.revision,
        "mark": current,
        "status": chat.status,
        "typing": view["typing"],
        "messages": _message_html(messages_after(chat, after), chat, staff=False),
        "panel": render_template("chat/_panel.html", chat=chat, view=view, **_panel_forms(chat)),
        "context": render_template("chat/_context.html", chat=chat),
    }


def ces_for(chat: Chat | None, respondent_key: str | None = None) -> dict | None:
    """How easy it was (CES), asked once the chat has ended, never while it runs."""
    if chat is None or chat.status != ENDED:
        return None
    return ces_prompt("chat", str(chat.id), "/chat", respondent_key)


def _panel_forms(chat: Chat | None = None) -> dict:
    return {
        "leave_form": LeaveMessageForm(formdata=None),
        "transcript_form": TranscriptForm(formdata=None),
        "rating_form": RatingForm(formdata=None),
        "ces": ces_for(chat),
    }


def agent_payload(chat: Chat, after: int, rev: int) -> dict | None:
    """New messages (notes included) and the chat's state, for the agent's page."""
    if chat.revision == rev:
        return None
    return {
        "rev": chat.revision,
        "status": chat.status,
        "typing": _typing(chat.customer_typing_at),
        "messages": _message_html(messages_after(chat, after, include_notes=True), chat, True),
        "panel": render_template("chat/_agent_panel.html", chat=chat),
    }


def poll_interval() -> int:
    """How often chat.js asks for news, in milliseconds."""
    return int(current_app.config["PORTAL_CHAT_POLL_MS"])
