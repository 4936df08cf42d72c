"""The review queue: articles readers flagged as outdated, waiting for an editor."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.clock import utcnow
from portal.extensions import db
from portal.kb.models import ArticleFlag


def open_flags() -> list[ArticleFlag]:
    """Flags waiting for an editor, oldest first, with their article and who flagged."""
    return list(
        db.session.scalars(
            select(ArticleFlag)
            .where(ArticleFlag.resolved_at.is_(None))
            .options(joinedload(ArticleFlag.article), joinedload(ArticleFlag.user))
            .order_by(ArticleFlag.created_at, ArticleFlag.id)
        )
    )


def dismiss_flag(flag_id: int) -> ArticleFlag:
    """Close a flag without changing the article; 404 if it is unknown or closed already."""
    flag = db.session.get(ArticleFlag, flag_id)
    if flag is None or flag.resolved_at is not None:
        abort(404)
    flag.resolved_at = utcnow()
    flag.resolution = "dismissed"
    db.session.commit()
    return flag
