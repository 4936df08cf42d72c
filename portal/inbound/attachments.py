"""Files from customers' mails: keep images and PDFs, refuse the rest with a notice."""

from __future__ import annotations

from flask import abort, current_app
from sqlalchemy import select

from portal.extensions import db
from portal.inbound.models import TicketAttachment
from portal.inbound.parsing import Attachment, sniff_type
from portal.tickets.models import Ticket, TicketMessage

REFUSED_TYPE = "type"
REFUSED_SIZE = "size"
# More files than this in one mail are refused as a group: nobody needs them all.
MAX_FILES = 20


def keep_attachments(message: TicketMessage, files: list[Attachment]) -> list[TicketAttachment]:
    """Store the allowed files on the message and note the refused ones; the caller commits."""
    limit = current_app.config["PORTAL_ATTACHMENT_MAX_BYTES"]
    kept = []
    for index, file in enumerate(files):
        kind = sniff_type(file.data)
        if index >= MAX_FILES or len(file.data) > limit:
            refused = REFUSED_SIZE
        elif kind is None:
            refused = REFUSED_TYPE
        else:
            refused = ""
        attachment = TicketAttachment(
            filename=file.filename,
            content_type=kind or file.content_type[:100],
            size=len(file.data),
            refused=refused,
            data=None if refused else file.data,
        )
        message.attachments.append(attachment)
        kept.append(attachment)
    return kept


def attachment_for(ticket: Ticket, attachment_id: int, staff: bool) -> TicketAttachment:
    """A kept file of this ticket that the reader may see; 404 for any other."""
    attachment = db.session.scalar(
        select(TicketAttachment)
        .join(TicketMessage)
        .where(TicketAttachment.id == attachment_id, TicketMessage.ticket_id == ticket.id)
    )
    if attachment is None or attachment.refused or attachment.data is None:
        abort(404)
    if attachment.message.internal and not staff:
        abort(404)
    return attachment
