"""flask content sync / export: files in, files out, nothing overwritten by surprise."""

from pathlib import Path

import pytest
from sqlalchemy import select

from portal.content.files import SLUG
from portal.extensions import db
from portal.kb import queries, services
from portal.kb.content import sync_content
from portal.kb.models import Article, Category
from tests.factories import make_user

CATEGORIES = """\
- slug: billing
  name: Billing
  name_fil: Bayarin
  description: Paying for things.
  position: 1
- slug: refunds
  name: Refunds
  description: Money back.
  parent: billing
  position: 2
"""


def article(slug, title="A title", category="billing", body="Body text.", **extra):
    meta = {"title": title, "slug": slug, "category": category, "language": "en", **extra}
    lines = "\n".join(f"{k}: {v}" for k, v in meta.items())
    return f"---\n{lines}\n---\n\n{body}\n"


@pytest.fixture
def content(app, tmp_path) -> Path:
    folder = tmp_path / "content"
    (folder / "articles" / "billing").mkdir(parents=True)
    (folder / "categories.yml").write_text(CATEGORIES)
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "articles" / "billing" / name
    path.write_text(text)
    return path


def test_sync_creates_categories_articles_and_translations(content):
    write(
        content,
        "pay.md",
        article("pay", title="How to pay", translation="magbayad", tags="[gcash, card]"),
    )
    write(
        content,
        "magbayad.md",
        article("magbayad", title="Paano magbayad", language="fil", translation="pay"),
    )
    report = sync_content(content)
    assert report.ok and sorted(report.created) == ["magbayad", "pay"]
    pay = queries.find_article("pay")
    assert pay.title == "How to pay"
    assert pay.translation.slug == "magbayad"
    assert pay.translation.language == "fil"
    assert pay.tag_names == ["card", "gcash"]
    assert "<p>Body text.</p>" in pay.body_html
    refunds = db.session.scalar(select(Category).where(Category.slug == "refunds"))
    assert refunds.parent.slug == "billing"


def test_sync_is_idempotent(content):
    write(content, "pay.md", article("pay", translation="magbayad"))
    write(content, "magbayad.md", article("magbayad", language="fil", translation="pay"))
    sync_content(content)
    again = sync_content(content)
    assert again.ok
    assert again.created == [] and again.updated == []
    assert sorted(again.unchanged) == ["magbayad", "pay"]


def test_sync_updates_changed_files_and_keeps_a_revision(content):
    path = write(content, "pay.md", article("pay", body="Old body."))
    sync_content(content)
    path.write_text(article("pay", body="New body."))
    report = sync_content(content)
    assert report.updated == ["pay"]
    pay = queries.find_article("pay")
    assert "New body." in pay.body_html
    assert [r.body_md.strip() for r in sorted(pay_revisions(pay), key=lambda r: r.number)] == [
        "Old body.",
        "New body.",
    ]


def pay_revisions(article):
    from portal.kb.models import ArticleRevision

    return db.session.scalars(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id)
    ).all()


def test_sync_archives_articles_whose_file_is_gone(content):
    path = write(content, "pay.md", article("pay"))
    write(content, "keep.md", article("keep"))
    sync_content(content)
    path.unlink()
    report = sync_content(content)
    assert report.archived == ["pay"]
    assert queries.find_article("pay") is None
    assert queries.find_article("pay", include_unpublished=True).status == "archived"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter at all", "no front matter"),
        ("---\ntitle: [unclosed\n---\nbody", "not valid YAML"),
        ("---\n- a list\n---\nbody", "must be a mapping"),
        (article("x", category="nowhere"), "unknown category 'nowhere'"),
        (article("Bad Slug!"), "must be lowercase letters"),
        ("---\nslug: x\ncategory: billing\n---\nbody", "'title' is missing"),
        (article("x", language="de"), "language must be one of"),
        (article("x", status="live"), "status must be one of"),
        (article("x", tags="just-a-word"), "tags must be a list"),
        (article("x", faq="perhaps"), "faq must be true or false"),
        (article("x", colour="blue"), "unknown field(s): colour"),
    ],
)
def test_bad_files_are_reported_and_the_rest_still_import(content, text, problem):
    write(content, "bad.md", text)
    write(content, "good.md", article("good"))
    report = sync_content(content)
    assert not report.ok
    [(path, message)] = report.errors
    assert path == "articles/billing/bad.md"
    assert problem in message
    assert report.created == ["good"]


def test_duplicate_slug_is_reported_with_both_paths(content):
    write(content, "a.md", article("same"))
    write(content, "b.md", article("same", title="Another"))
    report = sync_content(content)
    assert report.created == ["same"]
    [(path, message)] = report.errors
    assert path == "articles/billing/b.md"
    assert "articles/billing/a.md" in message


