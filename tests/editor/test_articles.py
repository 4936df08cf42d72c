"""Writing articles: create, edit, statuses, slugs, translations, preview and the list."""

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.kb.models import Article, ArticleRevision
from tests.factories import make_article, make_category, make_flag


def form_data(category, **overrides):
    data = {
        "title": "Paying with a card",
        "slug": "",
        "category_id": str(category.id),
        "language": "en",
        "translation_id": "",
        "summary": "Which cards we take.",
        "tags": "billing, Cards ",
        "body_md": "## Cards we accept\n\nVisa and Mastercard.",
        "action": "save",
    }
    data.update(overrides)
    return data


@pytest.fixture
def category():
    return make_category("Billing")


def article_by_title(title):
    return db.session.scalar(select(Article).where(Article.title == title))


def test_saving_a_new_article_makes_a_draft_with_a_slug_from_the_title(client, editor, category):
    response = client.post("/editor/articles/new", data=form_data(category))
    article = article_by_title("Paying with a card")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/editor/articles/{article.id}"
    assert article.slug == "paying-with-a-card"
    assert article.status == "draft"
    assert article.tag_names == ["billing", "cards"]
    assert article.author_id == editor.id
    assert "<h2" in article.body_html
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved." in page


def test_a_suggested_slug_never_takes_another_articles(client, editor, category):
    make_article(slug="paying-with-a-card", category=category)
    client.post("/editor/articles/new", data=form_data(category))
    assert article_by_title("Paying with a card").slug == "paying-with-a-card-2"


def test_drafts_are_hidden_from_customers_until_published(client, login, category):
    login("editor")
    client.post("/editor/articles/new", data=form_data(category, slug="cards"))
    article = article_by_title("Paying with a card")
    client.post("/auth/logout")
    assert client.get("/kb/cards").status_code == 404

    login("editor")
    data = form_data(category, slug="cards", version=str(article.version), action="publish")
    asked = client.post(f"/editor/articles/{article.id}", data=data)
    assert asked.status_code == 200 and "Publish this now?" in asked.text
    db.session.refresh(article)
    assert article.status == "draft"
    confirmed = {**data, "confirm_publish": "1"}
    assert client.post(f"/editor/articles/{article.id}", data=confirmed).status_code == 303
    client.post("/auth/logout")
    login("customer")
    assert client.get("/kb/cards").status_code == 200


def test_unpublish_and_archive_hide_the_article_again(client, login, category):
    article = make_article(category=category, slug="cards", title="Cards")
    login("editor")
    steps = [("unpublish", "draft"), ("publish", "published"), ("archive", "archived")]
    for action, status in steps:
        db.session.refresh(article)
        data = form_data(category, title="Cards", slug="cards", version=article.version)
        data.update(action=action, confirm_publish="1")
        response = client.post(f"/editor/articles/{article.id}", data=data)
        assert response.status_code == 303
        db.session.refresh(article)
        assert article.status == status
    client.post("/auth/logout")
    assert client.get("/kb/cards").status_code == 404


def test_the_buttons_follow_the_status(client, editor, category):
    draft = make_article(category=category, status="draft")
    published = make_article(category=category)
    page = client.get(f"/editor/articles/{draft.id}").get_data(as_text=True)
    assert "Save draft" in page and 'value="publish"' in page and 'value="unpublish"' not in page
    page = client.get(f"/editor/articles/{published.id}").get_data(as_text=True)
    assert "Save changes" in page and "Unpublish (back to draft)" in page
    assert 'value="publish"' not in page


def test_publishing_asks_first_and_keeps_the_text_meanwhile(client, editor, category):
    draft = make_article(category=category, status="draft", slug="cards", title="Cards")
    data = form_data(
        category, title="Cards", slug="cards", version=draft.version, body_md="## New text"
    )
    page = client.get(f"/editor/articles/{draft.id}").text
    # Publish looks unlike Save draft, and the text box explains the Markdown on offer.
    assert 'value="publish" class="button-publish"' in page
    assert "Formatting help (Markdown)" in page and "!!! note" in page and "- [ ]" in page
    asked = client.post(f"/editor/articles/{draft.id}", data={**data, "action": "publish"})
    assert asked.status_code == 200
    assert 'id="confirm-publish"' in asked.text and "Yes, publish" in asked.text
    assert "## New text" in asked.text  # nothing typed is lost while asking
    db.session.refresh(draft)
    assert (draft.status, draft.body_md) == ("draft", "Some helpful text.")
    # "Not yet" goes back to the form without publishing.
    back = client.post(
        f"/editor/articles/{draft.id}", data={**data, "action": "preview", "confirm_publish": "1"}
    )
    assert back.status_code == 200 and 'id="confirm-publish"' not in back.text
    db.session.refresh(draft)
    assert draft.status == "draft"


