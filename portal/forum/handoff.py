"""From the forum to the staff's tools: a ticket for a thread's author, an article draft.

Agents open a ticket for a thread's author (the thread's link travels as context) and
editors start a knowledge-base draft from a solved thread.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.core.registry import ContextItem
from portal.editor.drafts import draft_body, redact, start_draft
from portal.extensions import db
from portal.forum.models import Post, Thread
from portal.kb.models import Article
from portal.tickets.console import assign
from portal.tickets.models import Ticket
from portal.tickets.services import open_ticket

THREAD_LABEL = _l("Community thread")


class NotSolved(Exception):
    """Only a thread with an accepted answer can become an article."""


def question_of(thread: Thread) -> Post:
    """The thread's first post: the question."""
    return db.session.scalar(
        select(Post).where(Post.thread_id == thread.id).order_by(Post.id).limit(1)
    )


def ticket_for_thread(thread: Thread, agent: User) -> Ticket:
    """Open a ticket for the thread's author, assigned to the agent, the thread as context."""
    author = db.session.get(User, thread.author_id)
    link = url_for("forum.thread", thread_id=thread.id, slug=thread.slug, _external=True)
    item = ContextItem("thread", str(THREAD_LABEL), [{"text": link, "note": None}])
    question = question_of(thread)
    ticket = open_ticket(
        author,
        thread.title,
        question.body_md if question and question.body_md else thread.title,
        "other",
        [item.as_dict()],
        locale=author.locale or thread.language,
    )
    assign(ticket, agent)
    return ticket


def draft_from_thread(thread: Thread, editor: User) -> Article:
    """A draft article from a solved thread: its question and its accepted answer."""
    if thread.accepted_post_id is None:
        raise NotSolved()
    question = question_of(thread)
    answer = db.session.scalar(
        select(Post).options(joinedload(Post.author)).where(Post.id == thread.accepted_post_id)
    )
    author = db.session.get(User, thread.author_id)
    names = [author.display_name if author else "", answer.author.display_name]
    with force_locale(thread.language):
        body = draft_body(
            redact(question.body_md if question else "", names),
            redact(answer.body_md, names),
            _("Question"),
            _("Answer"),
        )
    return start_draft(redact(thread.title, names), body, editor, thread.language)
