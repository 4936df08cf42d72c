"""A small portal full of things, and the concrete URL of every rule in it.

The security tests walk `app.url_map`; this module turns each rule into a real URL
(ids and tokens of objects made here) and knows who owns what. A rule missing from
URL_ARGS fails the tests that use it, so a new route cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import start_session
from portal.extensions import db
from tests.factories import (
    make_article,
    make_feedback,
    make_flag,
    make_forum_category,
    make_reply,
    make_thread,
    make_ticket,
    make_tutorial,
    make_user,
)

ROLES = ("visitor", "owner", "other", "editor", "agent", "admin")

# Rules left out on purpose, with the reason.
NOT_COVERED: dict[str, str] = {}


@dataclass
class People:
    """One account per role column, made once per test (hashing passwords is slow)."""

    owner: User
    other: User
    editor: User
    agent: User
    admin: User
    helper: User  # a third member whose answer the owner may accept

    @classmethod
    def make(cls) -> People:
        return cls(
            owner=make_user("customer"),
            other=make_user("customer"),
            editor=make_user("editor"),
            agent=make_user("agent"),
            admin=make_user("admin"),
            helper=make_user("customer"),
        )

    def get(self, role: str) -> User | None:
        return None if role == "visitor" else getattr(self, role)


class World:
    """Objects owned by `people.owner` (or seen by everyone), made when first asked for.

    `world.ids["ticket_ref"]` makes the owner's ticket the first time it is read, so a
    request only pays for the objects its URL and form name.
    """

    def __init__(self, people: People) -> None:
        self.people = people
        self.ids = _LazyIds(self)

    @classmethod
    def make(cls, people: People) -> World:
        return cls(people)

    def _article(self) -> dict:
        article = make_article(author=self.people.editor)
        return {
            "article_id": article.id,
            "article_slug": article.slug,
            "kb_category_slug": article.category.slug,
            "kb_category_id": article.category_id,
        }

    def _kb_flag(self) -> dict:
        from portal.kb.models import Article

        article = db.session.get(Article, self.ids["article_id"])
        return {"kb_flag_id": make_flag(article, self.people.owner).id}

    def _tutorial(self) -> dict:
        from portal.extensions import db
        from portal.tutorials.revisions import add_revision

        tutorial = make_tutorial()
        add_revision(tutorial, tutorial.intro_md, None, note="created")
        db.session.commit()
        return {"tutorial_slug": tutorial.slug, "tutorial_id": tutorial.id}

    def _forum(self) -> dict:
        from portal.forum.models import Post
        from portal.forum.notifications import unsubscribe_token

        owner = self.people.owner
        category = make_forum_category()
        thread = make_thread(owner, category, body="The owner's question.")
        question = db.session.scalar(
            select(Post).where(Post.thread_id == thread.id).order_by(Post.id).limit(1)
        )
        return {
            "forum_category_slug": category.slug,
            "forum_category_id": category.id,
            "thread_id": thread.id,
            "thread_slug": thread.slug,
            "question_id": question.id,
            "own_post_id": make_reply(thread, owner, "An answer by the owner.").id,
            "helper_post_id": make_reply(thread, self.people.helper, "Another answer.").id,
            "unsubscribe_token": unsubscribe_token(owner.id, thread.id),
        }

    def _forum_flag(self) -> dict:
        from portal.forum.models import Post
        from portal.forum.moderation import flag_post

        post = db.session.get(Post, self.ids["own_post_id"])
        return {"forum_flag_id": flag_post(self.people.helper, post, "spam").id}

    def _ticket(self) -> dict:
        from portal.feedback.surveys import csat_token

        ticket = make_ticket(self.people.owner, subject="Owner-only ticket subject")
        return {
            "ticket_ref": ticket.ref,
            "csat_token": csat_token("ticket", ticket.ref, self.people.owner),
        }

    def _canned(self) -> dict:
        from portal.tickets.canned import save_canned_reply

        return {"canned_id": save_canned_reply(None, "Restart", "Hi {{customer_name}}").id}

    def _mail(self) -> dict:
        from portal.inbound.models import InboundMail, TicketAttachment
        from portal.tickets.models import Ticket
        from tests.inbound.mails import PNG, mail

        ticket = db.session.scalar(select(Ticket).where(Ticket.ref == self.ids["ticket_ref"]))
        message = ticket.messages[0]
        file = TicketAttachment(
            message=message,
            filename="lights.png",
            content_type="image/png",
            size=len(PNG),
            data=PNG,
        )
        raw = mail(sender=self.people.owner.email, subject="Owner-only ticket subject")
        record = InboundMail(
            source="pipe",
            raw=raw,
            size=len(raw),
            status="added",
            ticket=ticket,
            ticket_message=message,
        )
        db.session.add_all([file, record])
        db.session.commit()
        return {"attachment_id": file.id, "mail_id": record.id}

    def _feedback(self) -> dict:
        item = make_feedback(self.people.owner, subject="Owner-only feedback subject")
        return {"feedback_id": item.id}

    def _chat(self) -> dict:
        from portal.chat import conversation, queue

        chat = conversation.start_chat(self.people.owner, [], "en")
        conversation.send(chat, self.people.owner, "Owner-only chat question")
        queue.request_person(chat)
        return {"chat_id": chat.id, "chat_ref": chat.ref, "chat_agent_id": self.people.agent.id}

    def _owner(self) -> dict:
        from portal.auth.registration import make_confirm_token
        from portal.auth.services import make_reset_token
        from portal.tickets.linking import make_link_token

        owner = self.people.owner
        return {
            "owner_id": owner.id,
            "reset_token": make_reset_token(owner),
            "confirm_token": make_confirm_token(owner),
            "link_token": make_link_token(owner),
        }


_BUILDERS = {
    World._article: ("article_id", "article_slug", "kb_category_slug", "kb_category_id"),
    World._kb_flag: ("kb_flag_id",),
    World._tutorial: ("tutorial_slug", "tutorial_id"),
    World._forum: (
        "forum_category_slug",
        "forum_category_id",
        "thread_id",
        "thread_slug",
        "question_id",
        "own_post_id",
        "helper_post_id",
        "unsubscribe_token",
    ),
    World._forum_flag: ("forum_flag_id",),
    World._ticket: ("ticket_ref", "csat_token"),
    World._feedback: ("feedback_id",),
    World._mail: ("attachment_id", "mail_id"),
    World._canned: ("canned_id",),
    World._owner: ("owner_id", "reset_token", "confirm_token", "link_token"),
    World._chat: ("chat_id", "chat_ref", "chat_agent_id"),
}
_BUILDER_OF = {key: builder for builder, keys in _BUILDERS.items() for key in keys}


class _LazyIds(dict):
    """A dict of a world's ids that builds an object group on first read."""

    def __init__(self, world: World) -> None:
        super().__init__()
        self._world = world

    def __missing__(self, key: str):
        self.update(_BUILDER_OF[key](self._world))
        return self[key]


