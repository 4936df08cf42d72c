"""Pins the URLs of shared/CONTRACT.md that exist so far: they must not move."""

import pytest

# (URL, method, endpoint) for every contract URL whose feature has landed.
CONTRACT = [
    ("/", "GET", "core.home"),
    ("/contact", "GET", "escalation.contact"),
    ("/contact", "POST", "escalation.contact"),
    ("/tickets/", "GET", "tickets.index"),
    ("/tickets/T-7KQ2M9XD", "GET", "tickets.show"),
    ("/agent/", "GET", "agent.queue"),
    ("/healthz", "GET", "core.healthz"),
    ("/auth/login", "GET", "auth.login"),
    ("/auth/login", "POST", "auth.login"),
    ("/auth/register", "GET", "auth.register"),
    ("/auth/reset", "GET", "auth.reset_request"),
    ("/auth/logout", "POST", "auth.logout"),
    ("/account", "GET", "account.account"),
    ("/kb/", "GET", "kb.home"),
    ("/kb/category/billing", "GET", "kb.category"),
    ("/kb/reset-your-password", "GET", "kb.article"),
    ("/sitemap.xml", "GET", "core.sitemap"),
    ("/robots.txt", "GET", "core.robots"),
    ("/feed.atom", "GET", "kb_public.feed"),
    ("/tutorials/", "GET", "tutorials.index"),
    ("/tutorials/set-up-alon-mesh", "GET", "tutorials.overview"),
    ("/tutorials/set-up-alon-mesh/3", "GET", "tutorials.step"),
    ("/editor/", "GET", "editor.index"),
    ("/feedback/", "GET", "feedback.index"),
    ("/feedback/", "POST", "feedback.index"),
    ("/forum/", "GET", "forum.index"),
    ("/forum/setup/", "GET", "forum.category"),
    ("/forum/t/12", "GET", "forum.thread"),
    ("/forum/t/12/my-router-is-slow", "GET", "forum.thread"),
    ("/forum/new", "GET", "forum.new_thread"),
    ("/forum/new", "POST", "forum.new_thread"),
    ("/search", "GET", "search.results"),
    ("/search/suggest", "GET", "search.suggest"),
    ("/chat", "GET", "chat.index"),
    ("/chat", "POST", "chat.send"),
    ("/agent/chats", "GET", "agent_chats.index"),
    ("/agent/chats/12", "GET", "agent_chats.chat"),
    ("/insights/", "GET", "insights.index"),
]


@pytest.mark.parametrize(("url", "method", "endpoint"), CONTRACT)
def test_contract_url_maps_to_its_view(app, url, method, endpoint):
    adapter = app.url_map.bind("localhost")
    matched, _args = adapter.match(url, method=method)
    assert matched == endpoint
