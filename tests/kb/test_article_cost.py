"""What one article read costs the database: a budget the HTTP benchmark depends on."""

from __future__ import annotations

from sqlalchemy import event, select

from portal.content import demo_step
from portal.extensions import db
from portal.kb.content import ArticleFiles
from portal.kb.models import Article

SLUG = "fix-slow-or-dropping-wifi"
# Article with tags (1 joined query + 1 for tags), related (1), previous and next (2), the
# helpful widget's article (1: the shared parts keep no ORM object, so it is read again by id),
# the view count (1) and "N people found this helpful" (1, on the votes' page index). With the
# fragment cache on (as in production, off in tests) a read needs only the last three. A new
# per-read query should be a decision, not an accident.
QUERY_BUDGET = 8


def test_article_read_counts_one_view_within_the_query_budget(app, client):
    demo_step(ArticleFiles)()
    article = db.session.scalar(select(Article).where(Article.slug == SLUG))
    views_before = article.view_count
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(f"/kb/{SLUG}")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert response.status_code == 200
    assert article.title in response.get_data(as_text=True)
    assert len(statements) <= QUERY_BUDGET, "\n\n".join(statements)
    db.session.refresh(article)
    assert article.view_count == views_before + 1
