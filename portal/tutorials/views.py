"""The tutorial player: list, overview, steps with checkpoints, and the finish page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core.fragments import render_fragment_or_page, wants_fragment
from portal.feedback.services import helpful_for
from portal.feedback.surveys import ces_prompt
from portal.tutorials import progress, search, seo, services
from portal.tutorials.models import DIFFICULTIES

bp = Blueprint("tutorials", __name__, url_prefix="/tutorials")

# An answer given without JavaScript, shown once on the step it was given on.
ANSWER_KEY = "tutorial_answer"
RESULT_ANCHOR = "checkpoint-result"

DIFFICULTY_LABELS = {
    "beginner": _l("Beginner"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}


@bp.app_context_processor
def difficulty_labels() -> dict:
    return {"difficulty_labels": DIFFICULTY_LABELS}


def _locale() -> str:
    return str(get_locale() or "en")


def _learner():
    return current_user if current_user.is_authenticated else None


def _noted_result(tutorial, number: int, current):
    """The verdict on an answer given without JavaScript, once, on the step it was given on."""
    if ANSWER_KEY not in session:  # a pop would rewrite every visitor's cookie
        return None
    noted = session.pop(ANSWER_KEY)
    if not isinstance(noted, dict) or noted.get("at") != [tutorial.id, number]:
        return None
    try:
        return services.check_answer(current, noted.get("answer"))
    except services.InvalidAnswer:
        return None


def _find(slug: str):
    editor = current_user.is_authenticated and current_user.has_role("editor")
    return services.find_tutorial(slug, include_unpublished=editor) or abort(404)


@bp.get("/")
def index():
    """Every tutorial, filterable by difficulty and language."""
    difficulty = (
        request.args.get("difficulty") if request.args.get("difficulty") in DIFFICULTIES else None
    )
    language = request.args.get("lang") if request.args.get("lang") in ("en", "fil") else None
    tutorials = services.list_tutorials(_locale(), difficulty=difficulty, language=language)
    return render_template(
        "tutorials/index.html",
        tutorials=tutorials,
        difficulty=difficulty,
        language=language,
        difficulties=DIFFICULTIES,
    )


@bp.get("/<slug>")
def overview(slug: str):
    """What the tutorial covers, its steps, and Start or Resume."""
    tutorial = _find(slug)
    reached = progress.progress_for(_learner(), session, tutorial)
    return render_template(
        "tutorials/overview.html",
        tutorial=tutorial,
        progress=reached,
        json_ld=seo.howto_json_ld(tutorial),
    )


@bp.get("/<slug>/<int:number>")
def step(slug: str, number: int):
    """One step; htmx gets just the player so the page swaps in place."""
    tutorial = _find(slug)
    current = services.step_of(tutorial, number) or abort(404)
    progress.record_progress(_learner(), session, tutorial, number)
    progress.remember_last_step(session, tutorial, current)
    result = _noted_result(tutorial, number, current)
    context = {"tutorial": tutorial, "step": current, "number": number, "result": result}
    return render_fragment_or_page("tutorials/_player.html", "tutorials/step.html", **context)


@bp.post("/<slug>/<int:number>/check")
def check(slug: str, number: int):
    """Check a checkpoint answer on the server and explain it.

    htmx swaps the verdict in; a plain form post goes back to the step, at the verdict.
    """
    tutorial = _find(slug)
    current = services.step_of(tutorial, number) or abort(404)
    answer = request.form.get("answer")
    try:
        result = services.check_answer(current, answer)
    except services.InvalidAnswer:
        result = None
    if result is not None and not wants_fragment():
        session[ANSWER_KEY] = {"at": [tutorial.id, number], "answer": answer}
        back = url_for("tutorials.step", slug=slug, number=number, _anchor=RESULT_ANCHOR)
        return redirect(back, code=303)
    status = 400 if result is None else 200
    context = {"tutorial": tutorial, "step": current, "number": number, "result": result,
               "invalid": result is None}  # fmt: skip
    return render_fragment_or_page(
        "tutorials/_checkpoint.html", "tutorials/step.html", http_status=status, **context
    )


@bp.get("/<slug>/done")
def done(slug: str):
    """Congratulations, and where to go next."""
    tutorial = _find(slug)
    progress.record_progress(_learner(), session, tutorial, len(tutorial.steps), done=True)
    articles, tutorials = services.related_for(tutorial)
    articles = search.similar_articles(tutorial, 4) or articles
    done_url = url_for("tutorials.done", slug=slug)
    return render_template(
        "tutorials/done.html",
        tutorial=tutorial,
        helpful=helpful_for("tutorial", tutorial.id, session, current_user),
        ces=ces_prompt("tutorial", str(tutorial.id), done_url),
        related_articles=articles,
        related_tutorials=tutorials,
        stuck_url=url_for(
            "escalation.contact", **{"from": url_for("tutorials.overview", slug=slug)}
        ),
    )
