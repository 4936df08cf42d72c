"""Writing a chat: every change is committed first, then announced on the bus.

A chat changed in a transaction is announced when that transaction commits (session hooks),
whoever commits it: the chat's own actions through save(), an erased account through
auth's one commit. A rollback announces nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.auth.models import User
from portal.chat.bus import get_bus
from portal.chat.models import ENDED, NOTE, SYSTEM, Chat, ChatMessage
from portal.clock import utcnow
from portal.extensions import db

MAX_MESSAGE = 2000
# session.info keys: chats to announce at the next commit, then their revisions as committed.
ANNOUNCE = "portal_chat_announce"
ANNOUNCING = "portal_chat_announcing"


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

    The ending is announced when the caller commits (with save(), or its own commit).
    """
    if chat.status == ENDED:
        return False
    announce(chat)
    chat.status = ENDED
    chat.ended_at = utcnow()
    chat.agent_typing_at = chat.customer_typing_at = None
    add_message(chat, SYSTEM, author=by, data={"event": "ended", "by_agent": by_agent})
    return True


def touch(chat: Chat) -> None:
    """Mark a change that clients must fetch (status, typing, a vote)."""
    chat.revision = (chat.revision or 0) + 1


def announce(*chats: Chat | None) -> None:
    """Announce each chat on the bus once the open transaction commits; never if it rolls back.

    Listeners run after the commit, when the session may not query: they read on their own.
    """
    waiting = db.session.info.setdefault(ANNOUNCE, [])
    waiting.extend(chat for chat in chats if chat is not None)


def save(*chats: Chat | None) -> None:
    """Commit, then announce each changed chat: stored before announced."""
    announce(*chats)
    db.session.commit()


def _note_revisions(session: Session) -> None:
    """Before commit: the revisions the chats reach (read now; after it they are expired)."""
    chats = session.info.pop(ANNOUNCE, None)
    if not chats:
        return
    session.flush()  # a new chat gets its id
    session.info[ANNOUNCING] = {chat.id: chat.revision for chat in chats}


def _publish(session: Session) -> None:
    """After commit: tell every process the revisions just stored."""
    revisions = session.info.pop(ANNOUNCING, None)
    if not revisions or not has_app_context():
        return
    bus = get_bus()
    for chat_id, revision in revisions.items():
        bus.publish(chat_id, revision)


def _forget(session: Session, *args) -> None:
    """A rollback announces nothing."""
    session.info.pop(ANNOUNCE, None)
    session.info.pop(ANNOUNCING, None)


def install_hooks(session) -> None:
    """Announce chats around each commit of the session (once per process)."""
    for name, fn in (
        ("before_commit", _note_revisions),
        ("after_commit", _publish),
        ("after_rollback", _forget),
    ):
        if not event.contains(session, name, fn):
            event.listen(session, name, fn)


def messages_after(chat: Chat, after: int, include_notes: bool = False) -> Iterable[ChatMessage]:
    """The chat's messages with ids above after, oldest first."""
    stmt = select(ChatMessage).where(ChatMessage.chat_id == chat.id, ChatMessage.id > after)
    if not include_notes:
        stmt = stmt.where(ChatMessage.kind != NOTE)
    return db.session.scalars(stmt.order_by(ChatMessage.id)).all()
