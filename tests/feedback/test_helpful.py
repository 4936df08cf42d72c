"""'Was this helpful?': votes, their deduplication, the 'No' flow and update mails."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.feedback import services
from portal.feedback.models import HelpfulVote, PageWatch
from portal.kb import services as kb
from tests.factories import make_article, make_category


def votes(article) -> list[HelpfulVote]:
    return list(db.session.scalars(select(HelpfulVote).where(HelpfulVote.page_id == article.id)))


def vote_url(article) -> str:
    return f"/feedback/helpful/article/{article.id}"


def test_article_page_asks_whether_it_helped(client):
    article = make_article()
    page = client.get(f"/kb/{article.slug}").text
    assert 'id="helpful"' in page and "Was this helpful?" in page
    assert f'action="{vote_url(article)}"' in page and 'hx-post="' in page


def test_visitor_votes_once_and_a_later_click_changes_the_vote(client):
    article = make_article()
    response = client.post(vote_url(article), data={"helpful": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/kb/{article.slug}#helpful"
    client.post(vote_url(article), data={"helpful": "yes"})
    client.post(vote_url(article), data={"helpful": "no"})
    [vote] = votes(article)
    assert vote.helpful is False and vote.voter_key.startswith("v:")


def test_each_visitor_and_member_has_their_own_vote(app, client, login):
    article = make_article()
    other = app.test_client()
    client.post(vote_url(article), data={"helpful": "no"})
    other.post(vote_url(article), data={"helpful": "yes"})
    user = login()
    client.post(vote_url(article), data={"helpful": "yes"})
    found = {v.voter_key: v.helpful for v in votes(article)}
    assert len(found) == 3 and found[f"u:{user.id}"] is True


def test_a_racing_duplicate_insert_changes_the_existing_vote(app):
    article = make_article()
    services.cast_vote("article", article.id, "v:same", True)
    # Simulate a request that checked before the other one inserted.
    original = services.find_vote
    calls = iter([None])
    services.find_vote = lambda *args: next(calls, None) or original(*args)
    try:
        vote = services.cast_vote("article", article.id, "v:same", False)
    finally:
        services.find_vote = original
    assert vote.helpful is False
    assert db.session.scalar(select(func.count(HelpfulVote.id))) == 1


def test_htmx_vote_answers_with_the_fragment_only(client):
    article = make_article()
    response = client.post(
        vote_url(article), data={"helpful": "no"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="helpful"' in response.text
    assert "What was missing?" in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_no_opens_comment_related_articles_a_human_and_the_outdated_flag(client):
    category = make_category()
    article = make_article(category=category, tags=("refunds",))
    make_article(title="Refund timelines", category=category, tags=("refunds",))
    client.post(vote_url(article), data={"helpful": "no"})
    page = client.get(f"/kb/{article.slug}").text
    helpful = page.split('id="helpful"')[1].split("</section>")[0]
    assert "What was missing?" in helpful
    assert "Refund timelines" in helpful
    assert f"/contact?from=/kb/{article.slug}" in helpful
    assert f"/kb/{article.slug}#flag-outdated" in helpful
    assert 'id="flag-outdated"' in page


def test_what_was_missing_is_saved_on_the_no_vote(client):
    article = make_article()
    client.post(vote_url(article), data={"helpful": "no"})
    response = client.post(vote_url(article) + "/missing", data={"helpful-comment": "Mobile steps"})
    assert response.status_code == 303
    assert votes(article)[0].comment == "Mobile steps"
    assert "Mobile steps" in client.get(f"/kb/{article.slug}").text


def test_too_long_comment_keeps_the_text_and_says_why(client):
    article = make_article()
    client.post(vote_url(article), data={"helpful": "no"})
    text = "x" * 2001
    response = client.post(vote_url(article) + "/missing", data={"helpful-comment": text})
    assert response.status_code == 400 and text in response.text
    assert votes(article)[0].comment == ""


def test_changing_to_yes_drops_the_missing_comment(client):
    article = make_article()
    client.post(vote_url(article), data={"helpful": "no"})
    client.post(vote_url(article) + "/missing", data={"helpful-comment": "Mobile steps"})
    client.post(vote_url(article), data={"helpful": "yes"})
    assert votes(article)[0].comment == ""


def test_bad_votes_and_unknown_pages_are_refused(client):
    article = make_article()
    draft = make_article(status="draft")
    assert client.post(vote_url(article), data={"helpful": "maybe"}).status_code == 400
    assert client.post(vote_url(draft), data={"helpful": "no"}).status_code == 404
    assert client.post("/feedback/helpful/article/99999", data={"helpful": "no"}).status_code == 404
    assert (
        client.post(f"/feedback/helpful/poem/{article.id}", data={"helpful": "no"}).status_code
        == 404
    )
    assert votes(article) == []


def test_visitors_cannot_watch_and_members_get_one_mail_on_a_published_change(
    client, login, outbox
):
    article = make_article(title="Pay by GCash")
    assert "/watch" not in client.get(f"/kb/{article.slug}").text
    assert client.post(vote_url(article) + "/watch", data={"on": "1"}).status_code == 302
    user = login(locale="fil")
    assert f'action="{vote_url(article)}/watch"' in client.get(f"/kb/{article.slug}").text
    assert client.post(vote_url(article) + "/watch", data={"on": "1"}).status_code == 303
    client.post(vote_url(article) + "/watch", data={"on": "1"})  # a double click
    assert db.session.scalar(select(func.count(PageWatch.id))) == 1

    fields = kb.ArticleFields(
        title=article.title, slug=article.slug, category_id=article.category_id,
        body_md="New steps.", summary=article.summary,
    )  # fmt: skip
    kb.update_article(article, fields, None)
    [mail] = outbox()
    assert mail["To"] == user.email
    assert f"/kb/{article.slug}" in mail.get_body(preferencelist=("plain",)).get_content()
    assert "Na-update" in mail["Subject"]  # in the reader's language
    kb.update_article(article, fields.__class__(**{**fields.__dict__, "body_md": "Again."}), None)
    assert len(outbox()) == 1  # one mail, then the watch is spent


def test_edits_to_drafts_and_unchanged_saves_send_no_mail(client, login, outbox):
    article = make_article()
    user = login()
    services.set_watch("article", article.id, user, True)
    fields = kb.ArticleFields(
        title=article.title, slug=article.slug, category_id=article.category_id,
        body_md=article.body_md, summary="Only the summary changed.",
    )  # fmt: skip
    kb.update_article(article, fields, None)
    kb.set_status(article, "draft")
    kb.update_article(article, fields.__class__(**{**fields.__dict__, "body_md": "New"}), None)
    assert outbox() == []


def test_member_can_stop_watching(client, login):
    article = make_article()
    login()
    client.post(vote_url(article) + "/watch", data={"on": "1"})
    client.post(vote_url(article) + "/watch", data={"on": "0"})
    assert db.session.scalar(select(func.count(PageWatch.id))) == 0


def test_the_page_says_how_many_people_it_helped(client):
    from tests.factories import make_vote

    article = make_article()
    assert "found this helpful" not in client.get(f"/kb/{article.slug}").text
    make_vote(article, helpful=True)
    assert "1 person found this helpful" in client.get(f"/kb/{article.slug}").text
    make_vote(article, helpful=True)
    make_vote(article, helpful=False)
    page = client.get(f"/kb/{article.slug}").text
    assert "2 people found this helpful" in page
    htmx = {"HX-Request": "true"}
    fragment = client.post(vote_url(article), data={"helpful": "yes"}, headers=htmx)
    assert "3 people found this helpful" in fragment.text


def test_the_helped_count_reads_naturally_in_filipino(client):
    from tests.factories import make_vote

    article = make_article()
    for _ in range(5):
        make_vote(article, helpful=True)
    page = client.get(f"/kb/{article.slug}", headers={"Accept-Language": "fil"}).text
    assert "Nakatulong ito sa 5 na tao" in page
