"""Talk to a human: /contact with its channels, the ticket form and the shared context."""

from __future__ import annotations

from flask import Flask

from portal.core.registry import (
    ContextItem,
    register_context_provider,
    register_suggestion_provider,
)
from portal.escalation import context
from portal.escalation.views import bp


def init_app(app: Flask) -> None:
    """Register /contact and start remembering pages and searches for the context."""
    app.register_blueprint(bp)
    context.init_app(app)


# Features plug into /contact through core.registry; these names stay importable here.
__all__ = ["ContextItem", "init_app", "register_context_provider", "register_suggestion_provider"]
