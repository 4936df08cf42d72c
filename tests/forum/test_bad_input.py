"""Odd or hostile input gets a field error or a 404, never a server error."""

import pytest

from tests.factories import make_forum_category, make_reply, make_thread


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/forum/{slug}/?sort=drop+table&page=1", None),
        ("get", "/forum/{slug}/?page=99999999999999999999999", None),
        ("get", "/forum/t/{thread}?page=99999999999999999999999", None),
        ("get", "/forum/t/{thread}/reply?quote=99999999", None),
        ("get", "/forum/t/{thread}/reply?quote=abc", None),
        ("post", "/forum/new", {"category": "abc", "title": "A proper title", "body": "b"}),
        ("post", "/forum/new", {"title": "\x00\x01 weird title", "body": "\x00"}),
        (
            "post",
            "/forum/new",
            {"category": "{category}", "title": "Nul\x00 title ok", "body": "a\x00b"},
        ),
        ("post", "/forum/t/{thread}/reply", {"body": "nul \x00 inside"}),
        ("post", "/forum/p/{post}/edit", {"body": "nul \x00 edit", "title": "x\x00"}),
        ("post", "/forum/p/{post}/flag", {"reason": "spam", "note": "nul \x00 note"}),
        (
            "post",
            "/forum/moderation/members/{author}/suspend",
            {"until": "2099-01-01", "reason": "\x00"},
        ),
        ("post", "/forum/p/{post}/vote", {}),
        ("post", "/forum/p/{post}/flag", {"reason": "spam", "note": "n" * 600}),
        ("post", "/forum/t/{thread}/move", {"category": "not-a-number"}),
        ("post", "/forum/t/{thread}/lock", {"locked": "maybe"}),
        ("post", "/forum/moderation/members/{author}/suspend", {"until": "tomorrow"}),
        ("post", "/forum/p/{post}/hide", {"hidden": "1", "reason": "r" * 1000}),
        ("post", "/forum/preview", {"body": "x" * 30000}),
        ("get", "/forum/unsubscribe/" + "a" * 500, None),
    ],
)
def test_bad_input_never_errors(client, login, method, url, data):
    login(role="agent")
    category = make_forum_category()
    thread = make_thread(category=category)
    post = make_reply(thread)
    target = url.format(slug=category.slug, thread=thread.id, post=post.id, author=post.author_id)
    if data:
        data = {k: v.replace("{category}", str(category.id)) for k, v in data.items()}
    response = getattr(client, method)(target, data=data)
    assert response.status_code < 500
