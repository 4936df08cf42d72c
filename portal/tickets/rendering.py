"""Ticket messages as safe HTML: escaped plain text, paragraphs, line breaks, links."""

from __future__ import annotations

import re

from markupsafe import escape

# Stop a link at whitespace or at characters that rarely end a URL in prose.
URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def _autolink(text: str) -> str:
    parts = []
    last = 0
    for match in URL.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        url = escape(match.group(0))
        parts.append(f'<a href="{url}" rel="nofollow noopener noreferrer">{url}</a>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    return "".join(parts)


def render_message(text: str) -> str:
    """Render what a customer or agent wrote as HTML; everything they typed is escaped."""
    text = text.replace("\r\n", "\n").strip()
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br>\n".join(_autolink(line) for line in p.split("\n")) + "</p>\n"
        for p in paragraphs
    )
