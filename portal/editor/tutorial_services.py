"""Editor operations on tutorials: the list, saving the text with a status, revisions."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.content.translations import pair
from portal.content.versions import claim_version
from portal.editor import revisions, services
from portal.extensions import db
from portal.tutorials.content import ParsedTutorial, apply_parsed, body_text, parse_body
from portal.tutorials.models import DIFFICULTIES, Tutorial, TutorialRevision
from portal.tutorials.revisions import add_revision

# What the form edits besides the text: the ParsedTutorial fields a tutorial row stores.
FORM_FIELDS = ("title", "slug", "summary", "minutes", "difficulty", "language", "tags", "status")


class TutorialSlugTaken(Exception):
    """Another tutorial has this slug."""


class StaleTutorial(Exception):
    """The tutorial changed since the editor opened it."""

    def __init__(self, current: Tutorial):
        super().__init__("The tutorial changed since you opened it.")
        self.current = current


@dataclass
class TutorialFilters:
    status: str = ""
    language: str = ""
    difficulty: str = ""
    text: str = ""

    def as_args(self) -> dict:
        """The filters as query-string arguments, empty ones left out."""
        values = {
            "status": self.status,
            "language": self.language,
            "difficulty": self.difficulty,
            "q": self.text,
        }
        return {key: value for key, value in values.items() if value}


@dataclass
class TutorialPage:
    rows: list[Tutorial]
    page: int
    pages: int
    total: int


def list_tutorials(
    filters: TutorialFilters, page: int = 1, per_page: int = services.PER_PAGE
) -> TutorialPage:
    """One page of tutorials matching the filters, newest change first."""
    conditions = services.common_conditions(
        Tutorial, filters.status, filters.language, filters.text
    )
    if filters.difficulty in DIFFICULTIES:
        conditions.append(Tutorial.difficulty == filters.difficulty)
    total, page, pages = services.count_pages(Tutorial, conditions, page, per_page)
    rows = db.session.scalars(
        select(Tutorial)
        .where(*conditions)
        .order_by(Tutorial.updated_at.desc(), Tutorial.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return TutorialPage(rows=list(rows), page=page, pages=pages, total=total)


def get_tutorial(tutorial_id: int) -> Tutorial:
    """The tutorial with that id and its steps, or 404."""
    tutorial = db.session.scalar(
        select(Tutorial).where(Tutorial.id == tutorial_id).options(joinedload(Tutorial.translation))
    )
    return tutorial or abort(404)


def translation_choices(tutorial: Tutorial | None) -> list[tuple[int, str]]:
    """Tutorials that could be this one's translation."""
    return services.translation_choices(tutorial, Tutorial)


def parse_text(form_fields: dict, body: str) -> ParsedTutorial:
    """The editor's fields and text as a parsed tutorial; FileProblem if the text is not valid."""
    intro, steps = parse_body(body)
    return ParsedTutorial(**form_fields, translation=None, intro_md=intro, steps=steps)


def save_tutorial(
    tutorial: Tutorial | None,
    parsed: ParsedTutorial,
    author: User,
    *,
    action: str = "save",
    expected_version: int | None = None,
    translation_id: int | None = None,
    note: str = "",
) -> Tutorial:
    """Create or update a tutorial from the editor, with a revision when its text changed.

    Raises StaleTutorial, TutorialSlugTaken, NoSlug or TranslationInvalid before writing.
    Browser edits change the tutorial's digest, so `flask content sync` reports a conflict
    instead of overwriting them.
    """
    if not parsed.slug:
        own = tutorial.id if tutorial else None
        parsed = replace(parsed, slug=services.suggest_slug(parsed.title, own, Tutorial))
    clash = db.session.scalar(select(Tutorial.id).where(Tutorial.slug == parsed.slug))
    if clash is not None and (tutorial is None or clash != tutorial.id):
        raise TutorialSlugTaken(parsed.slug)
    other = services.find_translation(tutorial, parsed.language, translation_id, Tutorial)
    status = services.ACTION_STATUS.get(action)
    if tutorial is None:
        tutorial = Tutorial(slug=parsed.slug, author_id=author.id)
        db.session.add(tutorial)
        apply_parsed(tutorial, replace(parsed, status=status or "draft"))
        db.session.flush()
        changed, note = True, "created"
    else:
        if expected_version is not None and tutorial.version != expected_version:
            raise StaleTutorial(tutorial)
        before = (tutorial.title, body_text(tutorial))
        if not db.session.scalar(
            select(TutorialRevision.id).where(TutorialRevision.tutorial_id == tutorial.id).limit(1)
        ):
            # A tutorial from a file before revisions existed: keep its first version too.
            add_revision(tutorial, before[1], None, note="synced from file")
        apply_parsed(tutorial, replace(parsed, status=status or tutorial.status))
        changed = before != (tutorial.title, body_text(tutorial))
        if not claim_version(tutorial):
            raise StaleTutorial(db.session.get(Tutorial, tutorial.id))
    if tutorial.translation is not other:
        pair(tutorial, other)
    if changed:
        add_revision(tutorial, body_text(tutorial), author, note=note)
    db.session.commit()
    return tutorial


def revisions_of(tutorial: Tutorial) -> list[TutorialRevision]:
    """Every revision of a tutorial, newest first."""
    return revisions.history(TutorialRevision.tutorial_id, tutorial.id)


def get_revision(tutorial: Tutorial, number: int) -> TutorialRevision:
    """One revision of the tutorial by its number, or 404."""
    return revisions.one_revision(TutorialRevision.tutorial_id, tutorial.id, number)


def restore_revision(tutorial: Tutorial, revision: TutorialRevision, author: User) -> bool:
    """Bring back a revision's title and text as a new revision; False if identical.

    A revision whose text no longer parses raises FileProblem and changes nothing.
    """
    if (tutorial.title, body_text(tutorial)) == (revision.title, revision.body_md):
        return False
    fields = {name: getattr(tutorial, name) for name in FORM_FIELDS}
    parsed = parse_text({**fields, "title": revision.title}, revision.body_md)
    save_tutorial(
        tutorial,
        parsed,
        author,
        translation_id=tutorial.translation_id,
        note=revisions.RESTORE_NOTE.format(number=revision.number),
    )
    return True
