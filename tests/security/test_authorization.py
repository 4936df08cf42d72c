# ruff: noqa: E501  (the matrix is a wide table on purpose)
"""Who may open what: every URL of the portal against every kind of person.

Columns: a visitor (not logged in), the customer who owns the object in the URL, another
customer, an editor, an agent and an admin. Cells:
  ok     the request gets through: 200, 302/303 elsewhere than the log-in page, or 400
         when the form reached the view and was refused
  login  302 to /auth/login
  deny   403 or 404 (an owner may not vote on their own post: deny)
A rule of app.url_map missing from the table fails the test: add a row for a new route.
"""

from __future__ import annotations

import pytest

from tests.security.form_data import FORM_DATA
from tests.security.world import ROLES, People, World, log_in, rules, url_for_rule

MATRIX = """
rule                                                            method  visitor owner other editor agent admin
/                                                               GET     ok      ok    ok    ok     ok    ok
/account                                                        GET     login   ok    ok    ok     ok    ok
/account                                                        POST    login   ok    ok    ok     ok    ok
/account/                                                       GET     login   ok    ok    ok     ok    ok
/account/password                                               POST    login   ok    ok    ok     ok    ok
/account/mail                                                   POST    login   ok    ok    ok     ok    ok
/account/delete                                                 GET     login   ok    ok    ok     ok    ok
/account/delete                                                 POST    login   ok    ok    ok     ok    ok
/agent/                                                         GET     login   deny  deny  deny   ok    ok
/agent/tickets/<ref>                                            GET     login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/assign                                     POST    login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/reply                                      POST    login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/status                                     POST    login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/revoke-links                               POST    login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/kb-draft                                   POST    login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/flag-article                               POST    login   deny  deny  deny   ok    ok
/agent/tickets/<ref>/insert                                     POST    login   deny  deny  deny   ok    ok
/agent/canned                                                   GET     login   deny  deny  deny   deny  ok
/agent/canned/new                                               GET     login   deny  deny  deny   deny  ok
/agent/canned/new                                               POST    login   deny  deny  deny   deny  ok
/agent/canned/<int:reply_id>/edit                               GET     login   deny  deny  deny   deny  ok
/agent/canned/<int:reply_id>/edit                               POST    login   deny  deny  deny   deny  ok
/agent/canned/<int:reply_id>/delete                             POST    login   deny  deny  deny   deny  ok
/agent/mail/                                                    GET     login   deny  deny  deny   ok    ok
/agent/mail/<int:mail_id>                                       GET     login   deny  deny  deny   ok    ok
/agent/mail/<int:mail_id>.eml                                   GET     login   deny  deny  deny   ok    ok
/agent/chats                                                    GET     login   deny  deny  deny   ok    ok
/agent/chats/updates                                            GET     login   deny  deny  deny   ok    ok
/agent/chats/availability                                       POST    login   deny  deny  deny   ok    ok
/agent/chats/capacity                                           POST    login   deny  deny  deny   deny  ok
/agent/chats/<int:chat_id>                                      GET     login   deny  deny  deny   ok    ok
/agent/chats/<int:chat_id>/updates                              GET     login   deny  deny  deny   ok    ok
/agent/chats/<int:chat_id>/take                                 POST    login   deny  deny  deny   ok    ok
/agent/chats/<int:chat_id>/reply                                POST    login   deny  deny  deny   ok    ok
/agent/chats/<int:chat_id>/typing                               POST    login   deny  deny  deny   ok    ok
/agent/chats/<int:chat_id>/end                                  POST    login   deny  deny  deny   ok    ok
/agent/chats/<int:chat_id>/ticket                               POST    login   deny  deny  deny   ok    ok
/chat                                                           GET     ok      ok    ok    ok     ok    ok
/chat                                                           POST    ok      ok    ok    ok     ok    ok
/chat/updates                                                   GET     ok      ok    ok    ok     ok    ok
/chat/typing                                                    POST    ok      ok    ok    ok     ok    ok
/chat/answered                                                  POST    ok      ok    ok    ok     ok    ok
/chat/person                                                    POST    ok      ok    ok    ok     ok    ok
/chat/leave                                                     POST    ok      ok    ok    ok     ok    ok
/chat/context                                                   POST    ok      ok    ok    ok     ok    ok
/chat/end                                                       POST    ok      ok    ok    ok     ok    ok
/chat/rate                                                      POST    ok      ok    ok    ok     ok    ok
/chat/transcript                                                POST    ok      ok    ok    ok     ok    ok
/chat/new                                                       POST    ok      ok    ok    ok     ok    ok
/chat/past/<ref>                                                GET     login   ok    deny  deny   deny  deny
/auth/login                                                     GET     ok      ok    ok    ok     ok    ok
/auth/login                                                     POST    ok      ok    ok    ok     ok    ok
/auth/logout                                                    POST    ok      ok    ok    ok     ok    ok
/auth/register                                                  GET     ok      ok    ok    ok     ok    ok
/auth/register                                                  POST    ok      ok    ok    ok     ok    ok
/auth/confirm                                                   GET     ok      ok    ok    ok     ok    ok
/auth/confirm                                                   POST    ok      ok    ok    ok     ok    ok
/auth/confirm/<token>                                           GET     ok      ok    ok    ok     ok    ok
/auth/reset                                                     GET     ok      ok    ok    ok     ok    ok
/auth/reset                                                     POST    ok      ok    ok    ok     ok    ok
/auth/reset/<token>                                             GET     ok      ok    ok    ok     ok    ok
/auth/reset/<token>                                             POST    ok      ok    ok    ok     ok    ok
/contact                                                        GET     ok      ok    ok    ok     ok    ok
/contact                                                        POST    ok      ok    ok    ok     ok    ok
/contact/solved                                                 POST    ok      ok    ok    ok     ok    ok
/contact/suggestions                                            GET     ok      ok    ok    ok     ok    ok
/content/<path:filename>                                        GET     ok      ok    ok    ok     ok    ok
/editor/                                                        GET     login   deny  deny  ok     deny  ok
/editor/articles/<int:article_id>                               GET     login   deny  deny  ok     deny  ok
/editor/articles/<int:article_id>                               POST    login   deny  deny  ok     deny  ok
/editor/articles/<int:article_id>/compare                       GET     login   deny  deny  ok     deny  ok
/editor/articles/<int:article_id>/revisions                     GET     login   deny  deny  ok     deny  ok
/editor/articles/<int:article_id>/revisions/<int:number>/restore POST   login   deny  deny  ok     deny  ok
/editor/articles/move                                           POST    login   deny  deny  ok     deny  ok
/editor/articles/new                                            GET     login   deny  deny  ok     deny  ok
/editor/articles/new                                            POST    login   deny  deny  ok     deny  ok
/editor/categories                                              GET     login   deny  deny  ok     deny  ok
/editor/categories                                              POST    login   deny  deny  ok     deny  ok
/editor/categories/<int:category_id>                            GET     login   deny  deny  ok     deny  ok
/editor/categories/<int:category_id>                            POST    login   deny  deny  ok     deny  ok
/editor/categories/<int:category_id>/move                       POST    login   deny  deny  ok     deny  ok
/editor/preview                                                 POST    login   deny  deny  ok     deny  ok
/editor/review                                                  GET     login   deny  deny  ok     deny  ok
/editor/search-insights                                         GET     login   deny  deny  ok     deny  ok
/editor/tutorials                                               GET     login   deny  deny  ok     deny  ok
/editor/tutorials/new                                           GET     login   deny  deny  ok     deny  ok
/editor/tutorials/new                                           POST    login   deny  deny  ok     deny  ok
/editor/tutorials/preview                                       POST    login   deny  deny  ok     deny  ok
/editor/tutorials/<int:tutorial_id>                             GET     login   deny  deny  ok     deny  ok
/editor/tutorials/<int:tutorial_id>                             POST    login   deny  deny  ok     deny  ok
/editor/tutorials/<int:tutorial_id>/compare                     GET     login   deny  deny  ok     deny  ok
/editor/tutorials/<int:tutorial_id>/revisions                   GET     login   deny  deny  ok     deny  ok
/editor/tutorials/<int:tutorial_id>/revisions/<int:number>/restore POST    login   deny  deny  ok     deny  ok
/editor/review/<int:flag_id>/dismiss                            POST    login   deny  deny  ok     deny  ok
/feed.atom                                                      GET     ok      ok    ok    ok     ok    ok
/feedback/                                                      GET     login   ok    ok    ok     ok    ok
/feedback/                                                      POST    login   ok    ok    ok     ok    ok
/feedback/<int:item_id>                                         GET     login   ok    deny  deny   deny  deny
/feedback/ces                                                   POST    ok      ok    ok    ok     ok    ok
/feedback/csat/<token>                                          GET     ok      ok    ok    ok     ok    ok
/feedback/csat/<token>                                          POST    ok      ok    ok    ok     ok    ok
/feedback/helpful/<kind>/<int:page_id>                          POST    ok      ok    ok    ok     ok    ok
/feedback/helpful/<kind>/<int:page_id>/missing                  POST    ok      ok    ok    ok     ok    ok
/feedback/helpful/<kind>/<int:page_id>/watch                    POST    login   ok    ok    ok     ok    ok
/feedback/inbox                                                 GET     login   deny  deny  ok     ok    ok
/feedback/inbox/<int:item_id>                                   GET     login   deny  deny  ok     ok    ok
/feedback/inbox/<int:item_id>/reply                             POST    login   deny  deny  ok     ok    ok
/feedback/inbox/<int:item_id>/status                            POST    login   deny  deny  ok     ok    ok
/feedback/inbox/<int:item_id>/tags                              POST    login   deny  deny  ok     ok    ok
/feedback/nps                                                   POST    login   ok    ok    ok     ok    ok
/feedback/nps/dismiss                                           POST    login   ok    ok    ok     ok    ok
/feedback/report                                                GET     login   deny  deny  ok     ok    ok
/feedback/report/<name>.csv                                     GET     login   deny  deny  ok     ok    ok
/insights/                                                      GET     login   deny  deny  ok     ok    ok
/insights/<name>.csv                                            GET     login   deny  deny  ok     ok    ok
/forum/                                                         GET     ok      ok    ok    ok     ok    ok
/forum/<slug>/                                                  GET     ok      ok    ok    ok     ok    ok
/forum/moderation/                                              GET     login   deny  deny  deny   ok    ok
/forum/moderation/flags/<int:flag_id>/dismiss                   POST    login   deny  deny  deny   ok    ok
/forum/moderation/log                                           GET     login   deny  deny  deny   ok    ok
/forum/moderation/members/<int:user_id>/suspend                 GET     login   deny  deny  deny   ok    ok
/forum/moderation/members/<int:user_id>/suspend                 POST    login   deny  deny  deny   ok    ok
/forum/moderation/members/<int:user_id>/unsuspend               POST    login   deny  deny  deny   ok    ok
/forum/new                                                      GET     login   ok    ok    ok     ok    ok
/forum/new                                                      POST    login   ok    ok    ok     ok    ok
/forum/p/<int:post_id>                                          GET     ok      ok    ok    ok     ok    ok
/forum/p/<int:post_id>/accept                                   POST    login   ok    deny  ok     ok    ok
/forum/p/<int:post_id>/delete                                   POST    login   ok    deny  ok     ok    ok
/forum/p/<int:post_id>/edit                                     GET     login   ok    deny  ok     ok    ok
/forum/p/<int:post_id>/edit                                     POST    login   ok    deny  ok     ok    ok
/forum/p/<int:post_id>/flag                                     GET     login   ok    ok    ok     ok    ok
/forum/p/<int:post_id>/flag                                     POST    login   ok    ok    ok     ok    ok
/forum/p/<int:post_id>/hide                                     POST    login   deny  deny  deny   ok    ok
/forum/p/<int:post_id>/vote                                     POST    login   deny  ok    ok     ok    ok
/forum/preview                                                  POST    login   ok    ok    ok     ok    ok
/forum/t/<int:thread_id>                                        GET     ok      ok    ok    ok     ok    ok
/forum/t/<int:thread_id>/<slug>                                 GET     ok      ok    ok    ok     ok    ok
/forum/t/<int:thread_id>/lock                                   POST    login   deny  deny  deny   ok    ok
/forum/t/<int:thread_id>/ticket                                 POST    login   deny  deny  deny   ok    ok
/forum/t/<int:thread_id>/kb-draft                               POST    login   deny  deny  ok     deny  ok
/forum/t/<int:thread_id>/move                                   POST    login   deny  deny  deny   ok    ok
/forum/t/<int:thread_id>/pin                                    POST    login   deny  deny  deny   ok    ok
/forum/t/<int:thread_id>/reply                                  GET     login   ok    ok    ok     ok    ok
/forum/t/<int:thread_id>/reply                                  POST    login   ok    ok    ok     ok    ok
/forum/t/<int:thread_id>/subscription                           POST    login   ok    ok    ok     ok    ok
/forum/t/<int:thread_id>/unaccept                               POST    login   ok    deny  ok     ok    ok
/forum/unsubscribe/<token>                                      GET     ok      ok    ok    ok     ok    ok
/healthz                                                        GET     ok      ok    ok    ok     ok    ok
/brand.css                                                      GET     ok      ok    ok    ok     ok    ok
/logo.<any(svg,png):kind>                                       GET     ok      ok    ok    ok     ok    ok
/kb/                                                            GET     ok      ok    ok    ok     ok    ok
/kb/<slug>                                                      GET     ok      ok    ok    ok     ok    ok
/kb/<slug>/flag                                                 POST    login   ok    ok    ok     ok    ok
/kb/category/<slug>                                             GET     ok      ok    ok    ok     ok    ok
/language                                                       POST    ok      ok    ok    ok     ok    ok
/robots.txt                                                     GET     ok      ok    ok    ok     ok    ok
/sitemap.xml                                                    GET     ok      ok    ok    ok     ok    ok
/static/<path:filename>                                         GET     ok      ok    ok    ok     ok    ok
/tickets/                                                       GET     login   ok    ok    ok     ok    ok
/tickets/<ref>                                                  GET     login   ok    deny  deny   ok    ok
/tickets/<ref>/reopen                                           POST    login   ok    deny  deny   ok    ok
/tickets/<ref>/reply                                            POST    login   ok    deny  deny   ok    ok
/tickets/<ref>/solve                                            POST    login   ok    deny  deny   ok    ok
/tickets/<ref>/files/<int:attachment_id>/<path:filename>        GET     login   ok    deny  deny   ok    ok
/tickets/link                                                   POST    login   ok    ok    ok     ok    ok
/tickets/link/<token>                                           GET     login   ok    deny  deny   deny  deny
/tickets/link/<token>                                           POST    login   ok    deny  deny   deny  deny
/search                                                         GET     ok      ok    ok    ok     ok    ok
/search/answers                                                 GET     ok      ok    ok    ok     ok    ok
/search/go                                                      GET     ok      ok    ok    ok     ok    ok
/search/suggest                                                 GET     ok      ok    ok    ok     ok    ok
/tutorials/                                                     GET     ok      ok    ok    ok     ok    ok
/tutorials/<slug>                                               GET     ok      ok    ok    ok     ok    ok
/tutorials/<slug>/<int:number>                                  GET     ok      ok    ok    ok     ok    ok
/tutorials/<slug>/<int:number>/check                            POST    ok      ok    ok    ok     ok    ok
/tutorials/<slug>/done                                          GET     ok      ok    ok    ok     ok    ok
"""


