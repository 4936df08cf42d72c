"""Reply mails to a thread's subscribers, each with a signed one-click unsubscribe link."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.extensions import db
from portal.forum.models import Post, Subscription, Thread
from portal.mail import send_mail

UNSUBSCRIBE_SALT = "forum-unsubscribe"
EXCERPT_LENGTH = 400


class InvalidUnsubscribeLink(Exception):
    """The link was altered or signed with another key."""


def subscribe(user_id: int, thread_id: int) -> None:
    """Add a subscription to the session unless it exists (the caller commits)."""
    exists = db.session.scalar(
        select(Subscription.id).where(
            Subscription.user_id == user_id, Subscription.thread_id == thread_id
        )
    )
    if not exists:
        db.session.add(Subscription(user_id=user_id, thread_id=thread_id))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, thread_id: int) -> str:
    """A signed token that unsubscribes one member from one thread; it does not expire."""
    return _serializer().dumps({"u": user_id, "t": thread_id})


def unsubscribe_with_token(token: str) -> Thread:
    """Unsubscribe the member the token names; returns the thread. Safe to repeat."""
    try:
        data = _serializer().loads(token)
        user_id, thread_id = int(data["u"]), int(data["t"])
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidUnsubscribeLink() from exc
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise InvalidUnsubscribeLink()
    db.session.execute(
        delete(Subscription).where(
            Subscription.user_id == user_id, Subscription.thread_id == thread_id
        )
    )
    db.session.commit()
    return thread


def notify_subscribers(post: Post, url_for: Callable[..., str]) -> int:
    """Mail every subscriber but the reply's author, each in their language; returns how many.

    Members who turned forum mail off on /account are left out (their subscription stays).
    """
    thread = db.session.get(Thread, post.thread_id)
    author = db.session.get(User, post.author_id)
    subscriptions = db.session.scalars(
        select(Subscription)
        .options(joinedload(Subscription.user))
        .where(Subscription.thread_id == thread.id, Subscription.user_id != post.author_id)
        .where(
            Subscription.user.has(
                and_(User.mail_forum_replies.is_(True), User.deleted_at.is_(None))
            )
        )
    ).all()
    excerpt = post.body_md
    if len(excerpt) > EXCERPT_LENGTH:
        excerpt = excerpt[:EXCERPT_LENGTH] + "…"
    link = url_for("forum.goto_post", post_id=post.id, _external=True)
    for subscription in subscriptions:
        user = subscription.user
        send_mail(
            user.email,
            _l("New reply: %(title)s", title=thread.title),
            "forum_reply",
            locale=user.locale or "en",
            user=user,
            author=author,
            thread=thread,
            excerpt=excerpt,
            link=link,
            unsubscribe_link=url_for(
                "forum.unsubscribe", token=unsubscribe_token(user.id, thread.id), _external=True
            ),
        )
    return len(subscriptions)


def set_subscription(user: User, thread: Thread, subscribed: bool) -> bool:
    """Subscribe to or unsubscribe from a thread's replies; returns the new state."""
    if subscribed:
        subscribe(user.id, thread.id)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # a parallel request subscribed first
    else:
        db.session.execute(
            delete(Subscription).where(
                Subscription.user_id == user.id, Subscription.thread_id == thread.id
            )
        )
        db.session.commit()
    return subscribed


def erase_subscriber(user: User) -> None:
    """An account is being deleted: drop its thread subscriptions (its posts stay)."""
    db.session.execute(delete(Subscription).where(Subscription.user_id == user.id))
