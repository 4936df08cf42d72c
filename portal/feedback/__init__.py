"""Feedback that closes the loop: helpful votes, the feedback box, CSAT, CES and NPS."""

from __future__ import annotations

from flask import Flask

from portal.core.pagecache import register_personal_session_key
from portal.core.registry import (
    register_context_label,
    register_context_provider,
    register_home_section,
)
from portal.demo import register_step
from portal.feedback import (
    context,
    demo,
    staff_views,  # noqa: F401 (its routes live on bp)
    survey_views,
)
from portal.feedback.services import VOTER_SESSION_KEY
from portal.feedback.views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Register the feedback pages, the NPS home section, the /contact context and demo."""
    app.register_blueprint(bp)
    register_personal_session_key(app, VOTER_SESSION_KEY)
    register_home_section(app, 5, survey_views.nps_home_section)
    register_step(app, "feedback", demo.load_demo_feedback)
    register_context_provider(app, context.unhelpful_pages)
    register_context_label(app, "unhelpful", context.LABEL)
