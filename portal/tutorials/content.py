"""Tutorials as Markdown files: each `## ` heading starts a step; a step may end with a
fenced ```checkpoint block of YAML (a multiple-choice question or a yes/no check)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.clock import utcnow
from portal.content import files as front_matter
from portal.content import sync
from portal.content.files import FileProblem
from portal.content.versions import claim_version
from portal.extensions import db
from portal.kb.models import LANGUAGES, STATUSES
from portal.markdown import render
from portal.tutorials.models import DIFFICULTIES, Tutorial, TutorialStep
from portal.tutorials.revisions import add_revision

FIELDS = (
    "title",
    "slug",
    "summary",
    "minutes",
    "difficulty",
    "language",
    "translation",
    "tags",
    "status",
)
STEP_SPLIT = re.compile(r"^## +(.+?)\s*#*\s*$", re.MULTILINE)
CHECKPOINT = re.compile(r"```checkpoint[ \t]*\r?\n(.*?)\r?\n```[ \t]*\s*\Z", re.DOTALL)
MAX_STEPS = 30


@dataclass
class ParsedStep:
    """One step of a tutorial file: its heading, text and checkpoint."""

    title: str
    body_md: str
    checkpoint: dict[str, Any] | None


@dataclass
class ParsedTutorial:
    """A tutorial file read and checked."""

    title: str
    slug: str
    summary: str
    minutes: int
    difficulty: str
    language: str
    tags: list[str]
    status: str
    translation: str | None
    intro_md: str
    steps: list[ParsedStep] = field(default_factory=list)

    def digest(self) -> str:
        """A fingerprint of everything the file says."""
        payload = json.dumps(
            [
                self.title, self.slug, self.summary, self.minutes, self.difficulty, self.language,
                sorted(self.tags), self.status, self.translation, self.intro_md,
                [[s.title, s.body_md, s.checkpoint] for s in self.steps],
            ],
            ensure_ascii=False,
            sort_keys=True,
        )  # fmt: skip
        return hashlib.sha256(payload.encode()).hexdigest()


def parse_checkpoint(block: str, step_title: str) -> dict[str, Any]:
    """Check a checkpoint's YAML and return it in the stored shape."""
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        raise FileProblem(f"step {step_title!r}: checkpoint is not valid YAML") from exc
    if not isinstance(data, dict) or not isinstance(data.get("question"), str):
        raise FileProblem(f"step {step_title!r}: a checkpoint needs a question")
    explanation = str(data.get("explanation") or "")
    if data.get("type") == "confirm":
        return {"type": "confirm", "question": data["question"], "explanation": explanation}
    options = data.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 6:
        raise FileProblem(f"step {step_title!r}: a question needs 2 to 6 options")
    answer = data.get("answer")
    if not isinstance(answer, int) or not 1 <= answer <= len(options):
        raise FileProblem(f"step {step_title!r}: answer must be the number of the right option")
    return {
        "type": "choice",
        "question": data["question"],
        "options": [str(option) for option in options],
        "answer": answer,
        "explanation": explanation,
    }


def split_steps(body: str) -> tuple[str, list[ParsedStep]]:
    """The introduction and the steps of a tutorial body."""
    parts = STEP_SPLIT.split(body)
    intro, rest = parts[0].strip(), parts[1:]
    steps = []
    for title, text in zip(rest[::2], rest[1::2], strict=True):
        checkpoint = None
        text = text.strip()
        match = CHECKPOINT.search(text)
        if match:
            checkpoint = parse_checkpoint(match.group(1), title)
            text = text[: match.start()].rstrip()
        elif "```checkpoint" in text:
            raise FileProblem(f"step {title!r}: a checkpoint must be the last thing in its step")
        steps.append(ParsedStep(title=title.strip(), body_md=text, checkpoint=checkpoint))
    return intro, steps


