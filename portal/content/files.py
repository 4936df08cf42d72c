"""Markdown files with YAML front matter: reading and checking fields, writing them back."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


class FileProblem(Exception):
    """A content file that cannot be imported, with the reason."""


def read_text(path: Path) -> str:
    """A content file's text; FileProblem unless it is UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem("the file is not UTF-8 text") from exc


def split_front_matter(text: str, known: Iterable[str] | None = None) -> tuple[dict[str, Any], str]:
    """The front matter as a dict and the Markdown body; FileProblem if malformed.

    With known, a field outside it is a problem too (a typo would otherwise be ignored).
    """
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        raise FileProblem("no front matter: the file must start with a '---' block")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise FileProblem(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(meta, dict):
        raise FileProblem("front matter must be a mapping of fields")
    unknown = set(meta) - set(known) if known is not None else set()
    if unknown:
        raise FileProblem(f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    return meta, match.group(2).lstrip("\r\n")


def text_field(meta: dict[str, Any], key: str, required: bool = True, limit: int = 300) -> str:
    """A text field of the front matter, stripped; FileProblem if missing or too long."""
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise FileProblem(f"'{key}' is missing")
        return ""
    if not isinstance(value, str | int | float):
        raise FileProblem(f"'{key}' must be text")
    value = str(value).strip()
    if len(value) > limit:
        raise FileProblem(f"'{key}' is longer than {limit} characters")
    return value


def slug_field(meta: dict[str, Any]) -> str:
    """The slug of the front matter; FileProblem unless lowercase words joined by hyphens."""
    slug = text_field(meta, "slug", limit=160)
    if not SLUG.match(slug):
        raise FileProblem(f"slug {slug!r} must be lowercase letters, digits and hyphens")
    return slug


def choice_field(meta: dict[str, Any], key: str, choices: Iterable[str], default: str) -> str:
    """A field that must be one of choices (default when absent)."""
    choices = tuple(choices)
    value = text_field(meta, key, required=False) or default
    if value not in choices:
        raise FileProblem(f"{key} must be one of {', '.join(choices)}, not {value!r}")
    return value


def tags_field(meta: dict[str, Any], example: str) -> list[str]:
    """The tags of the front matter, a list of words."""
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise FileProblem(f"tags must be a list of words, like {example}")
    return tags


def file_text(meta: dict[str, Any], body: str) -> str:
    """A content file: the front matter block, a blank line, then the body."""
    front = yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return f"---\n{front}---\n\n{body}"
