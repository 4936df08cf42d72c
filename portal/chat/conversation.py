"""The customer's side of a chat: asking, the bot's answers, a person, the end."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.auth.models import User
from portal.chat import bot
from portal.chat.models import (
    ACTIVE,
    AGENT,
    BOT,
    BOT_KIND,
    CUSTOMER,
    ENDED,
    NOTE,
    SYSTEM,
    WAITING,
    Chat,
    ChatMessage,
)
from portal.chat.queue import NotYourChat
from portal.chat.store import (
    MAX_MESSAGE,
    ChatEnded,
    ChatError,
    add_message,
    clean_body,
    close,
    save,
    touch,
)
from portal.chat.transcript import no_answer_text, transcript_text
from portal.clock import utcnow
from portal.extensions import db
from portal.mail import send_mail
from portal.tickets.models import Ticket
from portal.tickets.services import add_message as add_ticket_message
from portal.tickets.services import open_ticket


class SendingTooFast(ChatError):
    """More messages in a short time than the rate limit allows."""


class NeedEmail(ChatError):
    """A visitor must give an email address for this."""


class AlreadyRated(ChatError):
    """The chat has its rating already."""


__all__ = ["MAX_MESSAGE", "check_body"]


def check_body(body: str | None) -> str:
    """The message as it would be stored; raises EmptyMessage or MessageTooLong."""
    return clean_body(body)


def start_chat(user: User | None, context: list[dict], locale: str) -> Chat:
    """A new chat with the bot, carrying the context the customer can still remove."""
    chat = Chat(
        user=user,
        status=BOT,
        locale=(user.locale if user and user.locale else locale)[:8],
        context=context,
        created_at=utcnow(),
    )
    db.session.add(chat)
    db.session.flush()
    save(chat)
    return chat


def _check_rate(chat: Chat) -> None:
    count, seconds = current_app.config["PORTAL_CHAT_SEND_RATE"]
    since = utcnow() - timedelta(seconds=seconds)
    sent = db.session.scalar(
        select(func.count(ChatMessage.id)).where(
            ChatMessage.chat_id == chat.id,
            ChatMessage.kind == CUSTOMER,
            ChatMessage.created_at >= since,
        )
    )
    if (sent or 0) >= count:
        raise SendingTooFast()


def send(chat: Chat, author: User | None, body: str) -> list[ChatMessage]:
    """Store the customer's message; while only the bot is there, it answers at once."""
    text = clean_body(body)
    if chat.status == ENDED:
        raise ChatEnded()
    _check_rate(chat)
    message = add_message(chat, CUSTOMER, text, author=author)
    chat.customer_typing_at = None
    save(chat)
    sent = [message]
    if chat.status == BOT:
        sent.append(_bot_reply(chat, text))
    return sent


def _bot_reply(chat: Chat, question: str) -> ChatMessage:
    data = bot.answer(question, chat.locale)
    with force_locale(chat.locale):
        body = bot.answer_text(data) if data["found"] else no_answer_text()
    reply = add_message(chat, BOT_KIND, body, data=data)
    save(chat)
    return reply


def mark_answer(chat: Chat, message_id: int, helpful: bool) -> ChatMessage:
    """The customer's "Did this answer it?" on one of the bot's answers in this chat."""
    message = db.session.get(ChatMessage, message_id)
    if message is None or message.chat_id != chat.id or message.kind != BOT_KIND:
        raise ChatError()
    if not (message.data or {}).get("found"):
        raise ChatError()
    message.helpful = helpful
    touch(chat)
    save(chat)
    return message


def set_context(chat: Chat, keep: list[str]) -> None:
    """Remove the context items the customer unticked (they cannot be added back)."""
    wanted = set(keep)
    chat.context = [item for item in chat.context or [] if item.get("key") in wanted]
    touch(chat)
    save(chat)


