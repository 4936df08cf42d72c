"""The editors' workspace: articles and tutorials with their history, categories, review queue."""

from __future__ import annotations

import re

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core.registry import register_staff_tool
from portal.editor import (  # noqa: F401 (routes)
    category_views,
    history_views,
    review_views,
    tutorial_history_views,
    tutorials,
)
from portal.editor.views import bp

# Notes the system writes into revisions, shown in the reader's language.
SYSTEM_NOTES = {
    "created": _l("Created"),
    "synced from file": _l("Synced from a content file"),
}
RESTORED = re.compile(r"^restored revision (\d+)$")


def revision_note(note: str | None) -> str:
    """A revision's note for display: system notes translated, editors' notes as written."""
    if not note:
        return ""
    if note in SYSTEM_NOTES:
        return str(SYSTEM_NOTES[note])
    restored = RESTORED.match(note)
    if restored:
        return str(_l("Restored revision %(number)s", number=restored.group(1)))
    return note


def init_app(app: Flask) -> None:
    """Register the editor pages and the revision-note filter."""
    app.register_blueprint(bp)
    app.add_template_filter(revision_note)
    register_staff_tool(app, 10, "editor.index", _l("Editor"), ("editor",))
