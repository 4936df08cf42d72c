"""The review queue: articles readers and agents flagged as out of date."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.editor import review as queue
from portal.editor.forms import ActionForm
from portal.editor.views import bp


@bp.get("/review")
def review():
    """Open flags, oldest first, with the article, who flagged it and why."""
    return render_template("editor/review.html", flags=queue.open_flags())


@bp.post("/review/<int:flag_id>/dismiss")
def dismiss(flag_id: int):
    """Close a flag without changing the article."""
    if ActionForm().validate():
        flag = queue.dismiss_flag(flag_id)
        flash(_("Flag on “%(title)s” dismissed.", title=flag.article.title), "success")
    return redirect(url_for("editor.review"), code=303)
