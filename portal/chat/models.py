"""Chats, their messages, and the agents' chat availability."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db

# A chat's life: the bot answers; on request it waits in the queue; an agent takes it; it ends.
BOT = "bot"
WAITING = "waiting"
ACTIVE = "active"
ENDED = "ended"
STATUSES = (BOT, WAITING, ACTIVE, ENDED)

STATUS_LABELS = {
    BOT: _l("With the answer bot"),
    WAITING: _l("Waiting for a person"),
    ACTIVE: _l("With a person"),
    ENDED: _l("Ended"),
}

# Who wrote a message. NOTE is an agent's internal note: never shown to the customer.
CUSTOMER = "customer"
BOT_KIND = "bot"
AGENT = "agent"
SYSTEM = "system"
NOTE = "note"
PUBLIC_KINDS = (CUSTOMER, BOT_KIND, AGENT, SYSTEM)

REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_chat_reference() -> str:
    """An unguessable reference such as C-7KQ2M9XD."""
    return "C-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(8))


class Chat(db.Model):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True, default=new_chat_reference)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A visitor's session holds this secret, signed; it is the visitor's only key to the chat.
    secret: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    status: Mapped[str] = mapped_column(String(16), default=BOT, index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    # Given by a visitor for a transcript or a message left; members use their account's.
    visitor_name: Mapped[str] = mapped_column(String(80), default="")
    visitor_email: Mapped[str] = mapped_column(String(254), default="")
    # Same shape as a ticket's: [{"key", "label", "values": [{"text", "note"}]}].
    context: Mapped[list] = mapped_column(JSON, default=list)
    # Bumped on every change a client must see (message, typing, status): the cheap poll check.
    revision: Mapped[int] = mapped_column(default=0)
    last_message_id: Mapped[int] = mapped_column(default=0)
    customer_typing_at: Mapped[datetime | None]
    agent_typing_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]
    taken_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    csat: Mapped[int | None]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    agent: Mapped[User | None] = relationship(foreign_keys=[agent_id])
    messages: Mapped[list[ChatMessage]] = relationship(
        back_populates="chat", order_by="ChatMessage.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_chats_status_queued_at", "status", "queued_at"),)

    @property
    def public_messages(self) -> list[ChatMessage]:
        """The conversation as the customer sees it: no internal notes."""
        return [message for message in self.messages if message.kind != NOTE]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    def __repr__(self) -> str:
        return f"<Chat {self.ref} {self.status}>"


class ChatMessage(db.Model):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    # A bot answer: {"found": bool, "quote", "title", "url", "section", "links": [...]}.
    data: Mapped[dict | None] = mapped_column(JSON)
    # The customer's "Did this answer it?" on a bot answer: None until they say.
    helpful: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    chat: Mapped[Chat] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_chat_messages_chat_id_id", "chat_id", "id"),)

    @property
    def internal(self) -> bool:
        return self.kind == NOTE


class ChatAgent(db.Model):
    """An agent's chat settings: available or away, how many chats at once, last heartbeat."""

    __tablename__ = "chat_agents"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    available: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int] = mapped_column(default=2)
    last_seen_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