def test_unknown_translation_is_reported(content):
    write(content, "a.md", article("a", translation="ghost"))
    report = sync_content(content)
    assert report.errors == [("articles/billing/a.md", "translation 'ghost' does not exist")]


def test_an_article_edited_in_the_browser_is_not_overwritten(content):
    path = write(content, "pay.md", article("pay", body="From the file."))
    sync_content(content)
    pay = queries.find_article("pay")
    fields = services.ArticleFields(
        title=pay.title, slug="pay", category_id=pay.category_id, body_md="Edited in the browser.",
        summary=pay.summary, language="en",
    )  # fmt: skip
    services.update_article(pay, fields, make_user(role="editor"))
    path.write_text(article("pay", body="File changed too."))
    report = sync_content(content)
    assert report.conflicts == [("articles/billing/pay.md", "pay")]
    assert not report.ok
    assert "Edited in the browser." in queries.find_article("pay").body_html


def test_browser_edit_alone_is_not_a_conflict(content):
    write(content, "pay.md", article("pay", body="From the file."))
    sync_content(content)
    pay = queries.find_article("pay")
    fields = services.ArticleFields(
        title=pay.title, slug="pay", category_id=pay.category_id, body_md="Edited.", language="en"
    )
    services.update_article(pay, fields, None)
    report = sync_content(content)
    assert report.ok and report.unchanged == ["pay"]


def test_renamed_slug_in_the_file_renames_the_article_and_redirects(content, client):
    path = write(content, "pay.md", article("pay"))
    sync_content(content)
    path.write_text(article("how-to-pay"))
    report = sync_content(content)
    assert report.updated == ["how-to-pay"]
    response = client.get("/kb/pay")
    assert response.status_code == 301
    assert response.headers["Location"] == "/kb/how-to-pay"


def test_export_writes_files_that_sync_reads_back_unchanged(
    content, tmp_path, app, migrated_database
):
    write(content, "pay.md", article("pay", translation="magbayad", tags="[gcash]", faq="true"))
    write(content, "magbayad.md", article("magbayad", language="fil", translation="pay"))
    sync_content(content)
    out = tmp_path / "exported"
    from portal.kb.content import export_content

    assert export_content(out) == 2
    exported = (out / "articles" / "billing" / "pay.md").read_text()
    assert exported.startswith("---\ntitle: A title\nslug: pay\ncategory: billing\n")
    assert "faq: true" in exported
    assert sync_content(out).unchanged == ["magbayad", "pay"]


def test_cli_sync_reports_counts_and_fails_on_problems(runner, content):
    write(content, "good.md", article("good"))
    result = runner.invoke(args=["content", "sync", str(content)])
    assert result.exit_code == 0, result.output
    assert (
        "Articles: 1 created, 0 updated, 0 unchanged, 0 archived, 0 conflicts, 0 errors"
        in result.output
    )
    write(content, "bad.md", article("bad", category="nowhere"))
    result = runner.invoke(args=["content", "sync", str(content)])
    assert result.exit_code == 1
    assert "error: articles/billing/bad.md: unknown category 'nowhere'" in result.output
    assert "fix the files named above" in result.output


def test_cli_sync_explains_a_missing_folder(runner, tmp_path):
    result = runner.invoke(args=["content", "sync", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "is not a folder" in result.output


def test_cli_export(runner, content, tmp_path):
    write(content, "good.md", article("good"))
    runner.invoke(args=["content", "sync", str(content)])
    result = runner.invoke(args=["content", "export", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "Exported 1 articles" in result.output


# Demo articles written for Filipino customers only, with no English counterpart.
FILIPINO_ONLY = {
    "alon-plus-sa-gcash-o-maya",
    "kapag-may-brownout",
    "may-nakikigamit-ba-ng-wifi-mo",
    "mga-tanong-bago-bumili-ng-alon-mesh",
    "pag-share-ng-wifi-sa-kapitbahay",
    "paglipat-ng-bahay-o-internet-provider",
    "warranty-at-pagpapaayos-ng-unit",
    "wifi-ng-pamilya-mula-sa-malayo",
    "wifi-sa-bahay-na-konkreto-o-may-palapag",
}


def test_demo_content_imports_cleanly(runner, app):

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "errors" in result.output and ", 0 errors" in result.output
    articles = db.session.scalars(select(Article)).all()
    assert len(articles) >= 30
    assert len({a.category_id for a in articles}) >= 6
    filipino = [a for a in articles if a.language == "fil"]
    assert len(filipino) >= 40
    assert {a.slug for a in filipino if a.translation is None} == FILIPINO_ONLY
    assert all(
        a.translation.language == "en" and a.translation.translation == a
        for a in filipino
        if a.translation
    )
    assert sum(a.faq for a in articles) >= 2


def test_a_slug_ending_in_a_newline_is_not_a_slug():
    assert SLUG.match("cards") and not SLUG.match("cards\n")
