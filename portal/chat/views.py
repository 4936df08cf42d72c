"""/chat: the customer's chat with the answer bot and, on request, a person."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.chat import access, conversation, queue, updates
from portal.chat.bus import get_bus
from portal.chat.forms import LeaveMessageForm, MessageForm, RatingForm, TranscriptForm
from portal.chat.store import ChatEnded, ChatError, EmptyMessage, MessageTooLong
from portal.core.redirects import safe_next
from portal.escalation.context import choose, gather_context
from portal.extensions import limiter
from portal.feedback.services import voter_key

bp = Blueprint("chat", __name__, url_prefix="/chat")

SESSION_KEY = "chat_token"


def _user():
    return current_user._get_current_object() if current_user.is_authenticated else None


def _current_chat():
    return access.chat_for_token(session.get(SESSION_KEY), _user())


def _scripted() -> bool:
    """The request came from chat.js, which wants a status code, not a page."""
    return request.headers.get("X-Chat-Client") == "1"


def _done(message: str = "", category: str = "success", status: int = 303, **extra):
    """After a post: chat.js gets a short JSON answer; a plain form post gets the page again."""
    if _scripted():
        body = {"ok": status < 400, "message": message, **extra}
        return jsonify(body), (200 if status < 400 else status)
    if message:
        flash(message, category)
    return redirect(url_for("chat.index", _anchor="latest"), code=303)


def _error_text(exc: ChatError) -> str:
    if isinstance(exc, EmptyMessage):
        return _("Please write a message first.")
    if isinstance(exc, MessageTooLong):
        return _("Please keep a message under %(n)d characters.", n=conversation.MAX_MESSAGE)
    if isinstance(exc, conversation.SendingTooFast):
        return _("You are sending messages very quickly. Please wait a moment and try again.")
    if isinstance(exc, ChatEnded):
        return _("This chat has ended. Start a new one to ask again.")
    if isinstance(exc, conversation.NeedEmail):
        return _("Please give your email address.")
    return _("That did not work. Please try again.")


def _offered_context() -> list[dict]:
    """What a new chat would share, shown as ticked boxes before it starts."""
    came_from = safe_next(request.values.get("from") or request.form.get("came_from"), "")
    return [item.as_dict() for item in gather_context(came_from)]


def _render(chat, status: int = 200, **forms):
    page = render_template(
        "chat/index.html",
        chat=chat,
        view=updates.customer_view(chat) if chat else None,
        message_form=forms.get("message_form") or MessageForm(),
        leave_form=forms.get("leave_form") or LeaveMessageForm(formdata=None),
        transcript_form=forms.get("transcript_form") or TranscriptForm(formdata=None),
        rating_form=RatingForm(formdata=None),
        came_from=safe_next(request.args.get("from"), ""),
        context_items=[] if chat else _offered_context(),
        ces=updates.ces_for(chat, voter_key(session, current_user)),
    )
    return page, status


@bp.get("")
def index():
    """The chat page: the conversation so far, or a box for the first question."""
    chat = _current_chat()
    if chat is not None:
        queue.check_agent_of(chat)
    return _render(chat)


@bp.post("")
@limiter.limit(lambda: current_app.config["PORTAL_CHAT_IP_LIMIT"])
def send():
    """Send a message (starting the chat on the first one); the bot answers at once."""
    form = MessageForm()
    chat = _current_chat()
    if not form.validate_on_submit():
        error = _("Please keep a message under %(n)d characters.", n=conversation.MAX_MESSAGE)
        return _failed(chat, form, error)
    try:
        if chat is None or chat.status == "ended":
            conversation.check_body(form.body.data)
            items = gather_context(safe_next(form.came_from.data, ""))
            # The page offered the items as ticked boxes: keep those left ticked.
            if request.form.get("context_offered"):
                shared = request.form.getlist("share")
            else:
                shared = [item.key for item in items]
            chat = conversation.start_chat(_user(), choose(items, shared), _locale())
            session[SESSION_KEY] = access.chat_token(chat)
        conversation.send(chat, _user(), form.body.data)
    except ChatError as exc:
        return _failed(chat, form, _error_text(exc), 429 if _too_fast(exc) else 400)
    return _done()


def _too_fast(exc: ChatError) -> bool:
    return isinstance(exc, conversation.SendingTooFast)


def _failed(chat, form, error: str, status: int = 400):
    """The page again with the text kept and the problem said beside the box."""
    if _scripted():
        return jsonify({"ok": False, "message": error}), status
    form.body.errors = [error]
    return _render(chat, status, message_form=form)


def _locale() -> str:
    return str(get_locale() or "en")


@bp.get("/updates")
def poll():
    """What changed since the client's revision: 204 when nothing did (the cheap, common case)."""
    token = session.get(SESSION_KEY)
    rev = request.args.get("rev", -1, type=int)
    mark = request.args.get("mark", "")[:20]
    chat_id, secret = access.token_parts(token)
    # A waiting customer's place changes with other chats: only the full path knows it.
    if mark == "-":
        if updates.unchanged_by_bus(get_bus(), chat_id, rev):
            return "", 204
        user = _user()
        if updates.unchanged_in_database(chat_id, secret, user.id if user else None, rev):
            return "", 204
    chat = access.chat_for_token(token, _user())
    if chat is None:
        # No chat in this session (never started, or someone else's token): nothing to show.
        return jsonify({"gone": True})
    queue.check_agent_of(chat)
    payload = updates.customer_payload(chat, request.args.get("after", 0, type=int), rev, mark)
    if payload is None:
        return "", 204
    return jsonify(payload)