def parse(table: str) -> dict[tuple[str, str], dict[str, str]]:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[2:] == list(ROLES)
    return {(row[0], row[1]): dict(zip(ROLES, row[2:], strict=True)) for row in rows}


EXPECTED = parse(MATRIX)


def verdict(response) -> str:
    """What the portal answered, in the table's words."""
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/auth/login"):
        return "login"
    if response.status_code in (403, 404):
        return "deny"
    if response.status_code in (200, 302, 303, 400):
        return "ok"
    return str(response.status_code)


def test_every_rule_has_a_row(app):
    missing = sorted(set(rules(app)) - set(EXPECTED))
    assert not missing, f"add these (rule, method) pairs to MATRIX: {missing}"
    stale = sorted(set(EXPECTED) - set(rules(app)))
    assert not stale, f"these MATRIX rows name no rule: {stale}"


@pytest.mark.parametrize(("rule", "method"), sorted(EXPECTED))
def test_who_may_open_what(app, client, rule, method):
    people = People.make()
    secrets = (people.owner.email, "Owner-only ticket subject", "Owner-only feedback subject")
    answers = {}
    for role in ROLES:
        world = World.make(people)  # fresh objects: one cell's action cannot change another's
        log_in(client, people.get(role))
        path = url_for_rule(app, rule, world.ids)
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data=FORM_DATA[rule](world.ids))
        answers[role] = verdict(response)
        page = response.get_data().decode("utf-8", "replace")  # files are bytes
        response.close()
        if role in ("visitor", "other") and response.status_code == 200:
            leaked = [secret for secret in secrets if secret in page]
            assert not leaked, f"{role} saw the owner's {leaked} at {method} {path}"
    assert answers == EXPECTED[(rule, method)]
