"""Canned replies: saved answers, managed by admins, filled in for one ticket.

Placeholders are plain `{{name}}` markers replaced by a dictionary lookup. The text is
never a template: what an admin wrote cannot run code or read anything but these values.
"""

from __future__ import annotations

import re

from flask import abort
from sqlalchemy import select

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.tickets.models import CannedReply, Ticket

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PLACEHOLDERS = ("customer_name", "ticket_ref", "ticket_subject", "agent_name")


def canned_replies() -> list[CannedReply]:
    """Every canned reply, by title."""
    return list(db.session.scalars(select(CannedReply).order_by(CannedReply.title, CannedReply.id)))


def get_canned_reply(reply_id: int) -> CannedReply:
    """The canned reply with that id; 404 when unknown."""
    reply = db.session.get(CannedReply, reply_id)
    if reply is None:
        abort(404)
    return reply


def save_canned_reply(reply: CannedReply | None, title: str, body: str) -> CannedReply:
    """Create a canned reply (reply None) or change one."""
    now = utcnow()
    if reply is None:
        reply = CannedReply(created_at=now)
        db.session.add(reply)
    reply.title = title.strip()
    reply.body = body.strip()
    reply.updated_at = now
    db.session.commit()
    return reply


def delete_canned_reply(reply: CannedReply) -> None:
    """Delete a canned reply; replies already sent keep their text."""
    db.session.delete(reply)
    db.session.commit()


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each known {{placeholder}}; unknown ones stay as written, for the agent to see."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def values_for(ticket: Ticket, agent: User) -> dict[str, str]:
    """What the placeholders stand for on this ticket."""
    return {
        "customer_name": ticket.requester_name,
        "ticket_ref": ticket.ref,
        "ticket_subject": ticket.subject,
        "agent_name": agent.display_name,
    }


def insert_into(typed: str, reply: CannedReply, ticket: Ticket, agent: User) -> str:
    """The reply box's text with the filled canned reply added after what was typed."""
    filled = fill(reply.body, values_for(ticket, agent))
    typed = typed.rstrip()
    return f"{typed}\n\n{filled}" if typed else filled
