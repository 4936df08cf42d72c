"""Kinds of page that carry "Was this helpful?": each feature registers how to find its pages.

kb registers "article" and tutorials "tutorial" with `register_page_kind(app, kind,
resolver, sample)`: resolver(page_id) returns a PageInfo or None for a page that does not
exist (or is not public); sample(limit) gives ids of public pages, for the demo votes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from flask import Flask, current_app


@dataclass
class PageInfo:
    """What the feedback widgets and the report need to know about a page."""

    title: str
    url: str
    # (title, url) pairs, found only when shown (after a "No"), not on every page view.
    find_related: Callable[[], list[tuple[str, str]]] = field(default=list, repr=False)
    flag_url: str | None = None  # where a reader reports the page as outdated

    @cached_property
    def related(self) -> list[tuple[str, str]]:
        return self.find_related()


PageResolver = Callable[[int], PageInfo | None]
PageSample = Callable[[int], list[int]]


def register_page_kind(
    app: Flask, kind: str, resolver: PageResolver, sample: PageSample | None = None
) -> None:
    """Let pages of kind take helpful votes; resolver finds a public page by id."""
    app.extensions.setdefault("portal_feedback_pages", {})[kind] = resolver
    if sample is not None:
        app.extensions.setdefault("portal_feedback_samples", {})[kind] = sample


def page_kinds() -> list[str]:
    """The registered kinds, e.g. ["article", "tutorial"]."""
    return list(current_app.extensions.get("portal_feedback_pages", {}))


def resolve_page(kind: str, page_id: int) -> PageInfo | None:
    """The public page of that kind and id, or None."""
    resolver = current_app.extensions.get("portal_feedback_pages", {}).get(kind)
    return resolver(page_id) if resolver else None


def sample_pages(kind: str, limit: int) -> list[int]:
    """Ids of up to limit public pages of kind, in a stable order (for demo data)."""
    sample = current_app.extensions.get("portal_feedback_samples", {}).get(kind)
    return sample(limit) if sample else []