def end(chat: Chat, by: User | None = None, by_agent: bool = False) -> None:
    """End the chat from either side."""
    if close(chat, by, by_agent):
        save(chat)


def rate(chat: Chat, score: int) -> None:
    """The one-click rating (1 to 5) at the end of a chat, once."""
    if chat.status != ENDED:
        raise ChatError()
    if chat.csat is not None:
        raise AlreadyRated()
    if not 1 <= int(score) <= 5:
        raise ChatError()
    chat.csat = int(score)
    touch(chat)
    save(chat)


def remember_visitor(chat: Chat, name: str, email: str) -> None:
    """Keep what a visitor told us about themselves; the caller commits."""
    if name:
        chat.visitor_name = name.strip()[:80]
    if email:
        chat.visitor_email = email.strip().lower()[:254]


def customer_email(chat: Chat) -> str:
    """Where mail about this chat goes: the member's address, or the visitor's."""
    return chat.user.email if chat.user else chat.visitor_email


def mail_transcript(chat: Chat, email: str = "") -> str:
    """Mail the conversation (without internal notes) to the customer; returns the address."""
    if not chat.user:
        remember_visitor(chat, "", email)
    to = customer_email(chat)
    if not to:
        raise NeedEmail()
    db.session.commit()
    with force_locale(chat.locale):
        send_mail(
            to,
            _("Your chat %(ref)s", ref=chat.ref),
            "chat_transcript",
            chat=chat,
            transcript=transcript_text(chat),
        )
    return to


def _ticket_subject(chat: Chat) -> str:
    first = next((m.body for m in chat.messages if m.kind == CUSTOMER), "")
    with force_locale(chat.locale):
        return (first.splitlines()[0] if first else _("Chat %(ref)s", ref=chat.ref))[:200]


def to_ticket(
    chat: Chat,
    note: str = "",
    name: str = "",
    email: str = "",
    agent: User | None = None,
) -> Ticket:
    """A ticket carrying the whole chat (notes stay internal); the chat ends pointing at it.

    Used for a message left when nobody is available, and by an agent turning a chat into
    a ticket. The usual mail with the ticket's (signed) link goes to the customer.
    """
    if chat.ticket_id:
        raise ChatEnded()
    if not chat.user:
        remember_visitor(chat, name, email)
        if not chat.visitor_email:
            raise NeedEmail()
    with force_locale(chat.locale):
        body = transcript_text(chat)
        if note.strip():
            body = f"{note.strip()}\n\n— {_('The chat so far')} —\n{body}"
    ticket = open_ticket(
        chat.user,
        _ticket_subject(chat),
        body[:10_000],
        "other",
        list(chat.context or []),
        name=chat.visitor_name or _("Visitor"),
        email=chat.visitor_email,
        locale=chat.locale,
    )
    notes = [m for m in chat.messages if m.kind == NOTE]
    for message in notes:
        add_ticket_message(ticket, message.author, "agent", message.body, internal=True)
    if agent is not None:
        ticket.assignee_id = agent.id
    chat.ticket_id = ticket.id
    db.session.commit()
    if chat.status != ENDED:
        chat.status = ENDED
        chat.ended_at = utcnow()
    add_message(chat, SYSTEM, author=agent, data={"event": "ticket", "ref": ticket.ref})
    save(chat)
    return ticket


def agent_reply(chat: Chat, agent: User, body: str, internal: bool = False) -> ChatMessage:
    """An agent's message to the customer, or an internal note only agents see."""
    text = clean_body(body)
    if chat.status == ENDED:
        raise ChatEnded()
    if not internal and (chat.status != ACTIVE or chat.agent_id != agent.id):
        raise NotYourChat()
    message = add_message(chat, NOTE if internal else AGENT, text, author=agent)
    if not internal:
        chat.agent_typing_at = None
    save(chat)
    return message


def is_waiting(chat: Chat) -> bool:
    """True while the chat waits for a person."""
    return chat.status == WAITING
