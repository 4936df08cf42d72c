"""Who may see which chat: visitors by a signed token in their session, members by account."""

from __future__ import annotations

import secrets

from flask import abort, current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from portal.auth.models import User
from portal.chat.models import Chat
from portal.chat.store import close
from portal.extensions import db

ACCESS_SALT = "chat-access"


def serializer() -> URLSafeSerializer:
    """Signs and reads chat tokens."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ACCESS_SALT)


def chat_token(chat: Chat) -> str:
    """A signed token naming this chat and its secret; kept in the customer's session."""
    return serializer().dumps([chat.id, chat.secret])


def token_chat_id(token: str | None) -> int | None:
    """The chat id a token names, checked by signature only (no database read)."""
    if not token:
        return None
    try:
        chat_id, _secret = serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    return chat_id if isinstance(chat_id, int) else None


def token_parts(token: str | None) -> tuple[int | None, str]:
    """The chat id and secret a token names, checked by signature only (no database read)."""
    if not token:
        return None, ""
    try:
        chat_id, secret = serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None, ""
    return (chat_id, str(secret)) if isinstance(chat_id, int) else (None, "")


def may_see(chat: Chat, user: User | None) -> bool:
    """A member's chat is theirs alone; a visitor's is anyone's who holds its token."""
    if chat.user_id is None:
        return True
    return user is not None and getattr(user, "is_authenticated", False) and user.id == chat.user_id


def chat_for_token(token: str | None, user: User | None) -> Chat | None:
    """The chat a session token opens for this person, or None (forged, stale, someone else's)."""
    if not token:
        return None
    try:
        chat_id, secret = serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    chat = db.session.get(Chat, chat_id) if isinstance(chat_id, int) else None
    if chat is None or not secrets.compare_digest(chat.secret, str(secret)):
        return None
    return chat if may_see(chat, user) else None


def past_chat_for(user: User, ref: str) -> Chat:
    """A member's own chat by reference; 404 for anyone else's."""
    chat = db.session.scalar(select(Chat).where(Chat.ref == ref))
    if chat is None or chat.user_id is None or chat.user_id != user.id:
        abort(404)
    return chat


def chat_for_agent(chat_id: int) -> Chat:
    """Any chat, for agents; 404 when unknown."""
    chat = db.session.get(Chat, chat_id)
    if chat is None:
        abort(404)
    return chat


def past_chats(user: User, limit: int = 20) -> list[Chat]:
    """A member's chats, newest first."""
    return chats_of(user.id, limit)


def chats_of(user_id: int, limit: int = 20) -> list[Chat]:
    """The chats of the account with that id, newest first."""
    stmt = (
        select(Chat)
        .where(Chat.user_id == user_id)
        .order_by(Chat.created_at.desc(), Chat.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def erase_member(user: User) -> None:
    """An account is being deleted: its chats end and lose the name, email and context given.

    What was said stays as the team's record. The caller commits; an open chat's ending is
    announced then, as when either side ends it, so an agent watching sees it at once.
    """
    for chat in db.session.scalars(select(Chat).where(Chat.user_id == user.id)):
        close(chat)
        chat.visitor_name = ""
        chat.visitor_email = ""
        chat.context = []
