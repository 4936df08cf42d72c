"""Syncing a folder of content files into the database, and exporting it back.

A kind of content (articles, tutorials) says how to find, parse, create, update, archive and
write its files; everything else (what counts as changed, what is a conflict with a browser
edit, translations, archiving files that are gone) happens here, the same way for every kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from portal.content.files import FileProblem
from portal.content.translations import pair
from portal.extensions import db

Progress = Callable[[Iterable[Path]], Iterable[Path]]


class VersionConflict(Exception):
    """Someone saved the row while the file was being imported."""


class Parsed(Protocol):
    """A content file read and checked: its slug, the slug of its translation, its digest."""

    @property
    def slug(self) -> str:
        """The slug the file gives."""
        ...

    @property
    def translation(self) -> str | None:
        """The slug of the translation the file names, if any."""
        ...

    def digest(self) -> str:
        """A fingerprint of everything the file says."""
        ...


class ContentKind(Protocol):
    """What one kind of content file (articles, tutorials) supplies to sync and export.

    model has slug, status, translation, source_path and source_digest columns.
    """

    name: str
    model: Any

    def files(self, directory: Path) -> list[Path]:
        """The files of this kind in a content folder, in a stable order."""
        ...

    def prepare(self, directory: Path, report: SyncReport) -> None:
        """Sync what the files refer to (categories) before the files themselves."""
        ...

    def parse(self, path: Path) -> Parsed:
        """Read and check one file; FileProblem if it cannot be imported."""
        ...

    def create(self, item: Any) -> Any:
        """Create the row of a new file with its first revision; FileProblem if refused."""
        ...

    def update(self, row: Any, item: Any) -> None:
        """Apply a changed file to its row; FileProblem if refused, VersionConflict if raced."""
        ...

    def current_digest(self, row: Any) -> str:
        """The digest the row would have as a file now."""
        ...

    def archive(self, row: Any) -> None:
        """Archive a row whose file is gone."""
        ...

    def export_rows(self, directory: Path) -> list[Any]:
        """Write what the files refer to (categories) and return the rows to write as files."""
        ...

    def path_for(self, row: Any) -> Path:
        """Where a row's file goes, relative to the content folder."""
        ...

    def file_text(self, row: Any) -> str:
        """A row as a content file."""
        ...


@dataclass
class SyncReport:
    """What a sync did to each file: slugs created, updated, unchanged and archived."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (path, slug)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, problem)

    @property
    def ok(self) -> bool:
        """True when every file was imported."""
        return not self.errors and not self.conflicts

    def summary(self) -> str:
        """One line of counts."""
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.archived)} archived, "
            f"{len(self.conflicts)} conflicts, {len(self.errors)} errors"
        )

    def problems(self) -> list[str]:
        """Each error and each kept browser edit as one line, for the demo's output."""
        problems = [f"{path}: {problem}" for path, problem in self.errors]
        return problems + [f"{path}: edited in the browser, kept" for path, _ in self.conflicts]


def sync(kind: ContentKind, directory: Path, progress: Progress | None = None) -> SyncReport:
    """Import and update one kind of content from directory; never overwrite browser edits."""
    report = SyncReport()
    kind.prepare(directory, report)
    files = kind.files(directory)
    seen: dict[str, str] = {}
    failed: set[str] = set()
    parsed: list[tuple[Parsed, str]] = []
    for path in progress(files) if progress else files:
        relative = str(path.relative_to(directory))
        try:
            item = kind.parse(path)
            if item.slug in seen:
                raise FileProblem(f"slug {item.slug!r} is used by {seen[item.slug]} too")
        except FileProblem as exc:
            report.errors.append((relative, str(exc)))
            failed.add(relative)
            continue
        seen[item.slug] = relative
        parsed.append((item, relative))
        _import_one(kind, item, relative, report)
    _link_translations(kind.model, parsed, report)
    archive_missing(kind, set(seen), failed, report)
    return report


def _import_one(kind: ContentKind, item: Parsed, relative: str, report: SyncReport) -> None:
    model = kind.model
    row = db.session.scalar(select(model).where(model.slug == item.slug))
    if row is None:
        row = db.session.scalar(select(model).where(model.source_path == relative))
    digest = item.digest()
    try:
        if row is None:
            row = kind.create(item)
            outcome: list[str] = report.created
        elif row.source_digest == digest:
            report.unchanged.append(item.slug)
            return
        else:
            now = kind.current_digest(row)
            if row.source_digest != now and now != digest:
                report.conflicts.append((relative, row.slug))
                return
            kind.update(row, item)
            outcome = report.updated
    except FileProblem as exc:
        db.session.rollback()
        report.errors.append((relative, str(exc)))
        return
    except VersionConflict:
        report.conflicts.append((relative, item.slug))
        return
    row.source_digest, row.source_path = digest, relative
    db.session.commit()
    outcome.append(item.slug)


def _link_translations(model: Any, parsed: list[tuple[Parsed, str]], report: SyncReport) -> None:
    """Pair each file's row with the translation its file names (or unpair it)."""
    by_slug = {row.slug: row for row in db.session.scalars(select(model))}
    for item, relative in parsed:
        row = by_slug.get(item.slug)
        if row is None or (row.translation.slug if row.translation else None) == item.translation:
            continue
        other = by_slug.get(item.translation) if item.translation else None
        if item.translation and other is None:
            report.errors.append((relative, f"translation {item.translation!r} does not exist"))
            continue
        pair(row, other)
    db.session.commit()


def archive_missing(
    kind: ContentKind, present: set[str], failed: set[str], report: SyncReport
) -> None:
    """Archive imported content whose file is gone (not content whose file failed to parse)."""
    model = kind.model
    stale = db.session.scalars(
        select(model).where(
            model.source_path.is_not(None),
            model.slug.not_in(present or {""}),
            model.status != "archived",
        )
    ).all()
    for row in stale:
        if row.source_path in failed:
            continue
        kind.archive(row)
        report.archived.append(row.slug)
    db.session.commit()


def export(kind: ContentKind, directory: Path) -> int:
    """Write every row of a kind as a file that sync then finds unchanged; returns the count."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = kind.export_rows(directory)
    for row in rows:
        relative = kind.path_for(row)
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(kind.file_text(row), encoding="utf-8")
        row.source_digest, row.source_path = kind.current_digest(row), str(relative)
    db.session.commit()
    return len(rows)
