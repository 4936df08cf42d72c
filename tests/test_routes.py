"""Pins the URLs of shared/CONTRACT.md that exist so far: they must not move."""

import pytest

# (URL, method, endpoint) for every contract URL whose feature has landed.
CONTRACT = [
    ("/", "GET", "core.home"),
    ("/contact", "GET", "core.contact"),
    ("/healthz", "GET", "core.healthz"),
    ("/auth/login", "GET", "auth.login"),
    ("/auth/login", "POST", "auth.login"),
    ("/auth/register", "GET", "auth.register"),
    ("/auth/reset", "GET", "auth.reset_request"),
    ("/auth/logout", "POST", "auth.logout"),
    ("/account", "GET", "account.account"),
    ("/search", "GET", "search.results"),
    ("/search/suggest", "GET", "search.suggest"),
]


@pytest.mark.parametrize(("url", "method", "endpoint"), CONTRACT)
def test_contract_url_maps_to_its_view(app, url, method, endpoint):
    adapter = app.url_map.bind("localhost")
    matched, _args = adapter.match(url, method=method)
    assert matched == endpoint
