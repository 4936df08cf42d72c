"""Revision history, diffs, restoring, and two editors saving the same article."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.kb import services as kb
from portal.kb.models import ArticleRevision
from tests.factories import make_article, make_category, make_user

SIGN = '<span class="diff-sign" aria-hidden="true">{}</span>'


def edit(article, **changes):
    """Save a change through the service, as another editor's browser would."""
    fields = kb.ArticleFields(
        title=changes.get("title", article.title),
        slug=article.slug,
        category_id=article.category_id,
        body_md=changes.get("body_md", article.body_md),
        summary=article.summary,
        language=article.language,
    )
    return kb.update_article(article, fields, changes.get("author"), note=changes.get("note", ""))


def form_for(article, **overrides):
    data = {
        "title": article.title,
        "slug": article.slug,
        "category_id": str(article.category_id),
        "language": article.language,
        "translation_id": "",
        "summary": article.summary,
        "tags": "",
        "body_md": article.body_md,
        "version": str(article.version),
        "action": "save",
    }
    data.update(overrides)
    return data


def test_the_history_lists_every_revision_with_who_when_and_note(client, editor):
    article = make_article(title="Cards", body="one", author=editor)
    edit(article, body_md="two", author=make_user("editor", display_name="Lito"), note="typo")
    page = client.get(f"/editor/articles/{article.id}/revisions").get_data(as_text=True)
    assert "Maya Editor" in page and "Lito" in page
    assert "typo" in page and "Created" in page
    assert page.index("<td>Lito</td>") < page.index("<td>Maya Editor</td>")  # newest first
    assert f'action="/editor/articles/{article.id}/revisions/1/restore"' in page
    assert f"/editor/articles/{article.id}/revisions/2/restore" not in page


def test_the_diff_shows_changed_lines_with_words_not_colour_alone(client, editor):
    article = make_article(title="Cards", body="keep\nold line\nkeep too")
    edit(article, title="Paying by card", body_md="keep\nnew line\nkeep too")
    response = client.get(f"/editor/articles/{article.id}/compare?old=1&new=2")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    hidden = '<span class="visually-hidden">{}: </span>'
    assert "<del>" + SIGN.format("\u2212") + hidden.format("removed") + "old line</del>" in page
    assert "<ins>" + SIGN.format("+") + hidden.format("added") + "new line</ins>" in page
    assert "Paying by card</ins>" in page and "Cards</del>" in page
    assert "1 line added" in page


def test_comparing_a_revision_with_itself_says_nothing_changed(client, editor):
    article = make_article(title="Cards")
    page = client.get(f"/editor/articles/{article.id}/compare?old=1&new=1").get_data(as_text=True)
    assert "The text is the same in both." in page and "Unchanged: Cards" in page


@pytest.mark.parametrize("query", ["", "?old=1", "?old=a&new=b", "?old=1&new=9", "?old=-1&new=1"])
def test_comparing_unknown_revisions_is_a_form_error_not_a_500(client, editor, query):
    article = make_article()
    response = client.get(f"/editor/articles/{article.id}/compare{query}")
    assert response.status_code == 400
    assert "Please correct the marked fields." in response.get_data(as_text=True)


def test_restoring_a_revision_makes_it_the_newest_revision(client, editor):
    article = make_article(title="Cards", body="first words")
    edit(article, title="Cards!", body_md="second words")
    response = client.post(f"/editor/articles/{article.id}/revisions/1/restore")
    assert response.status_code == 303
    db.session.refresh(article)
    assert (article.title, article.body_md) == ("Cards", "first words")
    assert "first words" in article.body_html
    newest = db.session.scalar(
        select(ArticleRevision).order_by(ArticleRevision.number.desc()).limit(1)
    )
    assert (newest.number, newest.note, newest.author_id) == (3, "restored revision 1", editor.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Revision 1 is restored as the newest revision." in page
    assert "Restored revision 1" in page


def test_restoring_the_current_text_adds_nothing(client, editor):
    article = make_article(body="same")
    edit(article, body_md="other")
    edit(article, body_md="same")
    client.post(f"/editor/articles/{article.id}/revisions/1/restore")
    count = db.session.scalar(select(db.func.count(ArticleRevision.id)))
    assert count == 3


def test_restoring_an_unknown_revision_is_404(client, editor):
    article = make_article()
    assert client.post(f"/editor/articles/{article.id}/revisions/7/restore").status_code == 404


def test_a_second_editor_saving_is_refused_and_keeps_their_text(client, editor):
    article = make_article(title="Cards", body="We take Visa.\nAsk us anything.")
    opened = form_for(article)  # this editor opens the form at version 1
    edit(article, body_md="We take Visa and GCash.\nAsk us anything.", author=make_user("editor"))

    mine = {**opened, "body_md": "We take Visa and Mastercard.\nAsk us anything.", "tags": "x"}
    response = client.post(f"/editor/articles/{article.id}", data=mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing" in page
    assert "We take Visa and Mastercard.\nAsk us anything.</textarea>" in page
    assert 'value="x"' in page
    assert "only in the saved version: </span>We take Visa and GCash.</del>" in page
    assert "only in your text: </span>We take Visa and Mastercard.</ins>" in page
    db.session.refresh(article)
    assert article.body_md.startswith("We take Visa and GCash.")
    # The form now carries the saved version: saving again knowingly replaces it.
    assert f'name="version" type="hidden" value="{article.version}"' in page
    again = {**mine, "version": str(article.version)}
    assert client.post(f"/editor/articles/{article.id}", data=again).status_code == 303
    db.session.refresh(article)
    assert article.body_md.startswith("We take Visa and Mastercard.")


def test_a_status_change_from_an_old_form_is_refused_too(client, editor):
    article = make_article(status="draft")
    opened = form_for(article)
    edit(article, body_md="changed elsewhere")
    response = client.post(
        f"/editor/articles/{article.id}",
        data={**opened, "action": "publish", "confirm_publish": "1"},
    )
    assert response.status_code == 409
    db.session.refresh(article)
    assert article.status == "draft"


def test_moving_an_article_counts_as_a_change_for_an_open_form(client, editor):
    article = make_article()
    opened = form_for(article)
    client.post(
        "/editor/articles/move",
        data={"article_ids": str(article.id), "category_id": str(make_category().id)},
    )
    assert client.post(f"/editor/articles/{article.id}", data=opened).status_code == 409