def test_renaming_the_slug_keeps_the_old_address_with_a_301(client, editor, category):
    article = make_article(category=category, slug="old-name", title="Cards")
    data = form_data(category, title="Cards", slug="new-name", version=article.version)
    client.post(f"/editor/articles/{article.id}", data=data)
    response = client.get("/kb/old-name")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/kb/new-name")


def test_bad_input_keeps_everything_typed(client, editor, category):
    data = form_data(category, title="", slug="Not A Slug!", body_md="My long careful text")
    response = client.post("/editor/articles/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please correct the marked fields." in page
    assert "My long careful text" in page
    assert 'value="Not A Slug!"' in page
    assert "Which cards we take." in page
    assert db.session.scalar(select(Article)) is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"category_id": "999"},
        {"category_id": "abc"},
        {"language": "de"},
        {"translation_id": "999"},
        {"translation_id": "x"},
        {"title": "x" * 201},
        {"summary": "x" * 301},
        {"slug": "-bad-"},
        {"version": "not-a-number", "action": "nonsense"},
    ],
)
def test_every_bad_value_is_refused_without_a_500(client, editor, category, overrides):
    response = client.post("/editor/articles/new", data=form_data(category, **overrides))
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        assert "Paying with a card" in response.get_data(as_text=True) or overrides.get("title")


def test_a_taken_slug_is_a_field_error(client, editor, category):
    make_article(category=category, slug="cards")
    response = client.post("/editor/articles/new", data=form_data(category, slug="cards"))
    assert response.status_code == 400
    assert "Another article uses this slug." in response.get_data(as_text=True)


def test_a_title_without_letters_asks_for_a_slug(client, editor, category):
    response = client.post("/editor/articles/new", data=form_data(category, title="???"))
    assert response.status_code == 400
    assert "Type a slug" in response.get_data(as_text=True)


def test_linking_a_translation_links_both_ways(client, editor, category):
    english = make_article(category=category, title="Refunds")
    client.post(
        "/editor/articles/new",
        data=form_data(
            category, title="Mga refund", language="fil", translation_id=str(english.id)
        ),
    )
    filipino = article_by_title("Mga refund")
    db.session.refresh(english)
    assert filipino.translation_id == english.id
    assert english.translation_id == filipino.id


def test_a_translation_in_the_same_language_is_refused(client, editor, category):
    other = make_article(category=category, title="Refunds")
    response = client.post(
        "/editor/articles/new", data=form_data(category, translation_id=str(other.id))
    )
    assert response.status_code == 400
    assert "Choose an article in the other language" in response.get_data(as_text=True)


