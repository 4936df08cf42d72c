"""A small set of line icons, drawn in the text colour, for cards and the header's mark.

Each is inline SVG on a 24-unit grid, stroked with currentColor so CSS colours it, and
hidden from assistive technology: it decorates a title that says the same in words.
Category and tutorial cards choose theirs by the words of their slug (and a tutorial's
tags), so any operator's content gets fitting icons without setting anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

SHAPES = {
    # A speech bubble with a question mark: the portal's neutral mark when there is no logo.
    "mark": (
        '<path d="M6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H11l-4 3.5V16h-.5'
        'A2.5 2.5 0 0 1 4 13.5v-8A2.5 2.5 0 0 1 6.5 3z"/>'
        '<path d="M9.9 7.6a2.2 2.2 0 1 1 3 2.1c-.5.2-.9.7-.9 1.3v.3M12 13.6v.1"/>'
    ),
    "person": '<circle cx="12" cy="8" r="4"/><path d="M4 20.5c1.2-3.9 4.3-6 8-6s6.8 2.1 8 6"/>',
    "card": '<rect x="2.5" y="5" width="19" height="14" rx="2.5"/><path d="M2.5 10h19M6.5 15h4"/>',
    "box": (
        '<path d="M12 2.75 20.5 7v10L12 21.25 3.5 17V7z"/><path d="M3.5 7 12 11.25 20.5 7'
        'M12 11.25v10M7.75 4.9l8.5 4.25"/>'
    ),
    "mesh": (
        '<circle cx="12" cy="5" r="2.5"/><circle cx="5" cy="18" r="2.5"/>'
        '<circle cx="19" cy="18" r="2.5"/><path d="m10.8 7.2-4.6 8.6m7-8.6 4.6 8.6M7.5 18h9"/>'
    ),
    "people": (
        '<circle cx="9" cy="8" r="3.25"/><path d="M2.75 19.5c.9-3.3 3.3-5 6.25-5s5.35 1.7 '
        '6.25 5M15.5 5.1a3.25 3.25 0 0 1 0 5.8m2 3.8c1.7.6 3 2.2 3.75 4.8"/>'
    ),
    "lifebuoy": (
        '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="4"/>'
        '<path d="m5.6 5.6 3.6 3.6m5.6 5.6 3.6 3.6m0-12.8-3.6 3.6m-5.6 5.6-3.6 3.6"/>'
    ),
    "wifi": (
        '<path d="M2.5 9a14 14 0 0 1 19 0M5.5 12.5a9.5 9.5 0 0 1 13 0M8.75 16a4.75 4.75 0 0 1 '
        '6.5 0M12 19.5v.1"/>'
    ),
    "lock": (
        '<rect x="4.5" y="10.5" width="15" height="10" rx="2"/>'
        '<path d="M8 10.5v-3a4 4 0 0 1 8 0v3M12 14.5v2"/>'
    ),
    "book": (
        '<path d="M12 6.5C10 5 7.5 4.5 3.5 4.5v14c4 0 6.5.5 8.5 2 2-1.5 4.5-2 8.5-2v-14'
        'c-4 0-6.5.5-8.5 2zM12 6.5v14"/>'
    ),
    "steps": (
        '<path d="m4 6.5 1.5 1.5 3-3M4 12.5 5.5 14l3-3M4 18.5 5.5 20l3-3M11.5 6.5h8.5'
        'M11.5 12.5h8.5M11.5 18.5h8.5"/>'
    ),
}

# Words of a slug or tag, in English or Filipino, and the icon they call for.
KEYWORDS = {
    "person": "account accounts sign signin login password passwords profile",
    "card": "billing bill bills payment payments pay invoice invoices refund refunds "
    "subscription subscriptions plus trial plan plans pricing bayarin pagbabayad",
    "box": "order orders delivery deliveries shipping return returns exchange exchanges "
    "package parcel",
    "mesh": "mesh node nodes router routers setup install device devices",
    "people": "family guest guests parental kids children share sharing pamilya bisita",
    "lifebuoy": "troubleshooting troubleshoot fix fixes problem problems error errors",
    "wifi": "wifi internet connection connections speed slow signal network koneksyon",
    "lock": "privacy security secure safety safe lock data seguridad",
}
ICON_OF_WORD = {word: icon for icon, words in KEYWORDS.items() for word in words.split()}


def icon(name: str) -> Markup:
    """The icon as inline SVG, hidden from screen readers; the mark when the name is unknown."""
    if name not in SHAPES:
        name = "mark"
    # The shapes are this module's own constants, never anyone's input.
    return Markup(  # noqa: S704
        f'<svg class="icon icon-{name}" viewBox="0 0 24 24" width="24" height="24" fill="none" '
        'stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" '
        f'aria-hidden="true" focusable="false">{SHAPES[name]}</svg>'
    )


def icon_for(texts: Iterable[str], default: str) -> str:
    """The icon of the first word (of the slugs and tags given, in order) that has one."""
    for text in texts:
        for word in re.findall(r"[a-z]+", (text or "").lower().replace("wi-fi", "wifi")):
            if word in ICON_OF_WORD:
                return ICON_OF_WORD[word]
    return default


def card_icon(texts: Iterable[str], default: str) -> Markup:
    """The icon chosen for a card by the words of its slug and tags."""
    return icon(icon_for(texts, default))
