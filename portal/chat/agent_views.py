"""/agent/chats: availability, the queue of waiting chats, and one chat for the agent."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.auth.models import User
from portal.auth.roles import role_required
from portal.chat import access, conversation, queue, updates
from portal.chat.forms import AgentMessageForm, CapacityForm, TicketFromChatForm
from portal.chat.store import ChatEnded, ChatError, EmptyMessage, MessageTooLong
from portal.extensions import db

bp = Blueprint("agent_chats", __name__, url_prefix="/agent/chats")


@bp.before_request
@role_required("agent")
def require_agent() -> None:
    """For agents and admins only; every request also counts as the console's heartbeat."""
    queue.heartbeat(current_user)


def _agent() -> User:
    return current_user._get_current_object()


def _scripted() -> bool:
    return request.headers.get("X-Chat-Client") == "1"


def _lists() -> dict:
    queue.return_stale_chats()
    row = queue.presence(_agent())
    waiting, mine = queue.waiting_chats(), queue.active_chats(_agent())
    return {
        "presence": row,
        "waiting": waiting,
        "mine": mine,
        "questions": queue.first_questions(waiting + mine),
    }


@bp.get("")
def index():
    """The agent's availability, waiting chats in order, and their own chats."""
    capacity_rows = queue.agent_rows() if current_user.has_role("admin") else []
    return render_template(
        "chat/agent_index.html",
        **_lists(),
        capacity_rows=capacity_rows,
        capacity_form=CapacityForm(formdata=None),
    )


@bp.get("/updates")
def index_updates():
    """The waiting list as a fragment, with its count, for the console's notice (chat.js)."""
    lists = _lists()
    html = render_template("chat/_agent_queue.html", **lists)
    count = len(lists["waiting"])
    notice = ngettext("%(num)d chat is waiting.", "%(num)d chats are waiting.", count)
    return jsonify({"waiting": count, "notice": notice, "html": html})


@bp.post("/availability")
def availability():
    """Available or away; going away hands the agent's chats back to the queue."""
    available = request.form.get("available") == "1"
    returned = queue.set_availability(_agent(), available)
    if available:
        flash(_("You are available for chats."), "success")
    elif returned:
        flash(_("You are away. Your chats went back to the queue."), "info")
    else:
        flash(_("You are away."), "info")
    return redirect(url_for("agent_chats.index"), code=303)


@bp.post("/capacity")
@role_required("admin")
def capacity():
    """An admin sets how many chats an agent takes at once."""
    form = CapacityForm()
    agent = db.session.get(User, request.form.get("agent_id", 0, type=int))
    if agent is None or not agent.has_role("agent") or not form.validate_on_submit():
        flash(_("Capacity must be a whole number from 0 to 20."), "error")
    else:
        queue.set_capacity(agent, form.capacity.data)
        message = _(
            "%(name)s now takes up to %(n)d chats.", name=agent.display_name, n=form.capacity.data
        )
        flash(message, "success")
    return redirect(url_for("agent_chats.index"), code=303)


def _render(chat, status: int = 200, form=None, ticket_form=None):
    page = render_template(
        "chat/agent_chat.html",
        chat=chat,
        messages=chat.messages,
        questions=queue.first_questions([chat]),
        form=form or AgentMessageForm(formdata=None),
        ticket_form=ticket_form or TicketFromChatForm(formdata=None, email=chat.visitor_email),
        typing=updates._typing(chat.customer_typing_at),
        presence=queue.presence(_agent()),
    )
    return page, status


@bp.get("/<int:chat_id>")
def chat(chat_id: int):
    """One chat: the whole conversation with the bot's part and internal notes, the context."""
    found = access.chat_for_agent(chat_id)
    queue.check_agent_of(found)
    return _render(found)


@bp.get("/<int:chat_id>/updates")
def chat_updates(chat_id: int):
    """What changed in one chat since the agent's revision (204 when nothing did)."""
    found = access.chat_for_agent(chat_id)
    payload = updates.agent_payload(
        found, request.args.get("after", 0, type=int), request.args.get("rev", -1, type=int)
    )
    return ("", 204) if payload is None else jsonify(payload)


def _back(chat_id: int, message: str = "", category: str = "success", status: int = 303):
    if _scripted():
        ok = status < 400
        return jsonify({"ok": ok, "message": message}), 200 if ok else status
    if message:
        flash(message, category)
    return redirect(url_for("agent_chats.chat", chat_id=chat_id, _anchor="latest"), code=303)


@bp.post("/<int:chat_id>/take")
def take(chat_id: int):
    """Take a waiting chat."""
    found = access.chat_for_agent(chat_id)
    try:
        queue.take(_agent(), found)
    except queue.Away:
        return _back(chat_id, _("Switch to available before you take a chat."), "error", 400)
    except queue.AtCapacity:
        return _back(chat_id, _("You have as many chats as your capacity allows."), "error", 400)
    except queue.NotWaiting:
        return _back(chat_id, _("This chat is no longer waiting."), "error", 400)
    return _back(chat_id, _("You joined the chat."))


@bp.post("/<int:chat_id>/reply")
def reply(chat_id: int):
    """A message to the customer, or an internal note."""
    found = access.chat_for_agent(chat_id)
    form = AgentMessageForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        conversation.agent_reply(found, _agent(), form.body.data, bool(form.internal.data))
    except EmptyMessage:
        error = _("Please write a message first.")
    except MessageTooLong:
        error = _("Please keep a message under %(n)d characters.", n=conversation.MAX_MESSAGE)
    except queue.NotYourChat:
        error = _("Take the chat before you answer the customer.")
    except ChatEnded:
        error = _("This chat has ended.")
    else:
        return _back(chat_id)
    if _scripted():
        return jsonify({"ok": False, "message": error}), 400
    form.body.errors = [error]
    return _render(found, 400, form=form)


@bp.post("/<int:chat_id>/typing")
def typing(chat_id: int):
    """The agent is typing."""
    found = access.chat_for_agent(chat_id)
    if found.status == "active" and found.agent_id == current_user.id:
        queue.touch_typing(found, "agent")
    return jsonify({"ok": True})


@bp.post("/<int:chat_id>/end")
def end(chat_id: int):
    """End the chat."""
    found = access.chat_for_agent(chat_id)
    conversation.end(found, _agent(), by_agent=True)
    return _back(chat_id, _("The chat has ended."))


@bp.post("/<int:chat_id>/ticket")
def ticket(chat_id: int):
    """Turn the chat into a ticket; the whole conversation goes with it."""
    found = access.chat_for_agent(chat_id)
    form = TicketFromChatForm()
    if not form.validate_on_submit():
        return _render(found, 400, ticket_form=form)
    try:
        made = conversation.to_ticket(found, email=form.email.data or "", agent=_agent())
    except conversation.NeedEmail:
        form.email.errors = [_("The customer has not given an email address; ask for one.")]
        return _render(found, 400, ticket_form=form)
    except ChatError:
        return _back(chat_id, _("This chat is a ticket already."), "error", 400)
    flash(_("The chat is now ticket %(ref)s.", ref=made.ref), "success")
    return redirect(url_for("agent.ticket", ref=made.ref), code=303)
