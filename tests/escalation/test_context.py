"""Context capture: what the portal shares with a ticket, and how the customer removes it."""

from flask import session

from portal.core.registry import search_made
from portal.escalation import ContextItem, register_context_provider
from portal.extensions import db
from portal.tickets.models import Ticket


def open_ticket(client, **extra):
    data = {
        "name": "Tala",
        "email": "tala@example.com",
        "subject": "Help",
        "topic": "other",
        "message": "Please help.",
        **extra,
    }
    client.post("/contact", data=data, headers={"User-Agent": "TestBrowser/1.0"})
    return db.session.scalar(db.select(Ticket))


def keys(ticket):
    return [item["key"] for item in ticket.context]


def test_contact_shows_the_page_the_visitor_came_from(client):
    page = client.get("/contact?from=/kb/orange-light").text
    assert "ll share this with our team</legend>" in page
    assert "The page you came from" in page and "/kb/orange-light" in page
    assert 'name="came_from" type="hidden" value="/kb/orange-light"' in page


def test_an_offsite_from_is_dropped(client):
    page = client.get("/contact?from=https://evil.example/x").text
    assert "evil.example" not in page.split("<main")[1]
    assert "The page you came from" not in page


def test_recent_pages_are_remembered_html_only(client):
    client.get("/")
    client.get("/auth/login")
    client.get("/healthz")
    client.get("/static/css/portal.css").close()
    client.get("/auth/register", headers={"HX-Request": "true"})
    client.get("/no-such-page")
    with client.session_transaction() as saved:
        assert saved["recent_pages"] == ["/", "/auth/login"]


def test_only_the_last_ten_pages_are_kept(client):
    for n in range(12):
        client.get(f"/?n={n}")
    with client.session_transaction() as saved:
        assert saved["recent_pages"][0] == "/?n=2"
        assert len(saved["recent_pages"]) == 10


def test_pages_with_tokens_are_never_remembered(client):
    client.get("/auth/reset/some-secret-token")
    client.get("/?token=abc")
    with client.session_transaction() as saved:
        assert "recent_pages" not in saved


def test_searches_are_remembered_even_before_search_exists(client):
    client.get("/search?q=orange+light")
    client.get("/search?q=")
    page = client.get("/contact").text
    assert "Your recent searches" in page and "orange light" in page


def test_record_search_marks_searches_without_results(app, client):
    with app.test_request_context("/search?q=blinking"):
        search_made("blinking red", 0)
        search_made("blinking red", 0)
        search_made("reset", 4)
        assert session["recent_searches"] == [["blinking red", 0], ["reset", 4]]


def test_zero_result_searches_reach_the_ticket_marked(app, client):
    @app.get("/test-search")
    def fake_search():
        search_made("router orange", 0)
        return "<p>nothing</p>"

    client.get("/test-search")
    assert "(no results)" in client.get("/contact").text
    ticket = open_ticket(client, share=["searches"])
    assert ticket.context == [
        {
            "key": "searches",
            "label": "Your recent searches",
            "values": [{"text": "“router orange”", "note": "no_results"}],
        }
    ]


def test_everything_ticked_is_shared(client):
    client.get("/auth/login")
    client.get("/search?q=slow wifi")
    client.get("/contact?from=/auth/register")
    ticket = open_ticket(
        client,
        came_from="/auth/register",
        share=["from", "pages", "searches", "language", "browser"],
    )
    assert keys(ticket) == ["from", "pages", "searches", "language", "browser"]
    values = {item["key"]: [v["text"] for v in item["values"]] for item in ticket.context}
    assert values["from"] == ["Create an account"]
    assert values["pages"] == ["Search for “slow wifi”", "Log in"]
    assert values["searches"] == ["“slow wifi”"]
    assert values["language"] == ["English"]
    assert values["browser"] == ["An unknown browser"]
    raw = {item["key"]: [v.get("raw") for v in item["values"]] for item in ticket.context}
    assert raw["from"] == ["/auth/register"]
    assert raw["pages"] == ["/search?q=slow wifi", "/auth/login"]
    assert raw["browser"] == ["TestBrowser/1.0"]


def test_unticked_items_are_not_shared(client):
    client.get("/auth/login")
    client.get("/search?q=slow wifi")
    ticket = open_ticket(client, share=["language"])
    assert keys(ticket) == ["language"]
    assert "slow wifi" not in str(ticket.context)


def test_nothing_ticked_shares_nothing(client):
    client.get("/auth/login")
    assert open_ticket(client).context == []


def test_a_failed_submission_keeps_the_choices(client):
    client.get("/auth/login")
    page = client.post("/contact", data={"share": ["language"], "subject": ""}).text
    assert 'value="language" id="share-language" checked' in page
    assert 'value="pages" id="share-pages">' in page


def test_features_can_add_context_items(app, client):
    register_context_provider(
        app,
        lambda: [
            ContextItem("tutorial", "Tutorial step", [{"text": "Set up: step 3", "note": None}])
        ],
    )
    assert "Set up: step 3" in client.get("/contact").text
    ticket = open_ticket(client, share=["tutorial"])
    assert ticket.context[0]["values"][0]["text"] == "Set up: step 3"


def test_talk_to_human_link_never_carries_a_token(client, login):
    from portal.tickets.linking import make_link_token
    from portal.tickets.links import access_token
    from tests.factories import make_ticket

    ticket = make_ticket()
    page = client.get(f"/tickets/{ticket.ref}?token={access_token(ticket)}").text
    assert f'class="talk-to-human" href="/contact?from=/tickets/{ticket.ref}"' in page
    user = login()
    make_ticket(email=user.email)
    link_page = client.get(f"/tickets/link/{make_link_token(user)}").text
    assert 'class="talk-to-human" href="/contact">' in link_page
