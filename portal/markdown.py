"""Markdown to sanitised HTML, in one place.

Rendering happens once, when content is saved; pages show the stored HTML. Raw HTML in the
source is allowed through Markdown and then cleaned by nh3, for editors too.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

log = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label",
    "li",
    "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "lang"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    **{tag: {"id"} for tag in HEADINGS},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Ids the page layout uses; a heading must not take one of them.
RESERVED_IDS = {"main", "talk-to-human", "header-q", "home-q", "content", "toc"}


def heading_slug(value: str, separator: str) -> str:
    """Anchor id for a heading: readable, and never one of the layout's ids."""
    slug = slugify_unicode(value, separator) or "section"
    return f"section-{slug}" if slug in RESERVED_IDS else slug


class _LinkAndImageTreeprocessor(Treeprocessor):
    """External links open safely; images load lazily."""

    def run(self, root):
        for element in root.iter("a"):
            host = urlsplit(element.get("href", "")).netloc
            if host:
                element.set("rel", self.md.link_rel)
        for element in root.iter("img"):
            element.set("loading", "lazy")


# Longest link target (with its title) looked for after "](": longer ones stay text.
MAX_LINK_TARGET = 2000
_BRACKETS = re.compile(r"[\[\]]")
# Python-Markdown's processors that look for "[text]"; the priorities are its own.
_BRACKET_PROCESSORS = {
    "link": 160,
    "image_link": 150,
    "reference": 140,
    "short_reference": 130,
    "image_reference": 125,
    "short_image_ref": 125,
}


def closing_brackets(text: str) -> dict[int, int]:
    """For each "[" that closes, where it closes, both counted from the end of the text.

    Counting from the end keeps the answer valid while Python-Markdown replaces what it
    has already parsed (the start of the text) with placeholders.
    """
    size, opened, pairs = len(text), [], {}
    for found in _BRACKETS.finditer(text):
        if found.group() == "[":
            opened.append(found.start())
        elif opened:
            pairs[size - opened.pop() - 1] = size - found.end()
    return pairs


class _LinearBrackets:
    """Finds the "]" that closes a "[" in one pass per text.

    Python-Markdown scans from every "[" to the end of the text when it is not closed, so
    `"[" * 20000` took minutes; the pairs are now found once (and kept while only the
    parsed start of the text changes), and a link target is looked for in a bounded span.
    """

    _text = ""
    _pairs: dict[int, int] = {}

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        """The text up to the "]" that closes the "[" before index, as Python-Markdown's."""
        from_end = len(data) - index
        if from_end > len(self._text) or not self._text.endswith(data[index:]):
            self._text, self._pairs = data, closing_brackets(data)
        closes = self._pairs.get(from_end)
        if closes is None:
            return "", len(data), False
        end = len(data) - closes
        return data[index : end - 1], end, True

    def getLink(self, data: str, index: int):
        """Python-Markdown's link target parsing, within MAX_LINK_TARGET characters."""
        window = data[: index + MAX_LINK_TARGET]
        if ")" not in window[index:]:
            return "", None, index, False
        return super().getLink(window, index)


def _bound_bracket_processors(md: markdown.Markdown) -> None:
    for name, priority in _BRACKET_PROCESSORS.items():
        if name not in md.inlinePatterns:
            continue
        old = md.inlinePatterns[name]
        bounded = type(f"Bounded{type(old).__name__}", (_LinearBrackets, type(old)), {})
        md.inlinePatterns.register(bounded(old.pattern, md), name, priority)


class _PortalExtension(Extension):
    def __init__(self, link_rel: str):
        super().__init__()
        self.link_rel = link_rel

    def extendMarkdown(self, md):
        md.link_rel = self.link_rel
        _bound_bracket_processors(md)
        md.treeprocessors.register(_LinkAndImageTreeprocessor(md), "portal_links", 0)


# Classes Markdown itself produces: code highlighting tokens, admonitions, task lists.
_SAFE_CLASS = re.compile(
    r"^(highlight|language-[a-z0-9+#-]{1,30}|[a-z]{1,3}[0-9]?|admonition(-title)?|note|tip"
    r"|warning|danger|caution|task-list(-item)?)\Z"
)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """Keep only checkbox inputs (task lists), and no heading id the layout uses."""
    if element == "input" and attribute == "type" and value != "checkbox":
        return None
    if attribute == "id" and value in RESERVED_IDS:
        return None
    return value


def _user_attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """Stricter for members' posts: no ids at all, and only the classes Markdown makes,
    so a post cannot dress itself up as part of the page."""
    if attribute == "id":
        return None
    if attribute == "class":
        kept = [name for name in value.split() if _SAFE_CLASS.match(name)]
        return " ".join(kept) or None
    return _attribute_filter(element, attribute, value)


@dataclass
class Rendered:
    html: str
    headings: list[dict] = field(default_factory=list)  # [{"level", "id", "name"}]
    text: str = ""  # plain text, for word counts and search


def _md(user_content: bool) -> markdown.Markdown:
    rel = "noopener nofollow ugc" if user_content else "noopener"
    return markdown.Markdown(
        extensions=[
            "tables",
            "admonition",
            "sane_lists",
            "pymdownx.superfences",
            "pymdownx.highlight",
            "pymdownx.tasklist",
            "pymdownx.tilde",
            "toc",
            _PortalExtension(rel),
        ],
        extension_configs={
            "pymdownx.highlight": {"css_class": "highlight", "guess_lang": False},
            "pymdownx.tasklist": {"custom_checkbox": False},
            "toc": {"slugify": heading_slug, "toc_depth": "2-3"},
        },
        output_format="html",
    )


