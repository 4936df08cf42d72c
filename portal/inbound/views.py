"""Files from mails for the ticket's readers, and received mail for agents."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for
from flask_login import current_user

from portal.auth.roles import role_required
from portal.extensions import login_manager
from portal.inbound import parsing, services
from portal.inbound.attachments import attachment_for
from portal.inbound.models import OUTCOME_LABELS
from portal.tickets.services import get_ticket_for, get_ticket_for_token, ticket_by_ref

bp = Blueprint("inbound", __name__)

# A downloaded file runs nothing, whatever is inside it.
FILE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _readable_ticket(ref: str):
    """The ticket by signed link, as its owner, or as an agent; 404 or log-in otherwise."""
    token = request.args.get("token", "")
    if token:
        return get_ticket_for_token(ref, token), False
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.has_role("agent"):
        ticket = ticket_by_ref(ref)
        if ticket is None:
            abort(404)
        return ticket, True
    return get_ticket_for(current_user, ref), False


@bp.get("/tickets/<ref>/files/<int:attachment_id>/<path:filename>")
def attachment(ref: str, attachment_id: int, filename: str) -> Response:
    """An image or PDF a customer mailed, for the ticket's customer and for agents."""
    ticket, staff = _readable_ticket(ref)
    kept = attachment_for(ticket, attachment_id, staff)
    response = send_file(
        BytesIO(kept.data or b""),
        mimetype=kept.content_type,
        as_attachment=not kept.is_image,
        download_name=kept.filename,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = FILE_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/agent/mail/")
@role_required("agent")
def mails():
    """Received mail, newest first, with what became of each."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    return render_template(
        "inbound/mails.html",
        mails=services.recent_mails(page=page),
        page_url=lambda n: url_for("inbound.mails", page=n),
    )


def _mail_or_404(mail_id: int):
    record = services.get_mail(mail_id)
    if record is None:
        abort(404)
    return record


@bp.get("/agent/mail/<int:mail_id>")
@role_required("agent")
def original(mail_id: int):
    """One received mail in full, as text: quotes and signature included."""
    record = _mail_or_404(mail_id)
    return render_template("inbound/mail.html", mail=record, **parsing.describe(record.raw))


@bp.get("/agent/mail/<int:mail_id>.eml")
@role_required("agent")
def raw(mail_id: int) -> Response:
    """The received mail exactly as it arrived, as a download."""
    record = _mail_or_404(mail_id)
    if record.raw is None:
        abort(404)
    response = send_file(
        BytesIO(record.raw),
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=f"mail-{record.id}.eml",
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = FILE_POLICY
    return response


def attachment_url(ticket, attachment, token: str | None = None) -> str:
    """Where the ticket's reader downloads a kept file (a signed link keeps its token)."""
    return url_for(
        "inbound.attachment",
        ref=ticket.ref,
        attachment_id=attachment.id,
        filename=attachment.filename,
        token=token or None,
    )


def outcome_label(status: str) -> str:
    """What became of a received mail, in the reader's language."""
    return str(OUTCOME_LABELS.get(status, status))
