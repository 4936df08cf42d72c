"""'Was this helpful?': votes, the 'what was missing?' comment, and update watches."""

from __future__ import annotations

import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, bindparam, cast, delete, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.clock import utcnow
from portal.extensions import db
from portal.feedback.forms import MissingForm
from portal.feedback.models import HelpfulVote, NpsOffer, PageWatch, SurveyResponse
from portal.feedback.pages import PageInfo, resolve_page
from portal.mail import send_mail

COMMENT_MAX = 2000
VOTER_SESSION_KEY = "feedback_voter"


class NoVoteYet(Exception):
    """A comment was sent for a page the reader has not voted on."""


def member_key(user: User) -> str:
    """The voter key of a logged-in reader."""
    return f"u:{user.id}"


def visitor_key(session_id: str) -> str:
    """The voter key of a visitor, from the random id kept in their session."""
    return f"v:{session_id}"


# The two look-ups every page with the helpful widget makes for a member, built once:
# building a statement (and its cache key) costs about what running one does.
_VOTE = select(HelpfulVote).where(
    HelpfulVote.page_kind == bindparam("kind"),
    HelpfulVote.page_id == bindparam("page_id"),
    HelpfulVote.voter_key == bindparam("voter_key"),
)
_WATCH = select(PageWatch.id).where(
    PageWatch.page_kind == bindparam("kind"),
    PageWatch.page_id == bindparam("page_id"),
    PageWatch.user_id == bindparam("user_id"),
)


def find_vote(kind: str, page_id: int, voter_key: str) -> HelpfulVote | None:
    """The reader's current vote on a page, or None."""
    return db.session.scalar(_VOTE, {"kind": kind, "page_id": page_id, "voter_key": voter_key})


def cast_vote(
    kind: str, page_id: int, voter_key: str, helpful: bool, user: User | None = None
) -> HelpfulVote:
    """Record or change a reader's vote; a reader has one vote per page, whatever the race."""
    now = utcnow()
    vote = find_vote(kind, page_id, voter_key)
    if vote is None:
        vote = HelpfulVote(
            page_kind=kind,
            page_id=page_id,
            voter_key=voter_key,
            user_id=user.id if user else None,
            helpful=helpful,
            created_at=now,
            updated_at=now,
        )
        db.session.add(vote)
        try:
            db.session.commit()
            return vote
        except IntegrityError:
            # A parallel request inserted the same vote first: change that one instead.
            db.session.rollback()
            vote = find_vote(kind, page_id, voter_key)
            if vote is None:
                raise
    if vote.helpful != helpful:
        vote.helpful = helpful
        if helpful:
            vote.comment = ""
    vote.updated_at = now
    db.session.commit()
    return vote


def add_missing_comment(kind: str, page_id: int, voter_key: str, comment: str) -> HelpfulVote:
    """Save what the reader missed on a page they found unhelpful."""
    vote = find_vote(kind, page_id, voter_key)
    if vote is None or vote.helpful:
        raise NoVoteYet()
    vote.comment = comment.strip()[:COMMENT_MAX]
    vote.updated_at = utcnow()
    db.session.commit()
    return vote


@dataclass
class Widget:
    """What the 'Was this helpful?' fragment shows for one reader on one page."""

    kind: str
    page_id: int
    page: PageInfo
    vote: HelpfulVote | None
    watching: bool | None  # None for visitors, who cannot watch
    missing_form: object = None  # the views add the "what was missing?" form
    helpful_count: int = 0  # readers who said it helped


def widget(kind: str, page_id: int, page: PageInfo, voter_key: str | None, user) -> Widget:
    """The fragment's state for this reader."""
    vote = find_vote(kind, page_id, voter_key) if voter_key else None
    watching = is_watching(kind, page_id, user) if user is not None else None
    return Widget(kind, page_id, page, vote, watching, helpful_count=helpful_count(kind, page_id))


def helpful_count(kind: str, page_id: int) -> int:
    """How many readers said the page helped them."""
    found = db.session.scalar(
        select(func.count(HelpfulVote.id)).where(
            HelpfulVote.page_kind == kind,
            HelpfulVote.page_id == page_id,
            HelpfulVote.helpful.is_(True),
        )
    )
    return found or 0


def voter_key(session: MutableMapping, user, create: bool = False) -> str | None:
    """The reader's voter key: their user id, or a random id kept in their session."""
    if user is not None and user.is_authenticated:
        return member_key(user)
    visitor = session.get(VOTER_SESSION_KEY)
    if not visitor and create:
        visitor = session[VOTER_SESSION_KEY] = secrets.token_hex(16)
    return visitor_key(visitor) if visitor else None


def helpful_for(kind: str, page_id: int, session: MutableMapping, user) -> Widget | None:
    """The 'Was this helpful?' state of a page for this reader; None for no such page."""
    page = resolve_page(kind, page_id)
    if page is None:
        return None
    member = user if user is not None and user.is_authenticated else None
    found = widget(kind, page_id, page, voter_key(session, user), member)
    if found.vote is not None and not found.vote.helpful:
        found.missing_form = MissingForm(
            formdata=None, prefix="helpful", comment=found.vote.comment
        )
    return found


def is_watching(kind: str, page_id: int, user: User) -> bool:
    """True if the member asked to hear about the page's next update."""
    found = db.session.scalar(_WATCH, {"kind": kind, "page_id": page_id, "user_id": user.id})
    return found is not None


def set_watch(kind: str, page_id: int, user: User, on: bool) -> None:
    """Start or stop waiting for a mail about the page's next update."""
    if not on:
        db.session.execute(
            delete(PageWatch).where(
                PageWatch.page_kind == kind,
                PageWatch.page_id == page_id,
                PageWatch.user_id == user.id,
            )
        )
        db.session.commit()
        return
    if is_watching(kind, page_id, user):
        return
    try:
        db.session.add(PageWatch(page_kind=kind, page_id=page_id, user_id=user.id))
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a double click: the first one counts


def notify_watchers(kind: str, page_id: int, title: str, link: str) -> int:
    """Mail each watcher once that the page changed, then forget their watch."""
    watches = list(
        db.session.scalars(
            select(PageWatch).where(PageWatch.page_kind == kind, PageWatch.page_id == page_id)
        )
    )
    for watch in watches:
        user = watch.user
        db.session.delete(watch)
        if not user.wants_mail("page_updates"):
            continue
        send_mail(
            user.email,
            _l("Updated: %(title)s", title=title),
            "page_updated",
            locale=user.locale or "en",
            user=user,
            title=title,
            link=link,
        )
    db.session.commit()
    return len(watches)


def erase_member(user: User) -> None:
    """An account is being deleted: drop its page watches and NPS offers; its survey answers
    stay as anonymous scores and comments, tied to neither its email nor its account. The
    caller commits."""
    db.session.execute(delete(PageWatch).where(PageWatch.user_id == user.id))
    db.session.execute(delete(NpsOffer).where(NpsOffer.user_id == user.id))
    db.session.execute(
        update(SurveyResponse)
        .where(
            or_(
                SurveyResponse.user_id == user.id,
                SurveyResponse.respondent_key == "e:" + user.email,
            )
        )
        .values(respondent_key=literal("deleted:") + cast(SurveyResponse.id, String), user_id=None)
        .execution_options(synchronize_session=False)
    )
