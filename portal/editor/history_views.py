"""An article's revision history: the list, a diff of any two, and restoring one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core import dates
from portal.editor import revisions as history
from portal.editor import services
from portal.editor.diffing import compare_versions
from portal.editor.forms import ActionForm, CompareForm
from portal.editor.views import bp


def history_urls(endpoints: tuple[str, str, str, str, str], restore_hint: str, **ids) -> dict:
    """The URLs the shared revision templates need, from the endpoints of one kind of item:
    (compare, restore, edit, revisions, list); `ids` names the item in its URLs."""
    compare, restore, back, revisions, index = endpoints
    return {
        "compare_url": url_for(compare, **ids),
        "restore_url": lambda number: url_for(restore, number=number, **ids),
        "back_url": url_for(back, **ids),
        "revisions_url": url_for(revisions, **ids),
        "index_url": url_for(index),
        "restore_hint": restore_hint,
    }


def _history_urls(article_id: int) -> dict:
    hint = _(
        "Restoring a revision brings back its title, summary and text as a new revision;"
        " nothing is deleted."
    )
    endpoints = ("editor.compare", "editor.restore", "editor.edit", "editor.revisions")
    return history_urls((*endpoints, "editor.index"), hint, article_id=article_id)


def with_choices(form: CompareForm, history: list) -> CompareForm:
    choices = [
        (
            revision.number,
            _(
                "Revision %(number)d, %(when)s",
                number=revision.number,
                when=dates.exact(revision.created_at),
            ),
        )
        for revision in history
    ]
    form.old.choices = choices
    form.new.choices = choices
    return form


@bp.get("/articles/<int:article_id>/revisions")
def revisions(article_id: int):
    """Every revision of an article, with a form to compare two and buttons to restore."""
    article = services.get_article(article_id)
    return revisions_page(article, history.revisions_of(article), _history_urls(article.id))


def revisions_page(item, history: list, urls: dict):
    """The revision list of any kind of item, newest first."""
    form = with_choices(CompareForm(formdata=None), history)
    if len(history) > 1:
        form.old.data, form.new.data = history[1].number, history[0].number
    return render_template(
        "editor/revisions.html",
        item=item,
        revisions=history,
        compare_form=form,
        action_form=ActionForm(),
        **urls,
    )


@bp.get("/articles/<int:article_id>/compare")
def compare(article_id: int):
    """What changed between two revisions, as an accessible line diff."""
    article = services.get_article(article_id)
    return compare_page(article, history.revisions_of(article), _history_urls(article.id))


def compare_page(item, history: list, urls: dict):
    """The differences between two revisions of any kind of item."""
    form = with_choices(CompareForm(request.args), history)
    numbers = {revision.number: revision for revision in history}
    diff = None
    if form.validate():
        for field in (form.old, form.new):
            if field.data not in numbers:
                field.errors.append(_("There is no revision with this number."))
    if form.old.data in numbers and form.new.data in numbers:
        old, new = numbers[form.old.data], numbers[form.new.data]
        diff = compare_versions(old.title, old.body_md, new.title, new.body_md)
    return render_template(
        "editor/compare.html",
        item=item,
        revisions=history,
        compare_form=form,
        diff=diff,
        **urls,
    ), (200 if diff else 400)


@bp.post("/articles/<int:article_id>/revisions/<int:number>/restore")
def restore(article_id: int, number: int):
    """Bring back an earlier revision; this becomes the newest revision."""
    article = services.get_article(article_id)
    revision = history.get_revision(article, number)
    if history.restore_revision(article, revision, current_user):
        flash(
            _("Revision %(number)d is restored as the newest revision.", number=number), "success"
        )
    else:
        flash(_("The article already reads like revision %(number)d.", number=number), "info")
    return redirect(url_for("editor.revisions", article_id=article.id), code=303)
