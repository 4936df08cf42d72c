"""The feedback box: customers send feedback, staff sort, tag and answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import literal, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.labels import STATUS_LABELS
from portal.feedback.models import FEEDBACK_KINDS, FEEDBACK_STATUSES, FeedbackItem, FeedbackReply
from portal.feedback.surveys import external_url
from portal.mail import send_mail

TAG = re.compile(r"[^\w-]+")
SENT_PER_PAGE = 20


class BoxError(Exception):
    """A change to a feedback item that cannot be made."""


def send_feedback(
    user: User, kind: str, subject: str, message: str, page: str = ""
) -> FeedbackItem:
    """Store a customer's feedback as new."""
    if kind not in FEEDBACK_KINDS:
        raise BoxError(f"Unknown kind {kind!r}.")
    item = FeedbackItem(
        user_id=user.id,
        kind=kind,
        subject=subject.strip(),
        message=message.strip(),
        page=page or "",
    )
    db.session.add(item)
    db.session.commit()
    return item


def my_feedback(user: User, page: int = 1, per_page: int = SENT_PER_PAGE) -> Pagination:
    """One page of what the user sent, newest first, with its replies.

    A page past the last one shows the last one.
    """
    query = (
        select(FeedbackItem)
        .where(FeedbackItem.user_id == user.id)
        .options(selectinload(FeedbackItem.replies))
        .order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc())
    )
    found = db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)
    if found.page > 1 and found.page > found.pages:
        found = db.paginate(query, page=max(found.pages, 1), per_page=per_page, error_out=False)
    return found


def get_feedback_for(user: User, item_id: int) -> FeedbackItem:
    """The user's own feedback item, or 404 (also for someone else's)."""
    item = db.session.get(FeedbackItem, item_id)
    if item is None or item.user_id != user.id:
        abort(404)
    return item


def get_feedback_for_staff(item_id: int) -> FeedbackItem:
    """Any feedback item, for the staff inbox; 404 if unknown."""
    return db.session.get(FeedbackItem, item_id) or abort(404)


@dataclass
class InboxFilter:
    """What the staff inbox is narrowed to; empty values mean "any"."""

    kind: str = ""
    status: str = ""
    tag: str = ""
    since: date | None = None
    until: date | None = None


def inbox(filters: InboxFilter, limit: int = 200) -> list[FeedbackItem]:
    """Feedback items matching the filters, newest first."""
    query = select(FeedbackItem).options(selectinload(FeedbackItem.user))
    if filters.kind in FEEDBACK_KINDS:
        query = query.where(FeedbackItem.kind == filters.kind)
    if filters.status in FEEDBACK_STATUSES:
        query = query.where(FeedbackItem.status == filters.status)
    if filters.since:
        query = query.where(FeedbackItem.created_at >= datetime.combine(filters.since, time()))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time())
        query = query.where(FeedbackItem.created_at < end)
    tag = normalise_tags(filters.tag).partition(" ")[0]
    if tag:
        padded = literal(" ") + FeedbackItem.tags + literal(" ")
        escaped = tag.replace("\\", "\\\\").replace("_", "\\_")
        query = query.where(padded.like(f"% {escaped} %", escape="\\"))
    return list(
        db.session.scalars(
            query.order_by(FeedbackItem.created_at.desc(), FeedbackItem.id.desc()).limit(limit)
        )
    )


def _mail_sender(item: FeedbackItem, template: str, **context) -> None:
    user = item.user
    if not user.wants_mail("feedback"):
        return
    if template == "feedback_reply":
        subject = _l("A reply to your feedback: %(subject)s", subject=item.subject)
    else:
        subject = _l("Your feedback: %(subject)s", subject=item.subject)
    send_mail(
        user.email,
        subject,
        template,
        locale=user.locale or "en",
        item=item,
        user=user,
        status_label=STATUS_LABELS[item.status],
        link=external_url("feedback.item", item_id=item.id),
        **context,
    )


def change_status(item: FeedbackItem, status: str) -> bool:
    """Set a new status and mail the sender; False if it was the status already."""
    if status not in FEEDBACK_STATUSES:
        raise BoxError(f"Unknown status {status!r}.")
    if item.status == status:
        return False
    item.status = status
    item.updated_at = utcnow()
    db.session.commit()
    _mail_sender(item, "feedback_status")
    return True


def reply(item: FeedbackItem, author: User, body: str) -> FeedbackReply:
    """Add a staff reply and mail it to the sender."""
    answer = FeedbackReply(item_id=item.id, author_id=author.id, body=body.strip())
    db.session.add(answer)
    item.updated_at = utcnow()
    db.session.commit()
    _mail_sender(item, "feedback_reply", reply=answer)
    return answer


def normalise_tags(raw: str) -> str:
    """Tags as lower-case words separated by single spaces, without repeats."""
    words = [TAG.sub("", word) for word in re.split(r"[\s,]+", raw.lower())]
    return " ".join(dict.fromkeys(word[:40] for word in words if word))[:300]


def set_tags(item: FeedbackItem, raw: str) -> None:
    """Replace the item's staff tags."""
    item.tags = normalise_tags(raw)
    db.session.commit()
