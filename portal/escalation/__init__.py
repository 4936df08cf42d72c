"""Talk to a human: /contact with its channels, the ticket form and the shared context."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from portal.escalation import context
from portal.escalation.context import ContextItem, register_context_provider
from portal.escalation.views import bp

# A suggestion provider takes what the visitor typed and returns answers to show:
# [{"title": str, "url": str, "kind": str}], best first.
SuggestionProvider = Callable[[str], list[dict]]


def register_suggestion_provider(app: Flask, provider: SuggestionProvider) -> None:
    """Let a feature (search) offer answers on /contact while the visitor types."""
    app.extensions.setdefault("portal_suggestion_providers", []).append(provider)


def init_app(app: Flask) -> None:
    """Register /contact and start remembering pages and searches for the context."""
    app.register_blueprint(bp)
    context.init_app(app)


__all__ = ["ContextItem", "init_app", "register_context_provider", "register_suggestion_provider"]