# rule -> the values of its URL variables, from a world's ids.
URL_ARGS: dict[str, callable] = {
    "/": lambda i: {},
    "/account": lambda i: {},
    "/account/": lambda i: {},
    "/account/password": lambda i: {},
    "/account/mail": lambda i: {},
    "/account/delete": lambda i: {},
    "/agent/tickets/<ref>/insert": lambda i: {"ref": i["ticket_ref"]},
    "/agent/canned": lambda i: {},
    "/agent/canned/new": lambda i: {},
    "/agent/canned/<int:reply_id>/edit": lambda i: {"reply_id": i["canned_id"]},
    "/agent/canned/<int:reply_id>/delete": lambda i: {"reply_id": i["canned_id"]},
    "/agent/": lambda i: {},
    "/agent/tickets/<ref>": lambda i: {"ref": i["ticket_ref"]},
    "/agent/tickets/<ref>/assign": lambda i: {"ref": i["ticket_ref"]},
    "/agent/tickets/<ref>/reply": lambda i: {"ref": i["ticket_ref"]},
    "/agent/tickets/<ref>/status": lambda i: {"ref": i["ticket_ref"]},
    "/agent/tickets/<ref>/revoke-links": lambda i: {"ref": i["ticket_ref"]},
    "/agent/tickets/<ref>/kb-draft": lambda i: {"ref": i["ticket_ref"]},
    "/agent/tickets/<ref>/flag-article": lambda i: {"ref": i["ticket_ref"]},
    "/agent/mail/": lambda i: {},
    "/agent/mail/<int:mail_id>": lambda i: {"mail_id": i["mail_id"]},
    "/agent/mail/<int:mail_id>.eml": lambda i: {"mail_id": i["mail_id"]},
    "/tickets/<ref>/files/<int:attachment_id>/<path:filename>": lambda i: {
        "ref": i["ticket_ref"],
        "attachment_id": i["attachment_id"],
        "filename": "lights.png",
    },
    "/agent/chats": lambda i: {},
    "/agent/chats/updates": lambda i: {},
    "/agent/chats/availability": lambda i: {},
    "/agent/chats/capacity": lambda i: {},
    "/agent/chats/<int:chat_id>": lambda i: {"chat_id": i["chat_id"]},
    "/agent/chats/<int:chat_id>/updates": lambda i: {"chat_id": i["chat_id"]},
    "/agent/chats/<int:chat_id>/take": lambda i: {"chat_id": i["chat_id"]},
    "/agent/chats/<int:chat_id>/reply": lambda i: {"chat_id": i["chat_id"]},
    "/agent/chats/<int:chat_id>/typing": lambda i: {"chat_id": i["chat_id"]},
    "/agent/chats/<int:chat_id>/end": lambda i: {"chat_id": i["chat_id"]},
    "/agent/chats/<int:chat_id>/ticket": lambda i: {"chat_id": i["chat_id"]},
    "/chat": lambda i: {},
    "/chat/updates": lambda i: {},
    "/chat/typing": lambda i: {},
    "/chat/answered": lambda i: {},
    "/chat/person": lambda i: {},
    "/chat/leave": lambda i: {},
    "/chat/context": lambda i: {},
    "/chat/end": lambda i: {},
    "/chat/rate": lambda i: {},
    "/chat/transcript": lambda i: {},
    "/chat/new": lambda i: {},
    "/chat/past/<ref>": lambda i: {"ref": i["chat_ref"]},
    "/auth/login": lambda i: {},
    "/auth/logout": lambda i: {},
    "/auth/register": lambda i: {},
    "/auth/confirm": lambda i: {},
    "/auth/confirm/<token>": lambda i: {"token": i["confirm_token"]},
    "/auth/reset": lambda i: {},
    "/auth/reset/<token>": lambda i: {"token": i["reset_token"]},
    "/contact": lambda i: {},
    "/contact/solved": lambda i: {},
    "/contact/suggestions": lambda i: {},
    "/content/<path:filename>": lambda i: {"filename": "images/alon-node-lights.svg"},
    "/editor/": lambda i: {},
    "/editor/articles/<int:article_id>": lambda i: {"article_id": i["article_id"]},
    "/editor/articles/<int:article_id>/compare": lambda i: {"article_id": i["article_id"]},
    "/editor/articles/<int:article_id>/revisions": lambda i: {"article_id": i["article_id"]},
    "/editor/articles/<int:article_id>/revisions/<int:number>/restore": lambda i: {
        "article_id": i["article_id"],
        "number": 1,
    },
    "/editor/articles/move": lambda i: {},
    "/editor/articles/new": lambda i: {},
    "/editor/categories": lambda i: {},
    "/editor/categories/<int:category_id>": lambda i: {"category_id": i["kb_category_id"]},
    "/editor/categories/<int:category_id>/move": lambda i: {"category_id": i["kb_category_id"]},
    "/editor/preview": lambda i: {},
    "/editor/tutorials": lambda i: {},
    "/editor/tutorials/new": lambda i: {},
    "/editor/tutorials/preview": lambda i: {},
    "/editor/tutorials/<int:tutorial_id>": lambda i: {"tutorial_id": i["tutorial_id"]},
    "/editor/tutorials/<int:tutorial_id>/compare": lambda i: {"tutorial_id": i["tutorial_id"]},
    "/editor/tutorials/<int:tutorial_id>/revisions": lambda i: {"tutorial_id": i["tutorial_id"]},
    "/editor/tutorials/<int:tutorial_id>/revisions/<int:number>/restore": lambda i: {
        "tutorial_id": i["tutorial_id"],
        "number": 1,
    },
    "/editor/review": lambda i: {},
    "/editor/search-insights": lambda i: {},
    "/editor/review/<int:flag_id>/dismiss": lambda i: {"flag_id": i["kb_flag_id"]},
    "/feed.atom": lambda i: {},
    "/feedback/": lambda i: {},
    "/feedback/<int:item_id>": lambda i: {"item_id": i["feedback_id"]},
    "/feedback/ces": lambda i: {},
    "/feedback/csat/<token>": lambda i: {"token": i["csat_token"]},
    "/feedback/helpful/<kind>/<int:page_id>": lambda i: {
        "kind": "article",
        "page_id": i["article_id"],
    },
    "/feedback/helpful/<kind>/<int:page_id>/missing": lambda i: {
        "kind": "article",
        "page_id": i["article_id"],
    },
    "/feedback/helpful/<kind>/<int:page_id>/watch": lambda i: {
        "kind": "article",
        "page_id": i["article_id"],
    },
    "/feedback/inbox": lambda i: {},
    "/feedback/inbox/<int:item_id>": lambda i: {"item_id": i["feedback_id"]},
    "/feedback/inbox/<int:item_id>/reply": lambda i: {"item_id": i["feedback_id"]},
    "/feedback/inbox/<int:item_id>/status": lambda i: {"item_id": i["feedback_id"]},
    "/feedback/inbox/<int:item_id>/tags": lambda i: {"item_id": i["feedback_id"]},
    "/feedback/nps": lambda i: {},
    "/feedback/nps/dismiss": lambda i: {},
    "/feedback/report": lambda i: {},
    "/feedback/report/<name>.csv": lambda i: {"name": "scores"},
    "/insights/": lambda i: {},
    "/insights/<name>.csv": lambda i: {"name": "service"},
    "/forum/": lambda i: {},
    "/forum/<slug>/": lambda i: {"slug": i["forum_category_slug"]},
    "/forum/moderation/": lambda i: {},
    "/forum/moderation/flags/<int:flag_id>/dismiss": lambda i: {"flag_id": i["forum_flag_id"]},
    "/forum/moderation/log": lambda i: {},
    "/forum/moderation/members/<int:user_id>/suspend": lambda i: {"user_id": i["owner_id"]},
    "/forum/moderation/members/<int:user_id>/unsuspend": lambda i: {"user_id": i["owner_id"]},
    "/forum/new": lambda i: {},
    "/forum/p/<int:post_id>": lambda i: {"post_id": i["own_post_id"]},
    "/forum/p/<int:post_id>/accept": lambda i: {"post_id": i["helper_post_id"]},
    "/forum/p/<int:post_id>/delete": lambda i: {"post_id": i["own_post_id"]},
    "/forum/p/<int:post_id>/edit": lambda i: {"post_id": i["own_post_id"]},
    "/forum/p/<int:post_id>/flag": lambda i: {"post_id": i["own_post_id"]},
    "/forum/p/<int:post_id>/hide": lambda i: {"post_id": i["own_post_id"]},
    "/forum/p/<int:post_id>/vote": lambda i: {"post_id": i["own_post_id"]},
    "/forum/preview": lambda i: {},
    "/forum/t/<int:thread_id>": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/<slug>": lambda i: {
        "thread_id": i["thread_id"],
        "slug": i["thread_slug"],
    },
    "/forum/t/<int:thread_id>/lock": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/ticket": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/kb-draft": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/move": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/pin": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/reply": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/subscription": lambda i: {"thread_id": i["thread_id"]},
    "/forum/t/<int:thread_id>/unaccept": lambda i: {"thread_id": i["thread_id"]},
    "/forum/unsubscribe/<token>": lambda i: {"token": i["unsubscribe_token"]},
    "/healthz": lambda i: {},
    "/brand.css": lambda i: {},
    "/logo.<any(svg,png):kind>": lambda i: {"kind": "svg"},
    "/kb/": lambda i: {},
    "/kb/<slug>": lambda i: {"slug": i["article_slug"]},
    "/kb/<slug>/flag": lambda i: {"slug": i["article_slug"]},
    "/kb/category/<slug>": lambda i: {"slug": i["kb_category_slug"]},
    "/language": lambda i: {},
    "/robots.txt": lambda i: {},
    "/sitemap.xml": lambda i: {},
    "/static/<path:filename>": lambda i: {"filename": "css/portal.css"},
    "/tickets/": lambda i: {},
    "/tickets/<ref>": lambda i: {"ref": i["ticket_ref"]},
    "/tickets/<ref>/reopen": lambda i: {"ref": i["ticket_ref"]},
    "/tickets/<ref>/reply": lambda i: {"ref": i["ticket_ref"]},
    "/tickets/<ref>/solve": lambda i: {"ref": i["ticket_ref"]},
    "/tickets/link": lambda i: {},
    "/tickets/link/<token>": lambda i: {"token": i["link_token"]},
    "/search": lambda i: {},
    "/search/answers": lambda i: {},
    "/search/go": lambda i: {},
    "/search/suggest": lambda i: {},
    "/tutorials/": lambda i: {},
    "/tutorials/<slug>": lambda i: {"slug": i["tutorial_slug"]},
    "/tutorials/<slug>/<int:number>": lambda i: {"slug": i["tutorial_slug"], "number": 1},
    "/tutorials/<slug>/<int:number>/check": lambda i: {"slug": i["tutorial_slug"], "number": 1},
    "/tutorials/<slug>/done": lambda i: {"slug": i["tutorial_slug"]},
}


def rules(app: Flask, method: str | None = None) -> list[tuple[str, str]]:
    """(rule, method) for every rule of the app, GET and POST, sorted."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule in NOT_COVERED:
            continue
        for verb in sorted(rule.methods & {"GET", "POST"}):
            if method is None or verb == method:
                found.add((rule.rule, verb))
    return sorted(found)


def url_for_rule(app: Flask, rule_text: str, ids: dict) -> str:
    """The concrete path of one rule, filled from a world's ids."""
    # A path may have one rule per method (/chat: GET and POST); they build the same URL.
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    _domain, path = rule.build(URL_ARGS[rule_text](ids), append_unknown=False)
    return path


def log_in(client, user: User | None) -> None:
    """Make the test client's session belong to user (or to nobody)."""
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            start_session(user)
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
