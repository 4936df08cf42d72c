"""The editors' pages for tutorials: the list, and writing the text with a live preview."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.content.files import FileProblem
from portal.core.previews import limit_previews
from portal.editor import editing
from portal.editor import tutorial_services as services
from portal.editor.forms import TutorialFilterForm, TutorialForm
from portal.editor.services import NoSlug, TranslationInvalid
from portal.editor.views import bp, finish_edit, preview_response, translation_choices
from portal.markdown import render
from portal.tutorials.content import body_text, parse_body
from portal.tutorials.models import Tutorial


@dataclass
class StepPreview:
    number: int
    title: str
    html: str
    checkpoint: dict | None


@dataclass
class TutorialPreview:
    title: str
    intro_html: str = ""
    steps: list[StepPreview] = field(default_factory=list)
    problem: str = ""


def tutorial_preview(
    title: str | None, body: str | None, language: str | None = "en"
) -> TutorialPreview:
    """The tutorial's steps as readers will see them, or what keeps the text from being read."""
    shown = TutorialPreview(title=(title or "").strip())
    try:
        intro, steps = parse_body(body or "")
    except FileProblem as problem:
        shown.problem = str(problem)
        return shown
    language = language or "en"
    shown.intro_html = editing.prefixed_ids(render(intro, language=language).html)
    shown.steps = [
        StepPreview(
            n,
            step.title,
            editing.prefixed_ids(render(step.body_md, language=language).html),
            step.checkpoint,
        )
        for n, step in enumerate(steps, start=1)
    ]
    return shown


def saved_preview(tutorial: Tutorial) -> TutorialPreview:
    """The saved tutorial as readers see it, from the HTML rendered when it was saved."""
    steps = [
        StepPreview(
            step.position, step.title, editing.prefixed_ids(step.body_html), step.checkpoint
        )
        for step in tutorial.steps
    ]
    return TutorialPreview(tutorial.title, editing.prefixed_ids(tutorial.intro_html), steps)


@bp.get("/tutorials")
def tutorials():
    """Tutorials with status, language and difficulty filters and a text search."""
    form = TutorialFilterForm(request.args)
    filters = services.TutorialFilters(
        status=form.status_value(),
        language=form.language.data or "",
        difficulty=form.difficulty_value(),
        text=(form.q.data or "")[:200],
    )
    listing = services.list_tutorials(filters, request.args.get("page", 1, type=int))
    return render_template(
        "editor/tutorials.html",
        filter_form=form,
        listing=listing,
        page_url=lambda n: url_for("editor.tutorials", page=n, **filters.as_args()),
    )


@bp.route("/tutorials/new", methods=["GET", "POST"], defaults={"tutorial_id": None})
@bp.route("/tutorials/<int:tutorial_id>", methods=["GET", "POST"])
def edit_tutorial(tutorial_id: int | None):
    """Write a new tutorial or edit one: change its text or status, or see a preview."""
    if tutorial_id is None:
        return _edit(None, TutorialForm())
    tutorial = services.get_tutorial(tutorial_id)
    return _edit(tutorial, editing.form_for(TutorialForm, request.method, _form_data(tutorial)))


@bp.post("/tutorials/preview")
@limit_previews()
def preview_tutorial():
    """The tutorial as it will look, for the live preview (a fragment) or as a page."""
    shown = tutorial_preview(
        request.form.get("title"), request.form.get("body_md"), request.form.get("language")
    )
    return preview_response(shown, "editor/_tutorial_preview.html")


def _form_data(tutorial: Tutorial) -> dict:
    data = {name: getattr(tutorial, name) for name in services.FORM_FIELDS}
    data.update(
        tags=", ".join(tutorial.tags or []),
        translation_id=tutorial.translation_id,
        body_md=body_text(tutorial),
        version=tutorial.version,
    )
    return data


def _edit(tutorial: Tutorial | None, form: TutorialForm):
    """Show the form; on POST preview, or save and redirect, or show what went wrong."""
    form.translation_id.choices = translation_choices(services.translation_choices(tutorial))
    action = request.form.get("action", "save")
    result = editing.edit_pass(
        form,
        request.method,
        action,
        saved_preview=tutorial and (lambda: saved_preview(tutorial)),
        make_preview=lambda form: tutorial_preview(
            form.title.data, form.body_md.data, form.language.data
        ),
        save=lambda: _save(tutorial, form, action),
        stale=services.StaleTutorial,
        saved_text=lambda current: (current.title, body_text(current), current.version),
    )
    edit_url = lambda saved: url_for("editor.edit_tutorial", tutorial_id=saved.id)  # noqa: E731
    return finish_edit(
        result, form, action, edit_url, "editor/tutorial_edit.html", tutorial=tutorial
    )


def _save(tutorial: Tutorial | None, form: TutorialForm, action: str) -> Tutorial | None:
    """Parse the text and save; a problem the editor can fix becomes a field error."""
    fields = {
        "title": form.title.data.strip(),
        "slug": form.slug.data or "",
        "summary": (form.summary.data or "").strip(),
        "minutes": form.minutes.data,
        "difficulty": form.difficulty.data,
        "language": form.language.data,
        "tags": sorted({tag.lower() for tag in form.tag_list()}),
        "status": tutorial.status if tutorial else "draft",
    }
    try:
        parsed = services.parse_text(fields, form.body_md.data or "")
        return services.save_tutorial(
            tutorial,
            parsed,
            current_user,
            action=action,
            expected_version=form.started_version,
            translation_id=form.translation_id.data,
            note=form.note.data or "",
        )
    except FileProblem as problem:
        form.body_md.errors.append(
            _("The text could not be read as a tutorial: %(problem)s", problem=str(problem))
        )
    except services.TutorialSlugTaken:
        form.slug.errors.append(_("Another tutorial uses this slug. Choose another."))
    except NoSlug:
        form.slug.errors.append(_("Type a slug: the title has no letters to make one from."))
    except TranslationInvalid:
        form.translation_id.errors.append(
            _("Choose a tutorial in the other language, or no translation.")
        )
    return None
