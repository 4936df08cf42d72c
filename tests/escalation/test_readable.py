"""/contact in words: pages by their titles, browsers by name, and a topic only when known."""

import re

import pytest

from portal.escalation.readable import browser_name
from portal.extensions import db
from portal.tickets.models import Ticket
from tests.factories import make_article, make_category, make_ticket, make_tutorial

CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (CHROME_LINUX, "Chrome on Linux"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.5 Safari/605.1.15",
            "Safari on macOS",
        ),
        ("curl/8.5", "An unknown browser"),
    ],
)
def test_browsers_are_named_in_words(app, agent, name):
    with app.test_request_context():
        assert browser_name(agent) == name


def _selected_topic(page):
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', page)
    return (found[1] or found[2]) if found else None


def test_no_topic_is_chosen_for_the_visitor_by_default(client):
    page = client.get("/contact?from=/").text
    assert _selected_topic(page) in (None, "")
    assert "Choose a topic" in page


def test_the_topic_follows_the_articles_category(client):
    billing = make_category(name="Billing and payments", slug="billing-and-payments")
    make_article(title="Charged twice for one order", slug="charged-twice", category=billing)
    page = client.get("/contact?from=/kb/charged-twice").text
    assert _selected_topic(page) == "billing"


def test_a_sub_category_takes_its_top_categorys_topic(client):
    top = make_category(name="Troubleshooting", slug="troubleshooting")
    wifi = make_category(name="Wi-Fi problems", slug="wifi-connection-problems", parent=top)
    page = client.get(f"/contact?from=/kb/category/{wifi.slug}").text
    assert _selected_topic(page) == "connection"
    assert "Wi-Fi problems" in page


def test_a_category_without_a_topic_leaves_the_choice_open(client):
    account = make_category(name="Account", slug="account-and-sign-in")
    make_article(title="Change your password", slug="password", category=account)
    assert _selected_topic(client.get("/contact?from=/kb/password").text) in (None, "")


def test_a_search_filtered_by_category_chooses_its_topic(client):
    page = client.get("/contact?from=/search%3Fq%3Drefund%26category%3Dbilling-and-payments").text
    assert _selected_topic(page) == "billing"
    assert "Search for “refund”" in page


def test_a_ticket_without_a_topic_is_refused_with_a_field_error_and_keeps_the_text(client, login):
    login()
    response = client.post(
        "/contact", data={"subject": "Charged twice", "message": "Two payments on my card."}
    )
    assert response.status_code == 200
    assert "Choose the topic closest to your question." in response.text
    assert 'aria-invalid="true"' in response.text
    assert "Two payments on my card." in response.text
    assert db.session.scalar(db.select(Ticket)) is None


def test_the_customer_reads_titles_and_a_browser_name_not_paths(client):
    make_article(title="The orange light on a node", slug="orange-light")
    tutorial = make_tutorial(slug="set-up", title="Set up the mesh")
    client.get("/kb/orange-light")
    client.get(f"/tutorials/{tutorial.slug}/2")
    client.get("/search?q=orange light")
    page = client.get("/contact?from=/kb/orange-light", headers={"User-Agent": CHROME_LINUX}).text
    shared = page.split('class="shared-context"')[1].split("</fieldset>")[0]
    assert "The orange light on a node" in shared
    assert "Set up the mesh › 2." in shared
    assert "“orange light”" in shared
    assert "Chrome on Linux" in shared
    assert "/kb/orange-light" not in shared and "/tutorials/" not in shared
    assert "Mozilla" not in shared


def test_agents_read_the_same_words_and_the_raw_detail_behind_a_disclosure(client, login):
    context = [
        {
            "key": "from",
            "label": "The page you came from",
            "values": [
                {"text": "The orange light on a node", "note": None, "raw": "/kb/orange-light"}
            ],
        },
        {
            "key": "browser",
            "label": "Browser",
            "values": [{"text": "Chrome on Linux", "note": None, "raw": CHROME_LINUX}],
        },
        {"key": "language", "label": "Language", "values": [{"text": "English", "note": None}]},
    ]
    ticket = make_ticket(context=context)
    login("agent")
    page = client.get(f"/agent/tickets/{ticket.ref}").text
    panel = page.split('id="context-heading"')[1].split("</section>")[0]
    assert "The orange light on a node" in panel and "Chrome on Linux" in panel
    details = panel.split("<details")[1:]
    assert len(details) == 2  # nothing raw behind "English"
    assert "<code>/kb/orange-light</code>" in details[0]
    assert CHROME_LINUX in details[1]
