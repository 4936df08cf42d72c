"""Who may do what in the forum, decided in one place."""

from __future__ import annotations

from portal.auth.models import User
from portal.forum.models import Post, Thread


def is_moderator(user: User | None) -> bool:
    """Agents and admins moderate."""
    return bool(user and user.is_authenticated and user.has_role("agent"))


def is_staff(user: User | None) -> bool:
    """Agents, editors and admins: they get a badge and may edit any post."""
    return bool(user and user.is_authenticated and user.is_staff)


def can_edit(user: User | None, post: Post) -> bool:
    """Authors edit their own posts, staff any; deleted posts stay deleted."""
    if not (user and user.is_authenticated) or post.deleted_at is not None:
        return False
    return post.author_id == user.id or user.is_staff


def can_delete(user: User | None, post: Post) -> bool:
    """Authors delete their own posts; staff any."""
    return can_edit(user, post)


def can_accept(user: User | None, thread: Thread) -> bool:
    """The thread's author or staff choose the accepted answer."""
    if not (user and user.is_authenticated):
        return False
    return thread.author_id == user.id or user.is_staff


def can_vote(user: User | None, post: Post) -> bool:
    """Members vote on other people's visible posts."""
    if not (user and user.is_authenticated):
        return False
    return post.author_id != user.id and post.is_visible
