"""Places where features plug into shared pages: home sections and the sitemap."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from flask import Flask, current_app

HomeSection = Callable[[], dict | None]  # returns {"template": ..., **context} or None
SitemapSource = Callable[[], Iterable[tuple[str, datetime | None]]]  # (path, last modified)


def register_home_section(app: Flask, order: int, section: HomeSection) -> None:
    """Show a feature's section on the home page, sorted by order."""
    app.extensions.setdefault("portal_home_sections", []).append((order, section))


def register_sitemap_source(app: Flask, source: SitemapSource) -> None:
    """Add a feature's public URLs to /sitemap.xml."""
    app.extensions.setdefault("portal_sitemap_sources", []).append(source)


def home_sections() -> list[dict]:
    """The sections every feature contributes to the home page, in order."""
    sections = sorted(current_app.extensions.get("portal_home_sections", []), key=lambda s: s[0])
    return [found for _order, section in sections if (found := section())]


def sitemap_entries() -> list[tuple[str, datetime | None]]:
    """Every public URL path with its last modification time."""
    entries = []
    for source in current_app.extensions.get("portal_sitemap_sources", []):
        entries.extend(source())
    return entries
