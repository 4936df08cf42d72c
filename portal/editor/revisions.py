"""Revisions in the editor: the history of an article or a tutorial, and restoring one."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.extensions import db
from portal.kb import services as kb
from portal.kb.models import Article, ArticleRevision

RESTORE_NOTE = "restored revision {number}"


def history(owner_column, owner_id: int) -> list:
    """Every revision whose owner_column (e.g. ArticleRevision.article_id) is owner_id,
    newest first, with who made it."""
    revision = owner_column.class_
    return list(
        db.session.scalars(
            select(revision)
            .where(owner_column == owner_id)
            .options(joinedload(revision.author))
            .order_by(revision.number.desc())
        )
    )


def one_revision(owner_column, owner_id: int, number: int):
    """One revision of an owner by its number, or 404."""
    revision = owner_column.class_
    found = db.session.scalar(
        select(revision).where(owner_column == owner_id, revision.number == number)
    )
    return found or abort(404)


def revisions_of(article: Article) -> list[ArticleRevision]:
    """Every revision of an article, newest first, with who made it."""
    return history(ArticleRevision.article_id, article.id)


def get_revision(article: Article, number: int) -> ArticleRevision:
    """One revision of the article by its number, or 404."""
    return one_revision(ArticleRevision.article_id, article.id, number)


def restore_revision(article: Article, revision: ArticleRevision, author: User) -> bool:
    """Bring back a revision's title, summary and body as a new revision; False if identical."""
    if (article.title, article.summary, article.body_md) == (
        revision.title,
        revision.summary,
        revision.body_md,
    ):
        return False
    fields = kb.ArticleFields.of(
        article, title=revision.title, body_md=revision.body_md, summary=revision.summary
    )
    kb.update_article(article, fields, author, note=RESTORE_NOTE.format(number=revision.number))
    return True
