"""The answer bot: the best passage from the help centre for a question, or an honest "no".

It only ever quotes what search finds in published articles, tutorials and solved forum
threads, through the search feature's public API (`portal.search.api`, the same retrieval as
/search), so better retrieval there makes better answers here without a change. It never
writes an answer of its own, and quotes a passage only when it shares the question's words.
Customers talk to it, so it searches what the public may read, never staff-only pages.
"""

from __future__ import annotations

import html
import logging
import re

from portal.search import api

log = logging.getLogger(__name__)

QUOTE_CHARS = 240
MORE_LINKS = 3
CANDIDATES = 8
MARKED = re.compile(r"<mark>(.*?)</mark>", re.S)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")
# Words that carry no meaning for deciding whether a passage answers a question.
FILLER = frozenset(
    re.findall(
        r"\S+",
        """a an and are am be can could do does did for from get got have has how i i'm if in
    is it its me my of on or our please so that the this to was what when where which who
    why will with you your hi hello help need want there not no yes ko ang ng sa mga na
    po ba paano bakit ano si ni kay ako ikaw siya ito iyan yung lang din rin naman""",
    )
)


def _text(fragment_html: str) -> str:
    """Plain text of a highlighted fragment (<mark> and entities removed)."""
    return html.unescape(TAG.sub("", fragment_html)).strip()


def _content_words(question: str) -> set[str]:
    return {w for w in WORD.findall(question.lower()) if w not in FILLER and len(w) > 1}


def _same_word(a: str, b: str) -> bool:
    """Loose stem match: "resetting" and "reset", "lights" and "light"."""
    stem = min(len(a), len(b), 5)
    return a[:stem] == b[:stem] and min(len(a), len(b)) >= min(3, max(len(a), len(b)))


def relevant(question: str, hit) -> bool:
    """Whether a hit matches enough of the question's meaningful words to be worth quoting."""
    wanted = _content_words(question)
    if not wanted:
        return False
    marked = {
        w.lower()
        for fragment in MARKED.findall(f"{hit.title_html} {hit.snippet_html}")
        for w in WORD.findall(_text(fragment))
    }
    found = {w for w in wanted if any(_same_word(w, m) for m in marked)}
    # One meaningful word of one or two; at least half of a longer question's.
    return len(found) >= max(1, (len(wanted) + 1) // 2)


def _shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"


def answer(question: str, locale: str) -> dict:
    """A bot answer: {"found": True, "title", "url", "section", "quote", "links"} or found False."""
    text = re.sub(r"\s+", " ", "".join(ch if ch.isprintable() else " " for ch in question))
    text = text.strip()[:200]
    if len(text) < 2:
        return {"found": False}
    query = api.SearchQuery(text=text, per_page=CANDIDATES, locale=locale)
    try:
        outcome = api.search(query)
    except Exception:
        log.exception("the chat bot could not search")
        return {"found": False}
    if outcome.unavailable:
        return {"found": False}
    hits = [hit for hit in outcome.results.hits if relevant(text, hit)]
    if not hits:
        return {"found": False}
    best, others = hits[0], hits[1:]
    seen = {best.url.split("#")[0]}
    links = []
    for hit in others:
        page = hit.url.split("#")[0]
        if page in seen:
            continue
        seen.add(page)
        links.append({"title": hit.title, "url": hit.url})
        if len(links) == MORE_LINKS:
            break
    return {
        "found": True,
        "title": best.title,
        "url": best.url,
        "section": best.section or "",
        "kind": best.kind,
        "quote": _shorten(_text(best.snippet_html)),
        "links": links,
    }


def answer_text(data: dict) -> str:
    """A bot answer as plain text, for transcripts and tickets (links written out)."""
    if not data or not data.get("found"):
        return "-"
    heading = data["title"] + (f" ({data['section']})" if data.get("section") else "")
    lines = [f"{heading}: “{data['quote']}”", data["url"]]
    lines += [f"- {link['title']}: {link['url']}" for link in data.get("links", [])]
    return "\n".join(lines)
