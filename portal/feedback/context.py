"""What feedback adds to a ticket's context: the pages this reader recently voted "No" on."""

from __future__ import annotations

from datetime import timedelta

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.clock import utcnow
from portal.core.registry import ContextItem
from portal.extensions import db
from portal.feedback.models import HelpfulVote
from portal.feedback.pages import resolve_page
from portal.feedback.services import voter_key

RECENT = timedelta(days=30)
MAX_PAGES = 5
LABEL = _l("Pages you found unhelpful")


def unhelpful_pages() -> list[ContextItem]:
    """One item listing up to five pages voted unhelpful in the last 30 days, newest first.

    One indexed query for the votes, then one small lookup per page (five at most), and
    only on /contact, never on reading pages.
    """
    key = voter_key(session, current_user)
    if key is None:
        return []
    rows = db.session.execute(
        select(HelpfulVote.page_kind, HelpfulVote.page_id)
        .where(
            HelpfulVote.voter_key == key,
            HelpfulVote.helpful.is_(False),
            HelpfulVote.updated_at >= utcnow() - RECENT,
        )
        .order_by(HelpfulVote.updated_at.desc(), HelpfulVote.id.desc())
        .limit(MAX_PAGES)
    ).all()
    values = []
    for kind, page_id in rows:
        page = resolve_page(kind, page_id)
        if page is not None:
            values.append({"text": page.title, "note": None, "raw": page.url})
    if not values:
        return []
    return [ContextItem("unhelpful", str(LABEL), values)]
