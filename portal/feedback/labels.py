"""Translated names of feedback kinds and statuses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "idea": _l("Idea"),
    "problem": _l("Problem"),
    "praise": _l("Praise"),
    "question": _l("Question"),
}
STATUS_LABELS = {
    "new": _l("New"),
    "under_review": _l("Under review"),
    "planned": _l("Planned"),
    "done": _l("Done"),
    "declined": _l("Declined"),
}
