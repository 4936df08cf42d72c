"""Feedback that closes the loop: helpful votes, the feedback box, CSAT, CES and NPS."""

from __future__ import annotations

from flask import Flask

from portal.core.pagecache import register_personal_session_key
from portal.core.registry import register_home_section
from portal.demo import register_step
from portal.escalation import register_context_provider
from portal.feedback import (
    context,
    demo,
    pages,
    staff_views,  # noqa: F401 (its routes live on bp)
    survey_views,
    surveys,
    updates,
)
from portal.feedback.views import VOTER_SESSION_KEY, bp, helpful_for

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Register the feedback pages, page kinds, mails, template helpers, context and demo."""
    app.register_blueprint(bp)
    register_personal_session_key(app, VOTER_SESSION_KEY)
    pages.register_page_kind(app, "article", pages.article_page)
    updates.connect()
    app.add_template_global(helpful_for, "helpful_for")
    app.add_template_global(surveys.ces_prompt, "ces_prompt")
    app.add_template_global(surveys.csat_prompt, "csat_prompt")
    register_home_section(app, 5, survey_views.nps_home_section)
    register_step(app, "feedback", demo.load_demo_feedback)
    register_context_provider(app, context.unhelpful_pages)
