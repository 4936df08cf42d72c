"""The editors' pages for articles: the list, writing with a live preview, moving."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.auth.roles import role_required
from portal.core.fragments import render_fragment_or_page
from portal.core.idempotency import once
from portal.core.previews import limit_previews
from portal.core.redirects import safe_next
from portal.editor import editing, services
from portal.editor.forms import ArticleFilterForm, ArticleForm, MoveArticlesForm
from portal.kb.models import Article
from portal.kb.services import ArticleFields, SlugTaken, StaleEdit

bp = Blueprint("editor", __name__, url_prefix="/editor")

SAVED_MESSAGES = {
    "save": _l("Saved."),
    "publish": _l("Published."),
    "unpublish": _l("Unpublished: the article is a draft again."),
    "archive": _l("Archived: readers no longer see it."),
}


@bp.before_request
@role_required("editor")
def editors_only():
    """Every editor page is for editors and admins only."""


@bp.get("/")
def index():
    """Articles with filters and a text search, a page at a time."""
    filter_form = ArticleFilterForm(request.args)
    categories = services.category_choices()
    filter_form.category.choices = [("", _("Any category")), *categories]
    filters = services.ArticleFilters(
        status=filter_form.status_value(),
        category_id=filter_form.category.data,
        language=filter_form.language.data or "",
        text=(filter_form.q.data or "")[:200],
    )
    listing = services.list_articles(filters, request.args.get("page", 1, type=int))
    move_form = MoveArticlesForm(next=request.full_path.rstrip("?"))
    move_form.category_id.choices = categories
    return render_template(
        "editor/index.html",
        filter_form=filter_form,
        move_form=move_form,
        listing=listing,
        category_labels=dict(categories),
        page_url=lambda n: url_for("editor.index", page=n, **filters.as_args()),
        open_flags=services.open_flag_count(),
    )


@bp.post("/articles/move")
def move():
    """Move the selected articles to another category."""
    form = MoveArticlesForm()
    form.category_id.choices = services.category_choices()
    back = safe_next(form.next.data, url_for("editor.index"))
    if form.validate():
        moved = services.move_articles(form.article_ids.data, form.category_id.data)
        flash(ngettext("Moved %(num)d article.", "Moved %(num)d articles.", moved), "success")
    else:
        flash(_("Select at least one article and a category to move them to."), "error")
    return redirect(back, code=303)


@bp.route("/articles/new", methods=["GET", "POST"])
@once
def new():
    """Write a new article."""
    return _edit(None, ArticleForm())


@bp.route("/articles/<int:article_id>", methods=["GET", "POST"])
def edit(article_id: int):
    """Edit an article, change its status, or see a preview."""
    article = services.get_article(article_id)
    return _edit(article, editing.form_for(ArticleForm, request.method, _form_data(article)))


@bp.post("/preview")
@limit_previews()
def preview():
    """The text as it will look, for the live preview (a fragment) or as a page."""
    shown = editing.preview(request.form.get("title"), request.form.get("body_md"))
    return preview_response(shown, "editor/_preview.html")


def preview_response(shown, fragment: str):
    """htmx gets the preview fragment, a plain form post the preview page around it."""
    return render_fragment_or_page(
        fragment, "editor/preview.html", preview=shown, fragment=fragment
    )


def translation_choices(others: list[tuple[int, str]]) -> list:
    """A translation select's choices: none, or one of the others."""
    return [("", _("No translation")), *others]


def saved_message(action: str) -> str:
    """What the editor is told after a save with that button."""
    return str(SAVED_MESSAGES.get(action, SAVED_MESSAGES["save"]))


def _form_data(article: Article) -> dict:
    return {
        "title": article.title,
        "slug": article.slug,
        "category_id": article.category_id,
        "language": article.language,
        "translation_id": article.translation_id,
        "summary": article.summary,
        "tags": ", ".join(article.tag_names),
        "faq": article.faq,
        "body_md": article.body_md,
        "version": article.version,
    }


def _edit(article: Article | None, form: ArticleForm):
    """Show the form; on POST preview, or save and redirect, or show what went wrong."""
    form.category_id.choices = services.category_choices()
    form.translation_id.choices = translation_choices(services.translation_choices(article))
    action = request.form.get("action", "save")
    result = editing.edit_pass(
        form,
        request.method,
        action,
        saved_preview=article
        and (lambda: editing.Preview(article.title, editing.prefixed_ids(article.body_html))),
        make_preview=lambda form: editing.preview(form.title.data, form.body_md.data),
        save=lambda: _save(article, form, action),
        stale=StaleEdit,
        saved_text=lambda current: (current.title, current.body_md, current.version),
    )
    edit_url = lambda saved: url_for("editor.edit", article_id=saved.id)  # noqa: E731
    return finish_edit(result, form, action, edit_url, "editor/edit.html", article=article)


def finish_edit(result: editing.EditPass, form, action: str, edit_url, template: str, **context):
    """After a save, say so and go back to the edit page; otherwise show the form again."""
    if result.saved is not None:
        flash(saved_message(action), "success")
        return redirect(edit_url(result.saved), code=303)
    page = render_template(
        template,
        form=form,
        preview=result.preview,
        conflict=result.conflict,
        confirm_publish=result.confirm_publish,
        **context,
    )
    return page, result.status(form)


def _save(article: Article | None, form: ArticleForm, action: str) -> Article | None:
    """Save through the service; a problem the editor can fix becomes a field error."""
    try:
        return services.save_article(
            article,
            _fields(form),
            current_user,
            action=action if action in services.ACTION_STATUS else "save",
            expected_version=form.started_version,
            translation_id=form.translation_id.data,
            note=form.note.data or "",
        )
    except SlugTaken:
        form.slug.errors.append(_("Another article uses this slug. Choose another."))
    except services.NoSlug:
        form.slug.errors.append(_("Type a slug: the title has no letters to make one from."))
    except services.TranslationInvalid:
        form.translation_id.errors.append(
            _("Choose an article in the other language, or no translation.")
        )
    return None


def _fields(form: ArticleForm) -> ArticleFields:
    return ArticleFields(
        title=form.title.data.strip(),
        slug=form.slug.data or "",
        category_id=form.category_id.data,
        body_md=form.body_md.data or "",
        summary=(form.summary.data or "").strip(),
        language=form.language.data,
        tags=form.tag_list(),
        faq=form.faq.data,
    )
