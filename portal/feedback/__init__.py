"""Feedback that closes the loop: helpful votes, the feedback box, CSAT, CES and NPS."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.core.pagecache import register_personal_session_key
from portal.core.registry import (
    register_context_label,
    register_context_provider,
    register_home_section,
    register_staff_tool,
)
from portal.demo import register_step
from portal.feedback import (
    context,
    demo,
    staff_views,
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
    register_staff_tool(app, 60, "feedback.inbox", _l("Feedback inbox"), staff_views.STAFF)
    register_staff_tool(app, 70, "feedback.report_page", _l("Feedback report"), staff_views.STAFF)
