"""Agents and the queue: availability, capacity, place and wait, taking and returning chats."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

from flask import current_app
from sqlalchemy import func, select

from portal.auth.models import User
from portal.chat.models import (
    ACTIVE,
    BOT,
    CUSTOMER,
    ENDED,
    SYSTEM,
    WAITING,
    Chat,
    ChatAgent,
    ChatMessage,
)
from portal.chat.store import ChatEnded, ChatError, add_message, save, touch
from portal.clock import utcnow
from portal.escalation import hours
from portal.extensions import db

ESTIMATE_SAMPLES = 30
ESTIMATE_MIN_SAMPLES = 3
ESTIMATE_DAYS = 7
HEARTBEAT_WRITE_EVERY = timedelta(seconds=10)


class NobodyAvailable(ChatError):
    """No agent is available, or it is outside the chat hours."""


class NotWaiting(ChatError):
    """Someone else took the chat, or it ended."""


class AtCapacity(ChatError):
    """The agent has as many chats as their capacity allows."""


class Away(ChatError):
    """The agent is marked away."""


class NotYourChat(ChatError):
    """Only the agent who took the chat may answer or end it."""


def _timeout() -> timedelta:
    return timedelta(seconds=current_app.config["PORTAL_CHAT_AGENT_TIMEOUT"])


def presence(agent: User) -> ChatAgent:
    """The agent's chat settings, created (away) on first use."""
    row = db.session.get(ChatAgent, agent.id)
    if row is None:
        row = ChatAgent(user_id=agent.id, available=False, capacity=2)
        db.session.add(row)
        db.session.flush()
    return row


def heartbeat(agent: User) -> ChatAgent:
    """Note that the agent's console is open; written at most every few seconds."""
    row = presence(agent)
    now = utcnow()
    if row.last_seen_at is None or now - row.last_seen_at >= HEARTBEAT_WRITE_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return row


def _online(row: ChatAgent | None, now: datetime) -> bool:
    return bool(row and row.available and row.last_seen_at and now - row.last_seen_at <= _timeout())


def in_chat_hours(now: datetime | None = None) -> bool:
    """True inside the chat hours shown on /contact (always, when none are configured)."""
    config = current_app.config
    rules = config["PORTAL_CONTACT"]["chat_hours"]
    if not rules:
        return True
    return hours.is_open(rules, config["BABEL_DEFAULT_TIMEZONE"], now)


def agents_online() -> list[ChatAgent]:
    """Agents marked available whose console answered recently."""
    now = utcnow()
    rows = db.session.scalars(select(ChatAgent).where(ChatAgent.available.is_(True))).all()
    return [row for row in rows if _online(row, now)]


def person_available() -> bool:
    """Whether asking for a person can reach one now."""
    return in_chat_hours() and bool(agents_online())


def set_availability(agent: User, available: bool) -> list[Chat]:
    """Switch the agent available or away; going away returns their chats to the queue."""
    row = presence(agent)
    row.available = available
    row.last_seen_at = utcnow()
    returned = [] if available else _return_chats(agent)
    save(*returned)
    return returned


def set_capacity(agent: User, capacity: int) -> ChatAgent:
    """How many chats the agent takes at once (an admin's decision)."""
    row = presence(agent)
    row.capacity = max(0, min(int(capacity), 20))
    db.session.commit()
    return row


def active_chats(agent: User) -> list[Chat]:
    """The agent's chats in progress, oldest first."""
    stmt = select(Chat).where(Chat.agent_id == agent.id, Chat.status == ACTIVE)
    return list(db.session.scalars(stmt.order_by(Chat.taken_at, Chat.id)))


def waiting_chats(limit: int = 100) -> list[Chat]:
    """Chats waiting for a person, longest waiting first."""
    stmt = select(Chat).where(Chat.status == WAITING).order_by(Chat.queued_at, Chat.id).limit(limit)
    return list(db.session.scalars(stmt))


def waiting_count() -> int:
    """How many chats wait for a person."""
    return db.session.scalar(select(func.count(Chat.id)).where(Chat.status == WAITING)) or 0


def place_in_queue(chat: Chat) -> int:
    """1 for the first in line; 0 when the chat is not waiting."""
    if chat.status != WAITING or chat.queued_at is None:
        return 0
    ahead = db.session.scalar(
        select(func.count(Chat.id)).where(
            Chat.status == WAITING,
            (Chat.queued_at < chat.queued_at)
            | ((Chat.queued_at == chat.queued_at) & (Chat.id < chat.id)),
        )
    )
    return (ahead or 0) + 1


