"""Article drafts started from elsewhere (a solved ticket, a solved forum thread).

Staff start a draft from a conversation that answered a real question; an editor then
polishes and publishes it. Personal data is redacted before anything is stored.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.auth.models import User
from portal.editor.services import NoSlug, suggest_slug
from portal.extensions import db
from portal.kb.models import LANGUAGES, Article, Category
from portal.kb.services import ArticleFields, create_article

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Ticket references such as T-7KQ2M9XD (Crockford base32, 8 characters).
TICKET_REF = re.compile(r"\bT-[0-9A-Z]{8}\b", re.IGNORECASE)
# Phone numbers: +63 917 123 4567, 0917-123-4567, (02) 8123 4567, +1 415 555 0100 ...
# Seven or more digits, allowing spaces, dots, dashes and brackets between them.
PHONE = re.compile(
    r"(?<![\w-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d(?:[\s.-]?\d){6,13}(?!\w)"
)

EMAIL_MARK = "[email]"
PHONE_MARK = "[phone number]"
NAME_MARK = "[customer]"
REF_MARK = "[ticket]"


class NoCategory(Exception):
    """There is no knowledge-base category to put a draft in yet."""


def _name_patterns(names: list[str]) -> list[re.Pattern]:
    """Whole names first, then each part of three letters or more, case-insensitively."""
    parts: list[str] = []
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        parts.append(name)
        parts.extend(part for part in re.split(r"\s+", name) if len(part) >= 3)
    unique = sorted(set(parts), key=len, reverse=True)
    return [re.compile(rf"(?<!\w){re.escape(part)}(?!\w)", re.IGNORECASE) for part in unique]


def redact(text: str, names: list[str] | None = None) -> str:
    """Text with emails, phone numbers, ticket references and the given names masked."""
    text = EMAIL.sub(EMAIL_MARK, text or "")
    text = TICKET_REF.sub(REF_MARK, text)
    text = PHONE.sub(PHONE_MARK, text)
    for pattern in _name_patterns(names or []):
        text = pattern.sub(NAME_MARK, text)
    return text


def draft_body(question: str, answer: str, question_heading: str, answer_heading: str) -> str:
    """The Markdown of a draft: the question, then the answer, under headings."""
    return (
        f"## {question_heading}\n\n{question.strip()}\n\n## {answer_heading}\n\n{answer.strip()}\n"
    )


def default_category_id() -> int:
    """The first category in display order; drafts start there and editors move them."""
    category_id = db.session.scalar(
        select(Category.id).order_by(Category.position, Category.id).limit(1)
    )
    if category_id is None:
        raise NoCategory()
    return category_id


def start_draft(title: str, body_md: str, author: User, language: str = "en") -> Article:
    """Create a draft article (never published) for an editor to finish."""
    title = title.strip()[:200] or "Draft"
    try:
        slug = suggest_slug(title)
    except NoSlug:
        slug = suggest_slug("draft")
    fields = ArticleFields(
        title=title,
        slug=slug,
        category_id=default_category_id(),
        body_md=body_md,
        language=language if language in LANGUAGES else "en",
    )
    return create_article(fields, author, status="draft")
