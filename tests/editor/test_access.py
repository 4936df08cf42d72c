"""Only editors and admins reach the editor; everyone else is sent to log in or refused."""

import pytest

from tests.factories import make_article, make_category, make_flag

PAGES = [
    "/editor/",
    "/editor/articles/new",
    "/editor/articles/{article}",
    "/editor/articles/{article}/revisions",
    "/editor/articles/{article}/compare?old=1&new=1",
    "/editor/categories",
    "/editor/categories/{category}",
    "/editor/review",
]
ACTIONS = [
    "/editor/preview",
    "/editor/articles/move",
    "/editor/articles/{article}/revisions/1/restore",
    "/editor/categories/{category}/move",
    "/editor/review/{flag}/dismiss",
]


@pytest.fixture
def ids():
    category = make_category()
    article = make_article(category=category)
    flag = make_flag(article)
    return {"article": article.id, "category": category.id, "flag": flag.id}


def _visit(client, ids):
    """Every editor page and action, with the response each gave."""
    for url in PAGES:
        yield url, client.get(url.format(**ids))
    for url in ACTIONS:
        yield url, client.post(url.format(**ids))


def test_visitors_are_sent_to_log_in(client, ids):
    for url, response in _visit(client, ids):
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/auth/login?next="), url


@pytest.mark.parametrize("role", ["customer", "agent"])
def test_customers_and_agents_are_refused(client, login, ids, role):
    login(role)
    for url, response in _visit(client, ids):
        assert response.status_code == 403, url


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_see_every_page(client, login, ids, role):
    login(role)
    for url in PAGES:
        assert client.get(url.format(**ids)).status_code == 200, url


def test_the_account_menu_links_to_the_editor_for_editors_only(client, login):
    login("customer")
    assert 'href="/editor/"' not in client.get("/account").get_data(as_text=True)
    client.post("/auth/logout")
    login("editor")
    assert 'href="/editor/"' in client.get("/account").get_data(as_text=True)


def test_unknown_ids_are_404(client, login):
    login("editor")
    assert client.get("/editor/articles/999").status_code == 404
    assert client.get("/editor/categories/999").status_code == 404
    assert client.post("/editor/review/999/dismiss").status_code == 404
    assert client.post("/editor/articles/999/revisions/1/restore").status_code == 404


def test_the_editor_speaks_filipino(client, login, ids):
    login("editor", locale="fil")
    for url in PAGES:
        response = client.get(url.format(**ids))
        assert response.status_code == 200, url
    page = client.get("/editor/").get_data(as_text=True)
    assert "Sumulat ng bagong artikulo" in page and "(1 bukas na flag)" in page
