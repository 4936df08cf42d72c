"""Filipino readers see Filipino first: article lists, box titles, counts."""

from flask_babel import force_locale, ngettext

from portal.extensions import db
from tests.factories import make_article, make_category

FIL = {"Accept-Language": "fil"}


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_popular_and_recent_lists_put_filipino_articles_first_for_filipino_readers(client):
    category = make_category()
    english = make_article(title="Much read in English", category=category)
    english.view_count = 500
    filipino = make_article(title="Bagong artikulo sa Filipino", category=category, language="fil")
    filipino.view_count = 3
    db.session.commit()
    for path in ("/kb/", "/"):
        page = client.get(path, headers=FIL).text
        assert page.index("Bagong artikulo sa Filipino") < page.index("Much read in English")
    kb_home = client.get("/kb/", headers=FIL).text
    recent = _section(kb_home, "recent-heading")
    assert recent.index("Bagong artikulo sa Filipino") < recent.index("Much read in English")
    english_reader = _section(client.get("/kb/").text, "popular-heading")
    assert english_reader.index("Much read in English") < english_reader.index("Bagong artikulo")


def test_a_filipino_articles_boxes_are_titled_in_filipino_for_every_reader(client):
    body = "!!! note\n    Tanggalin muna sa saksakan.\n\n!!! warning\n    Basa ang sahig.\n"
    make_article(title="Paalala sa kuryente", slug="kuryente", body=body, language="fil")
    make_article(title="Power first", slug="power", body=body)
    page = client.get("/kb/kuryente").text  # an English reader of a Filipino article
    assert '<p class="admonition-title">Paalala</p>' in page
    assert '<p class="admonition-title">Babala</p>' in page
    english = client.get("/kb/power", headers=FIL).text
    assert '<p class="admonition-title">Note</p>' in english


def test_filipino_counts_read_naturally(app):
    with app.test_request_context(), force_locale("fil"):
        assert ngettext("%(num)d article", "%(num)d articles", 1) == "1 artikulo"
        assert ngettext("%(num)d article", "%(num)d articles", 5) == "5 na artikulo"
        assert ngettext("%(num)d reply", "%(num)d replies", 3) == "3 na sagot"
        assert ngettext("%(num)d step", "%(num)d steps", 4) == "4 na hakbang"
        found = ngettext("%(num)d found this helpful", "%(num)d found this helpful", 7)
        assert found == "Nakatulong ito sa 7 na tao"


def test_the_migration_renames_boxes_saved_in_filipino_texts_before(app):
    from flask_migrate import downgrade, upgrade

    filipino = make_article(slug="luma", body="!!! note\n    Luma.\n", language="fil")
    english = make_article(slug="old", body="!!! note\n    Old.\n")
    downgrade(revision="fil_0001")  # back to "Note" everywhere, as saved before
    db.session.expire_all()
    assert (
        '<p class="admonition-title">Note</p>'
        in db.session.get(type(filipino), filipino.id).body_html
    )
    upgrade()
    db.session.expire_all()
    assert (
        '<p class="admonition-title">Paalala</p>'
        in db.session.get(type(filipino), filipino.id).body_html
    )
    assert (
        '<p class="admonition-title">Note</p>'
        in db.session.get(type(english), english.id).body_html
    )
