"""Category and tutorial cards carry a small icon chosen by the words of their slug and tags."""

from __future__ import annotations

import re

from tests.factories import make_article, make_category, make_tutorial


def test_category_and_tutorial_cards_carry_icons_chosen_by_their_words(client):
    billing = make_category(name="Billing", slug="billing-and-payments")
    other = make_category(name="Odds and ends", slug="odds-and-ends")
    make_article(category=billing)
    make_article(category=other)
    make_tutorial(slug="speed-up-slow-wifi")
    make_tutorial(slug="first-steps", tags="[guest-network]")
    make_tutorial(slug="the-basics")

    kb = client.get("/kb/").text
    cards = re.findall(
        r'<li class="card">\s*<span class="card-icon"><svg class="icon (icon-\w+)"', kb
    )
    assert cards == ["icon-card", "icon-book"]
    assert kb.count('aria-hidden="true" focusable="false"') >= 2
    tutorials = client.get("/tutorials/").text
    for icon in ("icon-wifi", "icon-people", "icon-steps"):
        assert f'<svg class="icon {icon}"' in tutorials
