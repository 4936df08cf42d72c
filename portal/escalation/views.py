"""/contact: every way to reach a person, and the ticket form with its shared context."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.fragments import render_fragment_or_page
from portal.core.idempotency import once
from portal.core.redirects import safe_next
from portal.core.registry import suggestion_providers
from portal.escalation import hours, services
from portal.escalation.context import choose, gather_context, topic_for
from portal.escalation.forms import TicketForm, VisitorTicketForm
from portal.extensions import limiter
from portal.tickets.links import ticket_url
from portal.tickets.services import open_ticket

bp = Blueprint("escalation", __name__)


def _viewer_timezone() -> str:
    """The time zone chosen on the page (remembered), else the portal's."""
    default = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    chosen = request.args.get("tz")
    if chosen and hours.valid_timezone(chosen, "") == chosen:
        session["tz"] = chosen
    return hours.valid_timezone(session.get("tz"), default)


def channels_view() -> dict:
    """The configured channels, their hours in the visitor's time zone, the response time."""
    config = current_app.config
    channels = config["PORTAL_CONTACT"]
    portal_tz, viewer_tz = config["BABEL_DEFAULT_TIMEZONE"], _viewer_timezone()
    locale = str(get_locale())
    return {
        "channels": channels,
        "timezone": viewer_tz,
        "timezones": hours.timezone_names(),
        "phone_hours": hours.schedule(channels["phone_hours"], portal_tz, viewer_tz, locale),
        "phone_open": hours.is_open(channels["phone_hours"], portal_tz),
        "chat_hours": hours.schedule(channels["chat_hours"], portal_tz, viewer_tz, locale),
        "chat_open": hours.is_open(channels["chat_hours"], portal_tz),
        "response_time": services.expected_response_time(
            channels["response_time"], config["PORTAL_RESPONSE_TIME_MIN_TICKETS"]
        ),
        "suggestions": bool(suggestion_providers()),
    }


@bp.route("/contact", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@once
def contact():
    """The channels, and a ticket form showing exactly what context goes with it."""
    form = TicketForm() if current_user.is_authenticated else VisitorTicketForm()
    if request.method == "GET":
        form.came_from.data = safe_next(request.args.get("from"), "")
        form.topic.data = topic_for(form.came_from.data, request.args.get("topic"))
    items = gather_context(safe_next(form.came_from.data, ""))
    shared = request.form.getlist("share") if request.method == "POST" else [i.key for i in items]
    if form.validate_on_submit():
        user = current_user if current_user.is_authenticated else None
        ticket = open_ticket(
            user,
            form.subject.data,
            form.message.data,
            form.topic.data,
            choose(items, shared),
            name=form.name.data if isinstance(form, VisitorTicketForm) else "",
            email=form.email.data if isinstance(form, VisitorTicketForm) else "",
            locale=str(get_locale()),
        )
        flash(_("Thank you. Your request %(ref)s is with our team.", ref=ticket.ref), "success")
        if user is None:
            # Until the mailed link proves the address, the sender sees no conversation.
            flash(_("We sent a link to your email. Open it to follow your request."), "info")
            return redirect(url_for("escalation.contact"), code=303)
        # The confirmation is the new ticket; how easy it was is asked once it is solved.
        return redirect(ticket_url(ticket, external=False), code=303)
    return render_template(
        "escalation/contact.html", form=form, context_items=items, shared=shared, **channels_view()
    )


@bp.get("/contact/suggestions")
def suggestions():
    """Answers for what the visitor is typing, from features that offer them (htmx)."""
    query = request.args.get("subject", "").strip()[:200]
    found = []
    if len(query) >= 3:
        for provider in suggestion_providers():
            found.extend(provider(query))
    return render_fragment_or_page(
        "escalation/_suggestions.html", suggestions=found[:8], query=query
    )


@bp.post("/contact/solved")
def solved():
    """ "This solved it": record the deflection and go to the answer."""
    target = safe_next(request.form.get("url"), url_for("core.home"))
    user = current_user if current_user.is_authenticated else None
    services.record_deflection(request.form.get("q", ""), target, user)
    flash(_("Glad you found your answer."), "success")
    return redirect(target, code=303)
