"""Writing a chat: every change is committed first, then announced on the bus."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from portal.auth.models import User
from portal.chat.bus import get_bus
from portal.chat.models import ENDED, NOTE, SYSTEM, Chat, ChatMessage
from portal.clock import utcnow
from portal.extensions import db

MAX_MESSAGE = 2000


class ChatError(Exception):
    """A chat action the person cannot take right now."""


class EmptyMessage(ChatError):
    """Nothing but spaces was sent."""


class MessageTooLong(ChatError):
    """More than MAX_MESSAGE characters."""


class ChatEnded(ChatError):
    """The chat is over; a new one can be started."""


def clean_body(body: str | None) -> str:
    """The text as it will be stored; raises on empty or oversized text."""
    text = (body or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise EmptyMessage()
    if len(text) > MAX_MESSAGE:
        raise MessageTooLong()
    return text


def add_message(
    chat: Chat,
    kind: str,
    body: str = "",
    author: User | None = None,
    data: dict | None = None,
) -> ChatMessage:
    """Append a message and give it its id; the caller commits with save()."""
    message = ChatMessage(
        chat=chat, kind=kind, body=body, author=author, data=data, created_at=utcnow()
    )
    db.session.add(message)
    db.session.flush()
    chat.last_message_id = message.id
    chat.revision = (chat.revision or 0) + 1
    return message


def close(chat: Chat, by: User | None = None, by_agent: bool = False) -> bool:
    """End the chat, with the "ended" line both sides see; False when it had ended already.

    The caller commits (with save(), which also announces it).
    """
    if chat.status == ENDED:
        return False
    chat.status = ENDED
    chat.ended_at = utcnow()
    chat.agent_typing_at = chat.customer_typing_at = None
    add_message(chat, SYSTEM, author=by, data={"event": "ended", "by_agent": by_agent})
    return True


def touch(chat: Chat) -> None:
    """Mark a change that clients must fetch (status, typing, a vote)."""
    chat.revision = (chat.revision or 0) + 1


def save(*chats: Chat | None) -> None:
    """Commit, then announce each changed chat: stored before announced."""
    db.session.commit()
    bus = get_bus()
    for chat in chats:
        if chat is not None:
            bus.publish(chat.id, chat.revision)


def messages_after(chat: Chat, after: int, include_notes: bool = False) -> Iterable[ChatMessage]:
    """The chat's messages with ids above after, oldest first."""
    stmt = select(ChatMessage).where(ChatMessage.chat_id == chat.id, ChatMessage.id > after)
    if not include_notes:
        stmt = stmt.where(ChatMessage.kind != NOTE)
    return db.session.scalars(stmt.order_by(ChatMessage.id)).all()