def test_the_live_preview_answers_htmx_with_a_fragment(client, editor):
    response = client.post(
        "/editor/preview",
        data={"title": "Hello", "body_md": "## Steps\n\n<script>alert(1)</script>**bold**"},
        headers={"HX-Request": "true"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page
    assert "<strong>bold</strong>" in page
    assert "<script" not in page
    assert 'id="preview-steps"' in page
    assert "HX-Request" in response.headers["Vary"]


def test_the_preview_endpoint_without_htmx_is_a_page(client, editor):
    response = client.post("/editor/preview", data={"body_md": "*hello*"})
    page = response.get_data(as_text=True)
    assert "<html" in page and "<em>hello</em>" in page


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "PORTAL_PREVIEW_LIMIT": "3 per minute"}]
)
@pytest.mark.parametrize("url", ["/editor/preview", "/editor/tutorials/preview"])
def test_live_previews_are_rate_limited_per_editor(client, editor, url):
    codes = [client.post(url, data={"body_md": "*hi*"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_preview_button_works_without_javascript_and_keeps_every_field(
    client, editor, category
):
    data = form_data(category, action="preview", faq="y", body_md="Some **strong** words")
    response = client.post("/editor/articles/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Some <strong>strong</strong> words" in page
    assert "Some **strong** words</textarea>" in page
    assert 'value="billing, Cards "' in page
    assert 'id="faq" name="faq" type="checkbox" value="y" checked' in page or "checked" in page
    assert db.session.scalar(select(Article)) is None


def test_the_edit_form_shows_the_saved_article_and_its_preview(client, editor, category):
    article = make_article(category=category, body="Hello *there*")
    page = client.get(f"/editor/articles/{article.id}").get_data(as_text=True)
    assert "Hello *there*</textarea>" in page
    assert "Hello <em>there</em>" in page
    assert f'name="version" type="hidden" value="{article.version}"' in page


def test_the_list_filters_by_status_language_category_and_text(client, editor, category):
    other = make_category("Orders")
    make_article(title="Card refunds", category=category)
    make_article(title="Draft about cards", category=category, status="draft")
    make_article(title="Pagbabayad", category=category, language="fil", slug="pagbabayad")
    make_article(title="Delivery times", category=other)

    def titles(query):
        page = client.get("/editor/?" + query).get_data(as_text=True)
        names = ["Card refunds", "Draft about cards", "Pagbabayad", "Delivery times"]
        return {name for name in names if name in page}

    assert titles("status=draft") == {"Draft about cards"}
    assert titles("language=fil") == {"Pagbabayad"}
    assert titles(f"category={other.id}") == {"Delivery times"}
    assert titles("q=CARD") == {"Card refunds", "Draft about cards"}
    assert titles("q=pagbab") == {"Pagbabayad"}
    assert titles("q=%25") == set()
    assert len(titles("status=nonsense&category=abc&language=xx&page=-3")) == 4


def test_the_list_is_paginated(client, editor, category):
    for n in range(27):
        make_article(title=f"Numbered {n:02d}", category=category)
    first = client.get("/editor/").get_data(as_text=True)
    second = client.get("/editor/?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "27 articles" in first
    assert first.count('name="article_ids"') == 25
    assert second.count('name="article_ids"') == 2
    assert client.get("/editor/?page=99").status_code == 200


def test_the_list_marks_stale_translations_and_counts_open_flags(client, editor, category):
    from datetime import timedelta

    english = make_article(title="Refunds", category=category)
    filipino = make_article(title="Mga refund", category=category, language="fil")
    from portal.kb import services as kb

    kb.link_translations(english, filipino)
    english.content_changed_at = filipino.content_changed_at + timedelta(hours=1)
    db.session.commit()
    make_flag(filipino)
    make_flag(filipino)
    page = client.get("/editor/").get_data(as_text=True)
    assert page.count("Translation changed since: update needed") == 1
    assert '<a href="/editor/review">2</a>' in page
    assert "(2 open flags)" in page


def test_the_list_runs_the_same_number_of_queries_for_many_articles(client, editor, category):
    def count_queries():
        statements = []

        def record(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.get("/editor/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    article = make_article(category=category)
    make_flag(article)
    few = count_queries()
    for _ in range(10):
        other = make_article(category=make_category(), language="fil")
        make_flag(other)
        from portal.kb import services as kb

        kb.link_translations(other, make_article(category=category))
    assert count_queries() == few


def test_moving_selected_articles_to_another_category(client, editor, category):
    other = make_category("Orders")
    first = make_article(category=category)
    second = make_article(category=category)
    stays = make_article(category=category)
    response = client.post(
        "/editor/articles/move",
        data={
            "article_ids": [str(first.id), str(second.id)],
            "category_id": str(other.id),
            "next": "/editor/?status=published",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/editor/?status=published"
    for article in (first, second, stays):
        db.session.refresh(article)
    assert (first.category_id, second.category_id, stays.category_id) == (
        other.id,
        other.id,
        category.id,
    )
    assert first.version == 2


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"category_id": "1"},
        {"article_ids": "x", "category_id": "1"},
        {"article_ids": "1", "category_id": "abc"},
        {"article_ids": "1", "category_id": "999", "next": "https://evil.example/"},
    ],
)
def test_moving_refuses_bad_input_without_a_500(client, editor, category, data):
    make_article(category=category)
    response = client.post("/editor/articles/move", data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == "/editor/"


def test_every_save_of_the_text_adds_a_revision_with_its_note(client, editor, category):
    article = make_article(category=category, title="Cards")
    data = form_data(category, title="Cards", body_md="New text", version=article.version)
    client.post(f"/editor/articles/{article.id}", data={**data, "note": "Fixed the card list"})
    revisions = db.session.scalars(select(ArticleRevision).order_by(ArticleRevision.number)).all()
    assert [(r.number, r.note) for r in revisions] == [(1, "created"), (2, "Fixed the card list")]


def test_a_slug_with_a_trailing_newline_is_refused(client, editor, category):
    response = client.post("/editor/articles/new", data=form_data(category, slug="cards\n"))
    assert response.status_code in (200, 400)
    assert "Use lowercase letters, digits and single hyphens." in response.text
    assert article_by_title("Paying with a card") is None