def parse_body(body: str) -> tuple[str, list[ParsedStep]]:
    """The introduction and checked steps of a tutorial's text (the file without front matter)."""
    intro, steps = split_steps(body.replace("\r\n", "\n"))
    if not steps:
        raise FileProblem("a tutorial needs at least one step: start each with a '## ' heading")
    if len(steps) > MAX_STEPS:
        raise FileProblem(f"a tutorial has at most {MAX_STEPS} steps")
    return intro, steps


def checkpoint_text(checkpoint: dict[str, Any]) -> str:
    """A stored checkpoint as the YAML of its fenced block, so it parses back the same."""
    if checkpoint.get("type") == "confirm":
        data = {"type": "confirm", "question": checkpoint["question"]}
    else:
        data = {
            "question": checkpoint["question"],
            "options": list(checkpoint.get("options") or []),
            "answer": checkpoint.get("answer"),
        }
    if checkpoint.get("explanation"):
        data["explanation"] = checkpoint["explanation"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")


def body_text(tutorial: Tutorial | ParsedTutorial) -> str:
    """A tutorial's introduction and steps as one text in the file format."""
    parts = [tutorial.intro_md.strip()] if tutorial.intro_md.strip() else []
    for step in tutorial.steps:
        parts.append(f"## {step.title}")
        if step.body_md.strip():
            parts.append(step.body_md.strip())
        if step.checkpoint:
            parts.append(f"```checkpoint\n{checkpoint_text(step.checkpoint)}\n```")
    return "\n\n".join(parts) + "\n"


def parse_tutorial(text: str) -> ParsedTutorial:
    """Read a tutorial file's text and check it."""
    meta, body = front_matter.split_front_matter(text, FIELDS)
    slug = front_matter.slug_field(meta)
    language = front_matter.choice_field(meta, "language", LANGUAGES, "en")
    status = front_matter.choice_field(meta, "status", STATUSES, "published")
    difficulty = front_matter.text_field(meta, "difficulty", required=False) or "beginner"
    if difficulty not in DIFFICULTIES:
        raise FileProblem(f"difficulty must be one of {', '.join(DIFFICULTIES)}")
    minutes = meta.get("minutes", 5)
    if not isinstance(minutes, int) or not 1 <= minutes <= 600:
        raise FileProblem("minutes must be a whole number of minutes")
    tags = front_matter.tags_field(meta, "[setup, app]")
    intro, steps = parse_body(body)
    return ParsedTutorial(
        title=front_matter.text_field(meta, "title", limit=200),
        slug=slug,
        summary=front_matter.text_field(meta, "summary", required=False),
        minutes=minutes,
        difficulty=difficulty,
        language=language,
        tags=sorted({t.strip().lower() for t in tags if t.strip()}),
        status=status,
        translation=front_matter.text_field(meta, "translation", required=False, limit=160) or None,
        intro_md=intro,
        steps=steps,
    )


def current_digest(tutorial: Tutorial) -> str:
    """The digest of a tutorial as it is in the database now."""
    return ParsedTutorial(
        title=tutorial.title,
        slug=tutorial.slug,
        summary=tutorial.summary,
        minutes=tutorial.minutes,
        difficulty=tutorial.difficulty,
        language=tutorial.language,
        tags=sorted(tutorial.tags or []),
        status=tutorial.status,
        translation=tutorial.translation.slug if tutorial.translation else None,
        intro_md=tutorial.intro_md,
        steps=[ParsedStep(s.title, s.body_md, s.checkpoint) for s in tutorial.steps],
    ).digest()


def apply_parsed(tutorial: Tutorial, parsed: ParsedTutorial) -> None:
    """Copy a parsed tutorial onto the model, rendering its Markdown once."""
    content_changed = (
        tutorial.title != parsed.title
        or tutorial.intro_md != parsed.intro_md
        or [(s.title, s.body_md, s.checkpoint) for s in tutorial.steps]
        != [(s.title, s.body_md, s.checkpoint) for s in parsed.steps]
    )
    tutorial.slug = parsed.slug
    tutorial.title = parsed.title
    tutorial.summary = parsed.summary
    tutorial.minutes = parsed.minutes
    tutorial.difficulty = parsed.difficulty
    language_changed = tutorial.language != parsed.language
    tutorial.language = parsed.language
    tutorial.tags = parsed.tags
    tutorial.status = parsed.status
    tutorial.intro_md = parsed.intro_md
    tutorial.intro_html = render(parsed.intro_md, language=parsed.language).html
    existing = {step.position: step for step in tutorial.steps}
    for position, step in enumerate(parsed.steps, start=1):
        row = existing.pop(position, None) or TutorialStep(position=position)
        if row.body_md != step.body_md or language_changed or not row.body_html:
            row.body_html = render(step.body_md, language=parsed.language).html
        row.title, row.body_md, row.checkpoint = step.title, step.body_md, step.checkpoint
        if row not in tutorial.steps:
            tutorial.steps.append(row)
    for leftover in existing.values():
        tutorial.steps.remove(leftover)
    now = utcnow()
    tutorial.updated_at = now
    if content_changed:
        tutorial.content_changed_at = now


class TutorialFiles:
    """Tutorials as files in tutorials/<slug>.md."""

    name = "tutorials"
    model = Tutorial

    def files(self, directory: Path) -> list[Path]:
        """The tutorial files of a content folder, in a stable order."""
        return sorted((directory / "tutorials").glob("*.md"))

    def prepare(self, directory: Path, report: sync.SyncReport) -> None:
        """Tutorials refer to nothing that needs syncing first."""

    def parse(self, path: Path) -> ParsedTutorial:
        """Read and check one tutorial file."""
        return parse_tutorial(front_matter.read_text(path))

    def create(self, item: ParsedTutorial) -> Tutorial:
        """Create the tutorial with its first revision."""
        tutorial = Tutorial(slug=item.slug)
        db.session.add(tutorial)
        apply_parsed(tutorial, item)
        db.session.flush()
        add_revision(tutorial, body_text(tutorial), None, note="created")
        return tutorial

    def update(self, row: Tutorial, item: ParsedTutorial) -> None:
        """Apply the file to the tutorial, with a revision when its text changed."""
        content_changed = (row.title, body_text(row)) != (item.title, body_text(item))
        apply_parsed(row, item)
        if not claim_version(row):
            raise sync.VersionConflict(item.slug)
        if content_changed:
            add_revision(row, body_text(row), None, note="synced from file")

    current_digest = staticmethod(current_digest)

    def archive(self, row: Tutorial) -> None:
        """Archive a tutorial whose file is gone."""
        row.status = "archived"

    def export_rows(self, directory: Path) -> list[Tutorial]:
        """Every tutorial with its steps."""
        query = select(Tutorial).options(selectinload(Tutorial.steps)).order_by(Tutorial.slug)
        return list(db.session.scalars(query))

    def path_for(self, row: Tutorial) -> Path:
        """tutorials/<slug>.md."""
        return Path("tutorials") / f"{row.slug}.md"

    def file_text(self, row: Tutorial) -> str:
        """A tutorial as a Markdown file: front matter, then its introduction and steps."""
        meta = {
            "title": row.title,
            "slug": row.slug,
            "summary": row.summary,
            "minutes": row.minutes,
            "difficulty": row.difficulty,
            "language": row.language,
            "translation": row.translation.slug if row.translation else None,
            "tags": sorted(row.tags or []),
            "status": row.status,
        }
        meta = {key: value for key, value in meta.items() if value not in (None, "", [])}
        return front_matter.file_text(meta, body_text(row))


def sync_tutorials(directory: Path, progress: sync.Progress | None = None) -> sync.SyncReport:
    """Import and update tutorials from directory/tutorials; keep browser edits."""
    return sync.sync(TutorialFiles(), directory, progress)


def export_tutorials(directory: Path) -> int:
    """Write every tutorial to directory/tutorials/<slug>.md; sync then finds them unchanged."""
    return sync.export(TutorialFiles(), directory)