@bp.post("/typing")
def typing():
    """The customer is typing (chat.js sends this every few seconds at most)."""
    chat = _current_chat()
    if chat is not None and chat.status in ("waiting", "active"):
        queue.touch_typing(chat, "customer")
    return jsonify({"ok": True})


@bp.post("/answered")
def answered():
    """ "Did this answer it?" on one of the bot's answers."""
    chat = _current_chat()
    if chat is None:
        return _done(_("This chat has ended. Start a new one to ask again."), "error", 404)
    try:
        message = conversation.mark_answer(
            chat, request.form.get("message", 0, type=int), request.form.get("answer") == "yes"
        )
    except ChatError:
        return _done(_("That did not work. Please try again."), "error", 400)
    # The message changed in place: chat.js swaps it (polls only bring new messages).
    html = render_template("chat/_message.html", message=message, chat=chat, staff_view=False)
    replace = {"id": message.id, "html": html}
    if message.helpful:
        return _done(_("Glad it helped. Thank you for telling us."), replace=replace)
    return _done(
        _("Sorry about that. Ask in other words, or talk to a person."), "info", replace=replace
    )


@bp.post("/person")
def person():
    """ "Talk to a person": join the queue, or hear at once that nobody is there."""
    chat = _current_chat()
    if chat is None:
        items = gather_context(safe_next(request.form.get("came_from"), ""))
        chat = conversation.start_chat(_user(), [i.as_dict() for i in items], _locale())
        session[SESSION_KEY] = access.chat_token(chat)
    try:
        someone = queue.request_person(chat)
    except ChatError as exc:
        return _done(_error_text(exc), "error", 400)
    if someone:
        return _done(_("You are in the queue. A person from our team will join here."), "info")
    return _done(_("No one from our team is available right now."), "info")


@bp.post("/leave")
@limiter.limit("10 per hour")
def leave():
    """Leave a message when nobody is available: it becomes a ticket carrying the chat."""
    chat = _current_chat()
    if chat is None:
        return redirect(url_for("chat.index"), code=303)
    form = LeaveMessageForm()
    if form.validate_on_submit():
        try:
            ticket = conversation.to_ticket(
                chat, form.note.data or "", form.name.data or "", form.email.data or ""
            )
        except conversation.NeedEmail:
            form.email.errors = [_("Please give your email address so we can answer you.")]
        except ChatError as exc:
            return _done(_error_text(exc), "error", 400)
        else:
            thanks = _(
                "Thank you. Your message is request %(ref)s; we mailed you a link.", ref=ticket.ref
            )
            return _done(thanks)
    if _scripted():
        return jsonify({"ok": False, "message": _("Please correct the marked fields.")}), 400
    return _render(chat, 400, leave_form=form)


@bp.post("/context")
def context():
    """Remove context items the customer would rather not share."""
    chat = _current_chat()
    if chat is not None:
        conversation.set_context(chat, request.form.getlist("share"))
    return _done(_("What we share with our team is updated."))


@bp.post("/end")
def end():
    """The customer ends the chat."""
    chat = _current_chat()
    if chat is not None:
        conversation.end(chat, _user())
    return _done()


@bp.post("/rate")
def rate():
    """One click: how satisfied the customer is with the chat."""
    chat = _current_chat()
    form = RatingForm()
    if chat is None or not form.validate_on_submit():
        return _done(_("Please choose a rating from 1 to 5."), "error", 400)
    try:
        conversation.rate(chat, int(form.score.data))
    except conversation.AlreadyRated:
        return _done(_("You rated this chat already. Thank you."), "info")
    except ChatError:
        return _done(_("Please choose a rating from 1 to 5."), "error", 400)
    return _done(_("Thank you for rating this chat."))


@bp.post("/transcript")
@limiter.limit("5 per hour")
def transcript():
    """Mail the conversation to the customer."""
    chat = _current_chat()
    form = TranscriptForm()
    if chat is None:
        return redirect(url_for("chat.index"), code=303)
    if form.validate_on_submit():
        try:
            to = conversation.mail_transcript(chat, form.email.data or "")
        except conversation.NeedEmail:
            form.email.errors = [_("Please give your email address.")]
        else:
            return _done(_("We mailed the chat to %(email)s.", email=to))
    if _scripted():
        return jsonify({"ok": False, "message": _("Please give a valid email address.")}), 400
    return _render(chat, 400, transcript_form=form)


@bp.post("/new")
def new():
    """Leave the ended chat behind and start over."""
    chat = _current_chat()
    if chat is not None and chat.status != "ended":
        conversation.end(chat, _user())
    session.pop(SESSION_KEY, None)
    return redirect(url_for("chat.index"), code=303)


@bp.get("/past/<ref>")
@login_required
def past(ref: str):
    """One of the member's earlier chats, as they saw it."""
    chat = access.past_chat_for(current_user, ref)
    return render_template("chat/past.html", chat=chat, view=updates.customer_view(chat))
