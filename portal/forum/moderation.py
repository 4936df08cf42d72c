"""Moderation: flags, hiding posts, locking, pinning and moving threads, suspensions.

Every staff action writes a line to the moderation log in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.forum import permissions
from portal.forum.models import Flag, ForumCategory, ModerationAction, Post, Suspension, Thread
from portal.forum.queries import check_page, page_count
from portal.forum.services import NotAllowed, recount_category, refresh_thread_counts

FLAG_REASONS = {
    "spam": _l("Spam or advertising"),
    "rude": _l("Rude or abusive"),
    "off_topic": _l("Off topic"),
    "personal": _l("Shares personal information"),
    "other": _l("Something else"),
}

# What each logged action means, for the log page.
ACTIONS = {
    "hide": _l("hid a post"),
    "unhide": _l("showed a post again"),
    "lock": _l("locked a thread"),
    "unlock": _l("unlocked a thread"),
    "pin": _l("pinned a thread"),
    "unpin": _l("unpinned a thread"),
    "move": _l("moved a thread"),
    "suspend": _l("suspended a member"),
    "unsuspend": _l("lifted a suspension"),
    "dismiss": _l("dismissed a flag"),
}

LOG_PAGE_SIZE = 50


class AlreadyFlagged(Exception):
    """The member has flagged this post before."""


def _require_moderator(user: User) -> None:
    if not permissions.is_moderator(user):
        raise NotAllowed()


def _log(
    actor: User,
    action: str,
    thread_id: int | None = None,
    post_id: int | None = None,
    target_user_id: int | None = None,
    detail: str = "",
) -> None:
    db.session.add(
        ModerationAction(
            actor_id=actor.id,
            action=action,
            thread_id=thread_id,
            post_id=post_id,
            target_user_id=target_user_id,
            detail=detail.replace("\x00", "")[:300],
        )
    )


def flag_post(user: User, post: Post, reason: str, note: str = "") -> Flag:
    """Report a post to the moderators; once per member and post."""
    if reason not in FLAG_REASONS:
        raise ValueError(f"Unknown flag reason {reason!r}.")
    note = note.replace("\x00", "").strip()[:500]
    flag = Flag(post_id=post.id, user_id=user.id, reason=reason, note=note)
    db.session.add(flag)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyFlagged() from None
    return flag


def open_flags() -> list[Flag]:
    """Unresolved flags, oldest first, with their posts and reporters."""
    return list(
        db.session.scalars(
            select(Flag)
            .options(
                joinedload(Flag.post).joinedload(Post.author),
                joinedload(Flag.user),
            )
            .where(Flag.resolved_at.is_(None))
            .order_by(Flag.created_at, Flag.id)
        )
    )


def count_open_flags() -> int:
    """How many flags wait for a moderator."""
    return db.session.scalar(select(func.count(Flag.id)).where(Flag.resolved_at.is_(None))) or 0


def _resolve_flags(moderator: User, post_id: int) -> None:
    db.session.execute(
        update(Flag)
        .where(Flag.post_id == post_id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id)
    )


def dismiss_flag(moderator: User, flag: Flag) -> None:
    """Close a flag without acting on the post."""
    _require_moderator(moderator)
    flag.resolved_at = utcnow()
    flag.resolved_by_id = moderator.id
    post = db.session.get(Post, flag.post_id)
    _log(moderator, "dismiss", thread_id=post.thread_id, post_id=post.id, detail=flag.reason)
    db.session.commit()


def set_hidden(moderator: User, post: Post, hidden: bool, reason: str = "") -> None:
    """Hide a post from members (staff still see it), or show it again."""
    _require_moderator(moderator)
    thread = db.session.get(Thread, post.thread_id)
    if hidden:
        post.hidden_at = utcnow()
        if thread.accepted_post_id == post.id:
            thread.accepted_post_id = None
        _resolve_flags(moderator, post.id)
    else:
        post.hidden_at = None
    db.session.flush()
    refresh_thread_counts(thread)
    _log(
        moderator,
        "hide" if hidden else "unhide",
        thread_id=thread.id,
        post_id=post.id,
        target_user_id=post.author_id,
        detail=reason,
    )
    db.session.commit()


def set_locked(moderator: User, thread: Thread, locked: bool) -> None:
    """Close a thread to replies, or open it again."""
    _require_moderator(moderator)
    thread.is_locked = locked
    _log(moderator, "lock" if locked else "unlock", thread_id=thread.id)
    db.session.commit()


def set_pinned(moderator: User, thread: Thread, pinned: bool) -> None:
    """Keep a thread at the top of its category, or let it sink again."""
    _require_moderator(moderator)
    thread.is_pinned = pinned
    _log(moderator, "pin" if pinned else "unpin", thread_id=thread.id)
    db.session.commit()


def move_thread(moderator: User, thread: Thread, category: ForumCategory) -> None:
    """Move a thread to another category; both categories' counts follow."""
    _require_moderator(moderator)
    old_id = thread.category_id
    if old_id == category.id:
        return
    old = db.session.get(ForumCategory, old_id)
    thread.category_id = category.id
    db.session.flush()
    recount_category(old_id)
    recount_category(category.id)
    _log(moderator, "move", thread_id=thread.id, detail=f"{old.slug} → {category.slug}")
    db.session.commit()


def suspend_member(moderator: User, member: User, until: datetime, reason: str = "") -> None:
    """Stop a member from posting until a time; replaces an earlier suspension."""
    _require_moderator(moderator)
    if permissions.is_moderator(member):
        raise NotAllowed()
    suspension = db.session.scalar(select(Suspension).where(Suspension.user_id == member.id))
    if suspension is None:
        suspension = Suspension(user_id=member.id, created_by_id=moderator.id, until=until)
        db.session.add(suspension)
    suspension.until = until
    suspension.reason = reason.replace("\x00", "").strip()[:300]
    suspension.created_by_id = moderator.id
    _log(
        moderator,
        "suspend",
        target_user_id=member.id,
        detail=f"{until:%Y-%m-%d %H:%M} UTC {reason}".strip(),
    )
    db.session.commit()


def lift_suspension(moderator: User, member: User) -> None:
    """Let a suspended member post again."""
    _require_moderator(moderator)
    suspension = db.session.scalar(select(Suspension).where(Suspension.user_id == member.id))
    if suspension is not None:
        db.session.delete(suspension)
        _log(moderator, "unsuspend", target_user_id=member.id)
    db.session.commit()


def moderation_log(page: int) -> tuple[list[ModerationAction], int]:
    """A page of the moderation log, newest first, and the number of pages."""
    total = db.session.scalar(select(func.count(ModerationAction.id))) or 0
    pages = page_count(total, LOG_PAGE_SIZE)
    check_page(page, pages)
    entries = db.session.scalars(
        select(ModerationAction)
        .options(joinedload(ModerationAction.actor), joinedload(ModerationAction.target_user))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .offset((page - 1) * LOG_PAGE_SIZE)
        .limit(LOG_PAGE_SIZE)
    )
    return list(entries), pages


def get_member(user_id: int) -> User:
    """The member with that id, or 404."""
    member = db.session.get(User, user_id)
    if member is None:
        abort(404)
    return member


def get_flag(flag_id: int) -> Flag:
    """The flag with that id, or 404."""
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        abort(404)
    return flag
