import pytest

from portal.auth.roles import role_required


@pytest.fixture
def staff_route(app):
    @app.get("/_test/agents-only")
    @role_required("agent")
    def agents_only():
        return "agents welcome"

    return app


def test_visitor_is_sent_to_login(staff_route, client):
    response = client.get("/_test/agents-only")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize(
    ("role", "status"), [("customer", 403), ("editor", 403), ("agent", 200), ("admin", 200)]
)
def test_roles_are_checked(staff_route, client, login, role, status):
    login(role)
    response = client.get("/_test/agents-only")
    assert response.status_code == status
    if status == 403:
        assert 'id="talk-to-human"' in response.text
