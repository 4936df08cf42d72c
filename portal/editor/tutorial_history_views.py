"""A tutorial's history in the editor: its revisions, comparing two, restoring one."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.content.files import FileProblem
from portal.editor import tutorial_services as services
from portal.editor.history_views import compare_page, history_urls, revisions_page
from portal.editor.views import bp

HISTORY_ENDPOINTS = (
    "editor.compare_tutorial",
    "editor.restore_tutorial",
    "editor.edit_tutorial",
    "editor.tutorial_revisions",
    "editor.tutorials",
)


def _history_urls(tutorial_id: int) -> dict:
    hint = _(
        "Restoring a revision brings back its title and text as a new revision; nothing is deleted."
    )
    return history_urls(HISTORY_ENDPOINTS, hint, tutorial_id=tutorial_id)


@bp.get("/tutorials/<int:tutorial_id>/revisions")
def tutorial_revisions(tutorial_id: int):
    """Every revision of a tutorial, with a form to compare two and buttons to restore."""
    tutorial = services.get_tutorial(tutorial_id)
    return revisions_page(tutorial, services.revisions_of(tutorial), _history_urls(tutorial.id))


@bp.get("/tutorials/<int:tutorial_id>/compare")
def compare_tutorial(tutorial_id: int):
    """What changed between two revisions of a tutorial."""
    tutorial = services.get_tutorial(tutorial_id)
    return compare_page(tutorial, services.revisions_of(tutorial), _history_urls(tutorial.id))


@bp.post("/tutorials/<int:tutorial_id>/revisions/<int:number>/restore")
def restore_tutorial(tutorial_id: int, number: int):
    """Bring back an earlier revision; this becomes the newest revision."""
    tutorial = services.get_tutorial(tutorial_id)
    revision = services.get_revision(tutorial, number)
    try:
        restored = services.restore_revision(tutorial, revision, current_user)
    except FileProblem:
        flash(_("Revision %(number)d cannot be read as a tutorial.", number=number), "error")
    else:
        if restored:
            flash(
                _("Revision %(number)d is restored as the newest revision.", number=number),
                "success",
            )
        else:
            flash(_("The tutorial already reads like revision %(number)d.", number=number), "info")
    return redirect(url_for("editor.tutorial_revisions", tutorial_id=tutorial.id), code=303)
