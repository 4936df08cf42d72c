"""Markdown to sanitised HTML, in one place.

Python-Markdown (with pymdown-extensions) renders; nh3 then keeps only an explicit
allow-list of tags, attributes and URL schemes. Rendering happens when text is saved;
pages show the stored HTML.
"""

from __future__ import annotations

import re

import markdown
import nh3

EXTENSIONS = [
    "tables",
    "sane_lists",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.tilde",
    "pymdownx.magiclink",
]

EXTENSION_CONFIGS = {
    # CSS classes (styled in portal.css), never inline styles: the CSP forbids those.
    "pymdownx.highlight": {
        "use_pygments": True,
        "noclasses": False,
        "css_class": "highlight",
        "guess_lang": False,
    },
    "pymdownx.magiclink": {"hide_protocol": False},
}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "code": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "span": {"class"},
}

URL_SCHEMES = {"http", "https", "mailto"}

# Pygments token classes ("k", "nf", "s2"...), "highlight" and "language-xyz".
_SAFE_CLASS = re.compile(r"^(highlight|language-[a-z0-9+#-]{1,30}|[a-z]{1,3}[0-9]?)$")
# Drop the tags themselves *and* their content.
CLEAN_CONTENT_TAGS = {"script", "style", "iframe", "object", "embed", "template", "noscript"}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep only class names that the code highlighter produces."""
    if attribute != "class":
        return value
    kept = [name for name in value.split() if _SAFE_CLASS.match(name)]
    return " ".join(kept) or None


def sanitise_html(html: str, *, user_content: bool = True) -> str:
    """Clean HTML down to the allow-list; links from users get rel="noopener nofollow ugc"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow ugc" if user_content else "noopener",
        strip_comments=True,
    )


def render_markdown(text: str, *, user_content: bool = True) -> str:
    """Render Markdown to HTML that is safe to show as is."""
    html = markdown.markdown(
        text or "",
        extensions=EXTENSIONS,
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    return sanitise_html(html, user_content=user_content)
