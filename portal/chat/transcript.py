"""A chat as plain text, in the reader's language: for mail and for tickets."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from portal.chat.bot import answer_text
from portal.chat.models import AGENT, BOT_KIND, CUSTOMER, NOTE, SYSTEM, Chat, ChatMessage


def no_answer_text() -> str:
    """What the bot says when the help centre has nothing relevant."""
    return _(
        "I could not find an answer to that in our help centre, and I won't guess. "
        "A person from our team can help: choose “Talk to a person”."
    )


def event_text(message: ChatMessage) -> str:
    """What a system message says."""
    data = message.data or {}
    event = data.get("event")
    if event == "queued":
        return _("You asked for a person and joined the queue.")
    if event == "joined":
        return _("%(name)s from our team joined the chat.", name=data.get("name", ""))
    if event == "returned":
        return _("Your agent had to leave. You are back in the queue, first in line.")
    if event == "ended":
        return _("The chat has ended.")
    if event == "ticket":
        return _(
            "This chat is now request %(ref)s. We will answer by email.", ref=data.get("ref", "")
        )
    return ""


def speaker(message: ChatMessage, chat: Chat) -> str:
    """Who said it, as the customer reads it."""
    if message.kind == CUSTOMER:
        return _("You")
    if message.kind == BOT_KIND:
        return _("Answer bot")
    if message.kind in (AGENT, NOTE):
        name = message.author.display_name if message.author else ""
        return f"{name} ({_('Support team')})" if name else _("Support team")
    return ""


def message_text(message: ChatMessage) -> str:
    """A message's text: what was typed, the bot's quote and links, or the event."""
    if message.kind == SYSTEM:
        return event_text(message)
    if message.kind == BOT_KIND:
        found = (message.data or {}).get("found")
        return answer_text(message.data) if found else no_answer_text()
    return message.body


def transcript_text(chat: Chat) -> str:
    """The public conversation, one block per message; internal notes are left out."""
    blocks = []
    for message in chat.public_messages:
        when = format_datetime(message.created_at, "short")
        who = speaker(message, chat)
        head = f"[{when}] {who}:" if who else f"[{when}]"
        blocks.append(f"{head} {message_text(message)}")
    return "\n\n".join(blocks)
