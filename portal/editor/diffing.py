"""Line diffs between two versions of any titled Markdown text.

Nothing here knows about articles: a tutorial step or any other content type with a title
and a body compares the same way. Templates render the result with
`editor/_macros.html` `render_diff`, which marks changes with <ins>/<del> and words.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

CONTEXT_LINES = 3


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added" or "removed"
    text: str
    old_number: int | None = None
    new_number: int | None = None


@dataclass(frozen=True)
class Skipped:
    """A run of unchanged lines left out between two hunks."""

    count: int
    kind: str = "skipped"


@dataclass
class TextDiff:
    lines: list[DiffLine | Skipped] = field(default_factory=list)
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class VersionDiff:
    """What changed between two versions: the title and the body."""

    old_title: str
    new_title: str
    body: TextDiff

    @property
    def title_changed(self) -> bool:
        return self.old_title != self.new_title

    @property
    def changed(self) -> bool:
        return self.title_changed or self.body.changed


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def line_diff(old: str, new: str, context: int = CONTEXT_LINES) -> TextDiff:
    """Compare two texts line by line, keeping `context` unchanged lines around each change."""
    a, b = _lines(old), _lines(new)
    result = TextDiff()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    shown_until = 0  # index in a after the last line shown
    for group in matcher.get_grouped_opcodes(context):
        first = group[0][1]
        if first > shown_until:
            result.lines.append(Skipped(first - shown_until))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset in range(i2 - i1):
                    result.lines.append(
                        DiffLine("same", a[i1 + offset], i1 + offset + 1, j1 + offset + 1)
                    )
                continue
            if tag in ("replace", "delete"):
                for i in range(i1, i2):
                    result.lines.append(DiffLine("removed", a[i], old_number=i + 1))
                result.removed += i2 - i1
            if tag in ("replace", "insert"):
                for j in range(j1, j2):
                    result.lines.append(DiffLine("added", b[j], new_number=j + 1))
                result.added += j2 - j1
        shown_until = group[-1][2]
    if result.changed and shown_until < len(a):
        result.lines.append(Skipped(len(a) - shown_until))
    return result


def compare_versions(old_title: str, old_body: str, new_title: str, new_body: str) -> VersionDiff:
    """The differences in title and body between an older and a newer version."""
    return VersionDiff(old_title=old_title, new_title=new_title, body=line_diff(old_body, new_body))
