"""Live chat: the answer bot first, a person on request, nothing lost when nobody is there."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from portal.chat import access, bus, fastpoll, models, store, transcript, updates  # noqa: F401
from portal.chat.agent_views import bp as agent_bp
from portal.chat.queue import first_questions, waiting_count
from portal.chat.views import bp
from portal.clock import utcnow
from portal.core.registry import (
    register_account_eraser,
    register_customer_panel_source,
    register_history_source,
    register_staff_tool,
)
from portal.extensions import db
from portal.tickets.rendering import render_message


def chat_url() -> str:
    """/chat, carrying the page the visitor is on (never one with a token in its address)."""
    secret_path = bool(request.view_args and "token" in request.view_args)
    if (
        request.endpoint in (None, "chat.index")
        or request.method != "GET"
        or secret_path
        or "token" in request.args
        or request.path.startswith("/chat")
    ):
        return url_for("chat.index")
    return url_for("chat.index", **{"from": request.full_path.rstrip("?")})


def waiting_badge() -> str | None:
    """How many chats wait, beside "Chats" in the agents' header; None when none do.

    chat.js's polls carry no header, so they are spared the count.
    """
    if request.headers.get("X-Chat-Client") == "1":
        return None
    count = waiting_count()
    return ngettext("%(num)d waiting", "%(num)d waiting", count) if count else None


def first_question(chat, questions: dict[int, str]) -> str:
    """The customer's first message, cut short, to name a chat in lists.

    `questions` maps chat ids to first messages, fetched by the view (queue.first_questions).
    """
    first = questions.get(chat.id, "")
    line = first.splitlines()[0] if first else ""
    return line if len(line) <= 80 else line[:79] + "…"


def waited(chat) -> timedelta:
    """How long a waiting chat has been in the queue."""
    return utcnow() - (chat.queued_at or chat.created_at)


def chat_text(text: str) -> Markup:
    """What someone typed, as HTML: render_message escapes all of it, then adds links."""
    return Markup(render_message(text or ""))  # noqa: S704


def _history(user) -> dict:
    """A member's past chats for /tickets, each named by its first question."""
    chats = access.past_chats(user)
    return {"past_chats": chats, "chat_questions": first_questions(chats)}


def _customer_panel(user_id: int) -> dict:
    """A member's chats for the agents' panel beside a ticket, each named by its question."""
    chats = access.chats_of(user_id, limit=10)
    return {"customer_chats": chats, "customer_chat_questions": first_questions(chats)}


def init_app(app: Flask) -> None:
    """Register /chat and /agent/chats, the bus, the header link and template helpers."""
    app.register_blueprint(bp)
    app.register_blueprint(agent_bp)
    bus.init_app(app)
    store.install_hooks(db.session)
    fastpoll.init_app(app)
    register_history_source(app, _history)
    register_customer_panel_source(app, _customer_panel)
    register_account_eraser(app, access.erase_member)
    register_staff_tool(app, 40, "agent_chats.index", _l("Chats"), ("agent",), waiting_badge)
    app.add_template_global(chat_url)
    app.add_template_global(first_question, "chat_first_question")
    app.add_template_global(waited, "chat_waited")
    app.add_template_global(transcript.no_answer_text, "chat_no_answer")
    app.add_template_global(transcript.event_text, "chat_event_text")
    app.add_template_global(transcript.speaker, "chat_speaker")
    app.add_template_global(updates.state_mark, "chat_state_mark")
    app.add_template_filter(chat_text, "chat_text")