# A task-list checkbox and the inline text after it, up to the first block boundary.
_TASK_ITEM = re.compile(
    r'(<input type="checkbox"[^>]*>)((?:[^<]|<(?!/?(?:li|p|ul|ol|div)\b))*)', re.IGNORECASE
)
_NON_CHECKBOX_INPUT = re.compile(r'<input(?![^>]*type="checkbox")[^>]*>')
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)([^>]*)>")


def sanitise(fragment: str, user_content: bool = False) -> str:
    """Clean HTML to the allow-list: no script, no event handler, no style, safe URLs."""
    clean = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_user_attribute_filter if user_content else _attribute_filter,
    )
    # Only task-list checkboxes may stay: any other input would be a form field in an article.
    clean = _NON_CHECKBOX_INPUT.sub("", clean)
    # An image nobody described is decoration to a screen reader, not an unnamed element.
    return _IMG_WITHOUT_ALT.sub(r'<img alt=""\1>', clean)


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        flat.append(
            {"level": token["level"], "id": token["id"], "name": html.unescape(token["name"])}
        )
        flat.extend(_flatten_toc(token.get("children", [])))
    return flat


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, without tags."""
    text = nh3.clean(fragment, tags=set(), attributes={})
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


# A "<" that another "<" follows before any ">": the HTML parser rescans the rest of the
# text for each one. Real posts have a few; thousands are an attack on the parser.
_UNCLOSED_TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?=<)")
_OPENING_TAG = re.compile(r"<[A-Za-z]")
_CLOSING_TAG = re.compile(r"</[A-Za-z]|/>")
MAX_UNCLOSED_TAGS = 200
MAX_UNBALANCED_TAGS = 500
# Quotes nested this deep are no conversation; each level re-parses the rest of the text.
_DEEP_QUOTE = re.compile(r"^(?:[ \t]*>){32}", re.MULTILINE)


def tangled_html(source: str) -> bool:
    """Whether the text would make rendering slow: unclosed or deeply nested tags or quotes.

    The HTML parsers' cost grows with the square of either, so such a text is shown as
    plain text instead; it takes one pass of C-speed regular expressions to find out.
    """
    if _DEEP_QUOTE.search(source):
        return True
    if source.count("<") < MAX_UNCLOSED_TAGS:
        return False
    unclosed = sum(1 for _ in _UNCLOSED_TAG.finditer(source))
    opened = sum(1 for _ in _OPENING_TAG.finditer(source))
    closed = sum(1 for _ in _CLOSING_TAG.finditer(source))
    return unclosed > MAX_UNCLOSED_TAGS or opened - closed > MAX_UNBALANCED_TAGS


# A box's default title ("!!! note" gives "Note") in the text's own language. The HTML is
# rendered once at save time, so the label follows the article's language, not the reader's;
# it is content, like the article's words, hence not in the UI's message catalogue (where
# "Note" is an agent's internal note).
ADMONITION_TITLES = {
    "fil": {
        "note": "Paalala",
        "tip": "Tip",
        "warning": "Babala",
        "danger": "Panganib",
        "caution": "Mag-ingat",
        "important": "Mahalaga",
        "info": "Impormasyon",
        "hint": "Pahiwatig",
    },
}
_ADMONITION_TITLE = re.compile(
    r'(<div class="admonition ([a-z]+)">\s*<p class="admonition-title">)([^<]*)(</p>)'
)


def _translate_admonition_titles(body: str, language: str) -> str:
    """Default box titles in the text's language; a title the author wrote stays as written."""
    titles = ADMONITION_TITLES.get(language)
    if not titles:
        return body

    def title(match: re.Match) -> str:
        kind, shown = match[2], match[3]
        if shown == kind.capitalize() and kind in titles:
            shown = titles[kind]
        return f"{match[1]}{shown}{match[4]}"

    return _ADMONITION_TITLE.sub(title, body)


def render(source: str, *, user_content: bool = False, language: str = "en") -> Rendered:
    """Render Markdown to sanitised HTML with its headings; malformed input never raises.

    language is the text's own: it names the boxes ("!!! note") in that language.
    """
    md = _md(user_content)
    source = source or ""
    body, headings = f"<pre>{html.escape(source)}</pre>", []
    if tangled_html(source):
        log.warning("raw HTML too tangled to parse in time; showing it as text")
    else:
        try:
            body = md.convert(source)
            headings = _flatten_toc(getattr(md, "toc_tokens", []))
        except Exception:
            log.exception("Markdown could not be rendered; showing it as text")
    # Wrap each task-list checkbox with its text in a label, so it has an accessible name.
    body = _TASK_ITEM.sub(r"<label>\1\2</label>", body)
    body = _translate_admonition_titles(body, language)
    clean = sanitise(body, user_content=user_content)
    return Rendered(html=clean, headings=headings, text=plain_text(clean))


def render_markdown(source: str, *, user_content: bool = False) -> str:
    """Just the sanitised HTML of a Markdown text."""
    return render(source, user_content=user_content).html
