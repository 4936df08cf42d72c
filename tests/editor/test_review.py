"""The review queue of articles flagged as out of date."""

from sqlalchemy import select

from portal.extensions import db
from portal.kb import services as kb
from portal.kb.models import ArticleFlag
from tests.factories import make_article, make_flag, make_user


def test_the_queue_shows_article_who_when_and_why(client, login):
    login("editor")
    article = make_article(title="Changing your plan")
    make_flag(article, make_user(display_name="Rosa"), "The Plans page moved to Settings.")
    page = client.get("/editor/review").get_data(as_text=True)
    assert "Changing your plan" in page
    assert "Flagged by Rosa · <time" in page
    assert "The Plans page moved to Settings." in page
    assert "(1 open flag)" in page
    assert "(1 open flag)" in client.get("/editor/").get_data(as_text=True)


def test_dismissing_a_flag_takes_it_off_the_queue(client, login):
    login("editor")
    flag = make_flag(make_article(title="Changing your plan"))
    response = client.post(f"/editor/review/{flag.id}/dismiss")
    assert response.status_code == 303
    db.session.refresh(flag)
    assert flag.resolution == "dismissed" and flag.resolved_at is not None
    page = client.get("/editor/review").get_data(as_text=True)
    assert "Nothing to review" in page
    assert client.post(f"/editor/review/{flag.id}/dismiss").status_code == 404


def test_updating_the_article_clears_its_flags(client, login):
    login("editor")
    article = make_article(body="old")
    make_flag(article)
    fields = kb.ArticleFields(
        title=article.title, slug=article.slug, category_id=article.category_id, body_md="new"
    )
    kb.update_article(article, fields, None)
    assert db.session.scalar(select(ArticleFlag)).resolution == "updated"
    assert "Nothing to review" in client.get("/editor/review").get_data(as_text=True)
