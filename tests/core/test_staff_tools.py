"""The header's staff tools: each role finds its pages, customers find none of them."""

import re

import pytest


def staff_links(page: str) -> list[str]:
    """The link texts in the header's staff navigation, in order."""
    nav = re.search(r'<nav class="[^"]*staff-nav"[^>]*>(.*?)</nav>', page, re.S)
    if nav is None:
        return []
    return [
        re.sub(r"<[^>]+>|\s+", " ", text).strip()
        for text in re.findall(r"<a [^>]*>(.*?)</a>", nav[1], re.S)
    ]


@pytest.mark.parametrize(
    ("role", "tools"),
    [
        ("customer", []),
        ("editor", ["Editor", "Search insights", "Feedback inbox", "Feedback report", "Insights"]),
        (
            "agent",
            [
                "Agent console",
                "Chats",
                "Moderation",
                "Feedback inbox",
                "Feedback report",
                "Insights",
            ],
        ),
        (
            "admin",
            [
                "Editor",
                "Search insights",
                "Agent console",
                "Chats",
                "Moderation",
                "Feedback inbox",
                "Feedback report",
                "Insights",
            ],
        ),
    ],
)
def test_header_shows_each_role_its_tools_and_each_one_opens(client, login, role, tools):
    login(role)
    page = client.get("/kb/").text
    assert staff_links(page) == tools
    nav = page.split('class="container header-row staff-nav"', 1)[-1].split("</nav>")[0]
    urls = re.findall(r'href="([^"]+)"', nav) if tools else []
    assert len(urls) == len(tools)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_visitors_see_no_staff_tools(client):
    assert staff_links(client.get("/kb/").text) == []
    assert "Staff tools" not in client.get("/").text


def test_the_open_tool_is_marked_current_most_specific_first(client, login):
    login("editor")
    page = client.get("/editor/search-insights").text
    assert '<a href="/editor/search-insights" aria-current="page">' in page
    assert '<a href="/editor/" aria-current="page">' not in page


def test_staff_tools_are_translated(client, login):
    login("agent", locale="fil")
    page = client.get("/kb/").text
    assert 'aria-label="Mga tool ng staff"' in page
    links = staff_links(page)
    assert len(links) == 6 and "Inbox ng feedback" in links and "Moderasyon" in links