def recent_waits() -> list[timedelta]:
    """How long the latest chats waited before a person took them."""
    since = utcnow() - timedelta(days=ESTIMATE_DAYS)
    rows = db.session.execute(
        select(Chat.queued_at, Chat.taken_at)
        .where(Chat.taken_at.is_not(None), Chat.queued_at.is_not(None), Chat.taken_at >= since)
        .order_by(Chat.taken_at.desc())
        .limit(ESTIMATE_SAMPLES)
    ).all()
    return [taken - queued for queued, taken in rows if taken >= queued]


def wait_estimate(place: int) -> dict | None:
    """{"wait": timedelta, "samples": n} from recent chats, or None when too few to say."""
    waits = recent_waits()
    if len(waits) < ESTIMATE_MIN_SAMPLES or place < 1:
        return None
    typical = median(waits)
    return {"wait": max(typical * place, timedelta(minutes=1)), "samples": len(waits)}


def request_person(chat: Chat) -> bool:
    """Put the chat in the queue; returns whether a person can answer now.

    With nobody available the chat still waits (an agent may come back), and the customer is
    told at once and offered to leave a message instead.
    """
    if chat.status == ENDED:
        raise ChatEnded()
    if chat.status == BOT:
        chat.status = WAITING
        chat.queued_at = utcnow()
        add_message(chat, SYSTEM, data={"event": "queued"})
        save(chat)
    return person_available()


def take(agent: User, chat: Chat) -> Chat:
    """The agent takes a waiting chat, within their capacity."""
    row = presence(agent)
    if not row.available:
        raise Away()
    if chat.status != WAITING:
        raise NotWaiting()
    if len(active_chats(agent)) >= row.capacity:
        raise AtCapacity()
    chat.status = ACTIVE
    chat.agent_id = agent.id
    chat.taken_at = utcnow()
    row.last_seen_at = chat.taken_at
    add_message(chat, SYSTEM, author=agent, data={"event": "joined", "name": agent.display_name})
    save(chat)
    return chat


def _requeue(chat: Chat) -> None:
    """Back to the queue; queued_at is kept, so the chat is first in line again."""
    name = chat.agent.display_name if chat.agent else ""
    chat.status = WAITING
    chat.agent_id = None
    chat.agent_typing_at = None
    add_message(chat, SYSTEM, data={"event": "returned", "name": name})


def _return_chats(agent: User) -> list[Chat]:
    chats = active_chats(agent)
    for chat in chats:
        _requeue(chat)
    return chats


def _agent_gone(chat: Chat, now: datetime) -> bool:
    row = db.session.get(ChatAgent, chat.agent_id) if chat.agent_id else None
    return not _online(row, now)


def return_stale_chats() -> list[Chat]:
    """Chats whose agent went away or whose console stopped answering go back to the queue."""
    cutoff = utcnow() - _timeout()
    gone = (
        (ChatAgent.user_id.is_(None))
        | (ChatAgent.available.is_(False))
        | (ChatAgent.last_seen_at.is_(None))
        | (ChatAgent.last_seen_at < cutoff)
    )
    stmt = (
        select(Chat)
        .outerjoin(ChatAgent, ChatAgent.user_id == Chat.agent_id)
        .where(Chat.status == ACTIVE, gone)
    )
    returned = list(db.session.scalars(stmt))
    for chat in returned:
        _requeue(chat)
    if returned:
        save(*returned)
    return returned


def check_agent_of(chat: Chat) -> bool:
    """For one chat: if its agent is gone, return it to the queue. True when it changed."""
    if chat.status != ACTIVE or not _agent_gone(chat, utcnow()):
        return False
    _requeue(chat)
    save(chat)
    return True


def first_questions(chats: list[Chat]) -> dict[int, str]:
    """Each chat's first customer message, in one query, to name chats in lists."""
    ids = [chat.id for chat in chats]
    if not ids:
        return {}
    rows = db.session.execute(
        select(ChatMessage.chat_id, ChatMessage.body)
        .where(ChatMessage.chat_id.in_(ids), ChatMessage.kind == CUSTOMER)
        .order_by(ChatMessage.chat_id, ChatMessage.id)
    )
    found: dict[int, str] = {}
    for chat_id, body in rows:
        found.setdefault(chat_id, body)
    return found


def agent_rows() -> list[tuple[User, ChatAgent | None]]:
    """Every agent and admin with their chat settings, for the admin's capacity table."""
    agents = db.session.scalars(
        select(User).where(User.role.in_(("agent", "admin"))).order_by(User.display_name)
    ).all()
    return [(agent, db.session.get(ChatAgent, agent.id)) for agent in agents]


def touch_typing(chat: Chat, side: str) -> None:
    """Note that one side is typing (the client sends this every few seconds at most)."""
    now = utcnow()
    if side == "agent":
        chat.agent_typing_at = now
    else:
        chat.customer_typing_at = now
    touch(chat)
    save(chat)
