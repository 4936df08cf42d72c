"""Interactive step-by-step tutorials with checkpoints and remembered progress."""

from __future__ import annotations

from typing import Any

from flask import Flask, session
from flask_babel import lazy_gettext as _l
from flask_login import user_logged_in

from portal.content import demo_step, register_kind
from portal.content.translations import linked_ids
from portal.core.registry import (
    ContextItem,
    register_account_eraser,
    register_context_label,
    register_context_provider,
    register_home_section,
    register_login_kept_key,
    register_page_describer,
    register_sitemap_source,
)
from portal.demo import register_step
from portal.feedback.pages import register_page_kind
from portal.search.sources import register_source
from portal.tutorials import content, pages, progress, search, seo, services
from portal.tutorials.views import bp

STEP_LABEL = _l("The tutorial step you were on")


def _merge_progress(sender, user, **extra) -> None:
    progress.merge_visitor_progress(user, session)


def _last_step_context() -> list[ContextItem]:
    """The tutorial step the visitor viewed last, for a ticket's context."""
    last = session.get(progress.LAST_STEP_KEY)
    if not last:
        return []
    return [
        ContextItem(
            "tutorial", str(STEP_LABEL), [{"text": last["text"], "note": None, "raw": last["path"]}]
        )
    ]


def _describe_tutorials(pages: list[tuple[dict, Any]]) -> list[dict | None]:
    """Tutorial pages as their titles, a step as the tutorial's title with the step's name."""
    slugs = [str(view_args.get("slug", "")) for view_args, _args in pages]
    found = {tutorial.slug: tutorial for tutorial in services.published_tutorials(slugs)}
    described: list[dict | None] = []
    for slug, (view_args, _args) in zip(slugs, pages, strict=True):
        tutorial, number = found.get(slug), view_args.get("number")
        if tutorial is None:
            described.append(None)
            continue
        step = services.step_of(tutorial, number) if number else None
        title = f"{tutorial.title} › {number}. {step.title}" if step else tutorial.title
        described.append({"title": title})
    return described


def init_app(app: Flask) -> None:
    """Register the player, import and export, demo, home section, sitemap, helpful votes."""
    app.register_blueprint(bp)
    register_kind(app, content.TutorialFiles)
    register_step(app, "tutorials", demo_step(content.TutorialFiles))
    register_home_section(app, 20, seo.home_section)
    register_sitemap_source(app, seo.sitemap_entries)
    register_login_kept_key(app, progress.SESSION_KEY)
    register_account_eraser(app, progress.erase_learner)
    user_logged_in.connect(_merge_progress, app)
    register_context_provider(app, _last_step_context)
    register_context_label(app, "tutorial", STEP_LABEL)
    for endpoint in ("tutorials.overview", "tutorials.step"):
        register_page_describer(app, endpoint, _describe_tutorials)
    register_source(
        app,
        "tutorial",
        documents_for=search.documents_for,
        all_documents=search.all_documents,
        watch=search.WATCH,
        keys_for=search.keys_for,
        partners=linked_ids,
    )
    register_page_kind(app, "tutorial", pages.tutorial_page)
