"""Live chat figures: handoffs, waits, abandoned chats and what the answer bot achieved."""

from __future__ import annotations

import importlib.util
from datetime import datetime

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from portal.chat.models import BOT_KIND, CUSTOMER, ENDED, Chat, ChatMessage
from portal.extensions import db
from portal.insights.sqlstats import percentiles, seconds_between

DAY_METRICS = (
    "chats_started",
    "chats_queued",
    "chats_abandoned",
    "chat_contacts",
    "bot_answers",
    "bot_helpful",
    "bot_unhelpful",
    "bot_left",
    "bot_deflected",
)


def available() -> bool:
    """True when the live chat package is installed."""
    return importlib.util.find_spec("portal.chat") is not None


def day_counts(since: datetime, before: datetime) -> dict[str, int]:
    """The chat figures of one day (chats by when they started, answers by when given)."""
    started = and_(Chat.created_at >= since, Chat.created_at < before)
    queued = and_(Chat.queued_at >= since, Chat.queued_at < before)
    chats = db.session.execute(
        select(
            func.count().filter(started),
            func.count().filter(queued),
            func.count().filter(
                queued, Chat.taken_at.is_(None), Chat.status == ENDED, Chat.ticket_id.is_(None)
            ),
            func.count().filter(queued, Chat.ticket_id.is_(None)),
        ).where((started) | (queued))
    ).one()
    answer = and_(
        ChatMessage.kind == BOT_KIND,
        ChatMessage.created_at >= since,
        ChatMessage.created_at < before,
        ChatMessage.data["found"].as_boolean().is_(True),
    )
    # "Left without asking further": no customer message after the answer, no handoff.
    later = aliased(ChatMessage)
    followed = exists().where(
        later.chat_id == ChatMessage.chat_id, later.kind == CUSTOMER, later.id > ChatMessage.id
    )
    bot = db.session.execute(
        select(
            func.count(),
            func.count().filter(ChatMessage.helpful.is_(True)),
            func.count().filter(ChatMessage.helpful.is_(False)),
            func.count().filter(ChatMessage.helpful.is_(None), ~followed, Chat.queued_at.is_(None)),
        )
        .select_from(ChatMessage)
        .join(Chat, Chat.id == ChatMessage.chat_id)
        .where(answer)
    ).one()
    answered = exists().where(
        ChatMessage.chat_id == Chat.id,
        ChatMessage.kind == BOT_KIND,
        ChatMessage.data["found"].as_boolean().is_(True),
    )
    deflected = db.session.scalar(
        select(func.count()).where(
            started, answered, Chat.queued_at.is_(None), Chat.ticket_id.is_(None)
        )
    )
    values = (*chats, *bot, deflected)
    return dict(zip(DAY_METRICS, (int(v or 0) for v in values), strict=True))


def wait_times(since: datetime, before: datetime) -> dict[float, float | None]:
    """Median and 90th percentile of the wait from asking for a person to being taken."""
    return percentiles(
        seconds_between(Chat.taken_at, Chat.queued_at),
        Chat.queued_at >= since,
        Chat.queued_at < before,
        Chat.taken_at.is_not(None),
    )
