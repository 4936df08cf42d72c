"""A valid submission for every POST rule of the portal, and every query parameter it reads.

The fuzz test starts from these values and spoils some of them; the authorisation
matrix sends them as they are. A POST rule missing here fails both tests.
"""

from __future__ import annotations

from tests.factories import PASSWORD

NEW_PASSWORD = "a much longer new passphrase 42"

# rule -> fields of a valid POST, from a world's ids.
FORM_DATA: dict[str, callable] = {
    "/account": lambda i: {"display_name": "New Name", "locale": "en"},
    "/account/password": lambda i: {
        "current_password": PASSWORD,
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    },
    "/agent/tickets/<ref>/assign": lambda i: {"assignee": "0", "me": "1"},
    "/agent/tickets/<ref>/reply": lambda i: {"body": "We are on it.", "visibility": "public"},
    "/agent/tickets/<ref>/status": lambda i: {"status": "solved"},
    "/agent/tickets/<ref>/kb-draft": lambda i: {},
    "/agent/tickets/<ref>/flag-article": lambda i: {
        "article": f"/kb/{i['article_slug']}",
        "reason": "The menu names changed.",
    },
    "/auth/login": lambda i: {
        "email": "nobody@example.com",
        "password": PASSWORD,
        "remember": "y",
        "next": "/kb/",
    },
    "/auth/logout": lambda i: {},
    "/auth/register": lambda i: {
        "email": "new.member@example.com",
        "display_name": "New Member",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    },
    "/auth/reset": lambda i: {"email": "nobody@example.com"},
    "/auth/reset/<token>": lambda i: {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    "/contact": lambda i: {
        "name": "Ana Visitor",
        "email": "ana@example.com",
        "subject": "My router blinks red",
        "topic": "connection",
        "message": "Since this morning the light is red.",
        "came_from": "/kb/",
        "share": "page",
    },
    "/contact/solved": lambda i: {"url": "/kb/", "q": "router"},
    "/editor/articles/<int:article_id>": lambda i: {
        "title": "An edited title",
        "body_md": "Edited **body**.",
        "note": "Fixed a step",
        "slug": i["article_slug"],
        "category_id": str(i["kb_category_id"]),
        "language": "en",
        "translation_id": "",
        "summary": "Edited summary.",
        "tags": "router, wifi",
        "action": "save",
    },
    "/editor/articles/<int:article_id>/revisions/<int:number>/restore": lambda i: {},
    "/editor/articles/move": lambda i: {
        "article_ids": str(i["article_id"]),
        "category_id": str(i["kb_category_id"]),
        "next": "/editor/",
    },
    "/editor/articles/new": lambda i: {
        "title": "A new article",
        "body_md": "Some **body**.",
        "note": "First draft",
        "slug": "",
        "category_id": str(i["kb_category_id"]),
        "language": "en",
        "translation_id": "",
        "summary": "A summary.",
        "tags": "router",
        "action": "save",
    },
    "/editor/categories": lambda i: {
        "name": "A new topic",
        "slug": "a-new-topic",
        "description": "What it covers.",
        "parent_id": "",
    },
    "/editor/categories/<int:category_id>": lambda i: {
        "name": "A renamed topic",
        "description": "What it covers now.",
        "parent_id": "",
    },
    "/editor/categories/<int:category_id>/move": lambda i: {"direction": "up"},
    "/editor/preview": lambda i: {"title": "Preview", "body_md": "Some *text*."},
    "/editor/review/<int:flag_id>/dismiss": lambda i: {},
    "/feedback/": lambda i: {
        "kind": "idea",
        "subject": "Dark mode",
        "message": "Please add a dark mode.",
        "page": "/kb/",
    },
    "/feedback/ces": lambda i: {
        "score": "3",
        "subject_kind": "ticket",
        "subject_ref": i["ticket_ref"],
        "next": "/",
    },
    "/feedback/csat/<token>": lambda i: {"score": "4", "comment": "Quick and kind."},
    "/feedback/helpful/<kind>/<int:page_id>": lambda i: {"helpful": "no"},
    "/feedback/helpful/<kind>/<int:page_id>/missing": lambda i: {"comment": "A picture."},
    "/feedback/helpful/<kind>/<int:page_id>/watch": lambda i: {"on": "1"},
    "/feedback/inbox/<int:item_id>/reply": lambda i: {"body": "Thank you, noted."},
    "/feedback/inbox/<int:item_id>/status": lambda i: {"status": "planned"},
    "/feedback/inbox/<int:item_id>/tags": lambda i: {"tags": "ui, dark-mode"},
    "/feedback/nps": lambda i: {"score": "9", "reason": "Easy to use.", "next": "/"},
    "/feedback/nps/dismiss": lambda i: {"next": "/"},
    "/forum/moderation/flags/<int:flag_id>/dismiss": lambda i: {},
    "/forum/moderation/members/<int:user_id>/suspend": lambda i: {
        "until": "2099-01-01",
        "reason": "Spam",
    },
    "/forum/moderation/members/<int:user_id>/unsuspend": lambda i: {},
    "/forum/new": lambda i: {
        "category": str(i["forum_category_id"]),
        "title": "How do I reset the mesh node?",
        "body": "It keeps blinking orange.",
        "submit_key": "fixed-key-new-thread",
    },
    "/forum/p/<int:post_id>/accept": lambda i: {},
    "/forum/p/<int:post_id>/delete": lambda i: {},
    "/forum/p/<int:post_id>/edit": lambda i: {"title": "An edited title", "body": "Edited."},
    "/forum/p/<int:post_id>/flag": lambda i: {"reason": "spam", "note": "Advertising."},
    "/forum/p/<int:post_id>/hide": lambda i: {"hidden": "1", "reason": "Off topic", "next": ""},
    "/forum/p/<int:post_id>/vote": lambda i: {"vote": "1"},
    "/forum/preview": lambda i: {"body": "Some *text*."},
    "/forum/t/<int:thread_id>/lock": lambda i: {"locked": "1"},
    "/forum/t/<int:thread_id>/ticket": lambda i: {},
    "/forum/t/<int:thread_id>/kb-draft": lambda i: {},
    "/forum/t/<int:thread_id>/move": lambda i: {"category": str(i["forum_category_id"])},
    "/forum/t/<int:thread_id>/pin": lambda i: {"pinned": "1"},
    "/forum/t/<int:thread_id>/reply": lambda i: {
        "body": "Unplug it for ten seconds.",
        "submit_key": "fixed-key-reply",
    },
    "/forum/t/<int:thread_id>/subscription": lambda i: {"subscribe": "1"},
    "/forum/t/<int:thread_id>/unaccept": lambda i: {},
    "/kb/<slug>/flag": lambda i: {"reason": "The menu names changed."},
    "/language": lambda i: {"lang": "fil", "next": "/kb/"},
    "/tickets/<ref>/reopen": lambda i: {},
    "/tickets/<ref>/reply": lambda i: {"body": "It happened again."},
    "/tickets/<ref>/solve": lambda i: {},
    "/tickets/link": lambda i: {},
    "/tickets/link/<token>": lambda i: {},
    "/tutorials/<slug>/<int:number>/check": lambda i: {"answer": "2"},
}

# Every query parameter a page reads (request.args / form(formdata=request.args)).
# The fuzz test sends hostile values of all of them to every GET rule.
QUERY_PARAMS = (
    "page", "sort", "status", "assigned", "q", "category", "quote", "next", "from",
    "subject", "tz", "token", "difficulty", "lang", "since", "until", "kind", "tag",
    "old", "new", "language", "v", "period",
)  # fmt: skip
