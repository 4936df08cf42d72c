"""Helpful votes: one per member and post, correct under concurrent clicks."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.extensions import db
from portal.forum import permissions
from portal.forum.models import Post, Vote
from portal.forum.services import NotAllowed


def set_vote(user: User, post: Post, voted: bool) -> tuple[int, bool]:
    """Give (voted=True) or take back a vote; returns the post's count and the user's vote.

    Safe under concurrent clicks: the unique (post, user) key admits one vote, and the
    count only moves when a row was really added or removed.
    """
    if not permissions.can_vote(user, post):
        raise NotAllowed()
    post_id, user_id = post.id, user.id
    if voted:
        db.session.add(Vote(post_id=post_id, user_id=user_id))
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()  # voted already: nothing changes
        else:
            db.session.execute(
                update(Post).where(Post.id == post_id).values(vote_count=Post.vote_count + 1)
            )
    else:
        result = db.session.execute(
            delete(Vote).where(Vote.post_id == post_id, Vote.user_id == user_id)
        )
        if result.rowcount == 1:
            db.session.execute(
                update(Post).where(Post.id == post_id).values(vote_count=Post.vote_count - 1)
            )
    db.session.commit()
    count = db.session.scalar(select(Post.vote_count).where(Post.id == post_id)) or 0
    has_vote = db.session.scalar(
        select(Vote.id).where(Vote.post_id == post_id, Vote.user_id == user_id)
    )
    return count, has_vote is not None
