"""The demo community loads once, in English and Filipino, some threads solved."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.forum.models import ForumCategory, Post, Thread


def test_demo_load_creates_the_community_once(runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "22 threads created" in result.output
    again = runner.invoke(args=["demo", "load"])
    assert "0 threads created, 22 already there" in again.output

    assert db.session.scalar(select(func.count(ForumCategory.id))) >= 6
    threads = db.session.scalars(select(Thread)).all()
    assert len(threads) >= 20
    assert {t.language for t in threads} == {"en", "fil"}
    assert any(t.is_solved for t in threads)
    assert any(t.reply_count == 0 for t in threads)
    assert db.session.scalar(select(func.count(Post.id))) > len(threads)
    categories = db.session.scalars(select(ForumCategory)).all()
    assert sum(c.thread_count for c in categories) == len(threads)

    page = client.get("/forum/kwentuhan/")
    assert "Paano palitan ang password ng Wi-Fi sa Alon app?" in page.text
