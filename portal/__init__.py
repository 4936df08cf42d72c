"""The self-service customer portal."""

from __future__ import annotations

from pathlib import Path

from dotenv import load_dotenv
from flask import Flask

from portal import (
    auth,
    chat,
    content,
    core,
    demo,
    editor,
    escalation,
    extensions,
    feedback,
    forum,
    inbound,
    insights,
    jobs,
    kb,
    search,
    tickets,
    tutorials,
)
from portal.config import REPO_ROOT, instance_path_from_env, load_config

# Each feature's init_app registers its blueprints, commands and hooks (home sections,
# sitemap, search sources, demo steps, content kinds, /contact context, helpful-vote pages),
# in this order; ARCHITECTURE.md says what each owns.
FEATURES = (
    core, auth, demo, content, kb, search, editor, tutorials, forum, tickets, inbound,
    escalation, feedback, chat, insights,
)  # fmt: skip


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the portal application."""
    load_dotenv(REPO_ROOT / ".env")
    instance_path = Path((test_config or {}).get("INSTANCE_PATH") or instance_path_from_env())
    instance_path.mkdir(parents=True, exist_ok=True)

    app = Flask(
        __name__,
        instance_path=str(instance_path),
        instance_relative_config=True,
        template_folder=str(REPO_ROOT / "templates"),
        static_folder=str(REPO_ROOT / "static"),
    )
    app.config.from_mapping(load_config(instance_path))
    app.config["MIGRATIONS_DIR"] = Path(__file__).parent / "migrations"
    if test_config:
        app.config.update(test_config)

    extensions.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    jobs.init_app(app)

    return app
