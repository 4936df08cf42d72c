"""From tickets to the knowledge base: drafts from solved tickets, outdated-article flags.

Agents may start a draft from a solved ticket (the route lives on the agent console, so
it takes role agent; admins pass). The draft is never published from here: publishing
stays with editors in /editor/.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.auth.models import User
from portal.editor.drafts import draft_body, redact, start_draft
from portal.kb.models import Article, ArticleFlag
from portal.kb.queries import find_article
from portal.kb.services import flag_article
from portal.tickets.models import CLOSED, SOLVED, Ticket

# /kb/<slug>, with or without the site, a query or a fragment.
KB_PATH = re.compile(r"^/kb/(?P<slug>[a-z0-9][a-z0-9-]*)/?\Z")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")


class NotSolved(Exception):
    """Only a solved (or closed) ticket has an answer worth turning into an article."""


class UnknownArticle(Exception):
    """No published article has that address or slug."""


def draft_from_ticket(ticket: Ticket, agent: User) -> Article:
    """A draft article: the customer's first message and the agents' public replies, redacted."""
    if ticket.status not in (SOLVED, CLOSED):
        raise NotSolved()
    public = ticket.public_messages
    question = next((m.body for m in public if not m.from_agent), "")
    answer = "\n\n".join(m.body for m in public if m.from_agent)
    names = [ticket.requester_name, ticket.user.display_name if ticket.user else ""]
    with force_locale(ticket.locale):
        body = draft_body(
            redact(question, names),
            redact(answer, names),
            _("Question"),
            _("Answer"),
        )
    return start_draft(redact(ticket.subject, names), body, agent, ticket.locale)


def article_slug(address: str) -> str | None:
    """The slug named by an article's address (/kb/slug or a full URL) or by a bare slug."""
    address = address.strip()
    if SLUG.match(address):
        return address
    found = KB_PATH.match(urlsplit(address).path)
    return found["slug"] if found else None


def flag_outdated(address: str, agent: User, reason: str) -> ArticleFlag:
    """Flag a published article as outdated for the editors' review queue."""
    slug = article_slug(address)
    article = find_article(slug) if slug else None
    if article is None:
        raise UnknownArticle()
    return flag_article(article, agent, reason.strip())
