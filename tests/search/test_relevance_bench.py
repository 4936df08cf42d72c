"""The relevance bench: GNOME Help's Mallard pages become importable articles; the question
sets are big enough, well-formed and kept apart; ranks and figures are computed right."""

from __future__ import annotations

from sqlalchemy import select

from bench.relevance import gnome_help, retrievers
from bench.relevance import sets as qsets
from portal.extensions import db
from portal.kb.content import sync_content
from portal.kb.models import Article, Category
from portal.search.documents import SearchDocument, Section

MALLARD = 'xmlns="http://projectmallard.org/1.0/" xmlns:if="http://projectmallard.org/if/1.0/"'

PAGES = {
    "index": f"""<page {MALLARD} type="guide" id="index"><title>Desktop Help</title></page>""",
    "net": f"""<page {MALLARD} type="guide" id="net">
  <info><link type="guide" xref="index"/><desc>Wired and wireless.</desc></info>
  <title>Networking</title></page>""",
    "net-wifi-drop": f"""<page {MALLARD} type="topic" style="problem" id="net-wifi-drop">
  <info>
    <link type="guide" xref="net#problems"/>
    <desc>You might have low signal.</desc>
    <credit type="author"><name>Someone</name></credit>
  </info>
  <title>Why does my wireless network keep disconnecting?</title>
  <p>Your computer tries to reconnect at once.</p>
  <if:choose>
    <if:when test="platform:gnome-classic"><p>Classic session text.</p></if:when>
    <if:when test="!platform:gnome-classic"><p>Standard session text.</p></if:when>
  </if:choose>
  <section id="signal">
    <title>Weak signal</title>
    <steps>
      <item><p>Open <gui>Settings</gui> and press
        <keyseq><key>Ctrl</key><key>W</key></keyseq>.</p></item>
      <item><p>Move closer to the base station.</p></item>
    </steps>
    <note style="tip"><p>See <link xref="net-wifi-hidden"/> too.</p></note>
    <comment><p>Editors' remark, not for readers.</p></comment>
  </section>
</page>""",
    "net-wifi-hidden": f"""<page {MALLARD} type="topic" id="net-wifi-hidden">
  <info><link type="guide" xref="net"/></info>
  <title>Connect to a hidden wireless network</title>
  <p>Type the network name yourself.</p>
</page>""",
}


def test_mallard_pages_become_articles_that_content_sync_imports(app, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in PAGES.items():
        (pages / f"{name}.page").write_text(text, encoding="utf-8")

    articles, categories = gnome_help.convert(pages, tmp_path / "content")
    report = sync_content(tmp_path / "content")

    assert (articles, categories) == (2, 2)
    assert report.ok, report.errors
    net = db.session.scalar(select(Category).where(Category.slug == "net"))
    assert net.parent.slug == "index"
    article = db.session.scalar(select(Article).where(Article.slug == "net-wifi-drop"))
    assert article.title == "Why does my wireless network keep disconnecting?"
    assert article.summary == "You might have low signal."
    assert article.category.slug == "net"
    html = article.body_html
    assert "Standard session text." in html
    assert "Classic session text." not in html
    assert "Editors' remark" not in html
    assert "<strong>Settings</strong>" in html and "Ctrl+W" in html
    assert '<a href="/kb/net-wifi-hidden">Connect to a hidden wireless network</a>' in html
    assert "<ol>" in html and "Weak signal" in html


def test_question_sets_are_big_enough_well_formed_and_kept_apart():
    sets = {s.name: s for s in qsets.sets_for("gnome_help")}
    test, exact, dev = (
        sets["gnome_help_en_test"],
        sets["gnome_help_exact_test"],
        sets["gnome_help_en_dev"],
    )

    assert len(test.questions) >= 80
    assert len(exact.questions) >= 20
    assert 15 <= len(dev.questions) <= 80
    for qset in (test, exact, dev):
        assert all(q.lang == "en" and q.expected for q in qset.questions)
        assert len({q.q for q in qset.questions}) == len(qset.questions)
    tested = {s for qset in (test, exact) for q in qset.questions for s in q.expected}
    assert tested.isdisjoint(s for q in dev.questions for s in q.expected)


def test_rank_is_the_first_expected_result_within_ten():
    results = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]

    assert qsets.rank(results, ["c", "b"]) == 2
    assert qsets.rank(results, ["k"]) is None
    assert qsets.figures([1, 2, None, 4]) == {"mrr10": 0.4375, "hit1": 0.25, "hit10": 0.75}


def test_plain_bm25_ranks_the_article_with_the_rare_words_first():
    def doc(n: int, title: str, text: str) -> SearchDocument:
        return SearchDocument(
            kind="article", id=n, title=title, url=f"/kb/doc-{n}", sections=[Section("", "", text)]
        )

    documents = [
        doc(1, "Printer setup", "Connect the printer and open the settings."),
        doc(2, "Paper jam", "Open the panel and pull the stuck sheet out of the printer."),
        doc(3, "Screen", "Open the settings to change the screen."),
    ]
    ranking = retrievers.plain_bm25(documents)

    assert ranking("a sheet is stuck in the printer", "en")[0] == "doc-2"
    assert ranking("!!!", "en") == []
    assert retrievers.result_id("/kb/doc-2#section") == "doc-2"
    assert retrievers.result_id("/tutorials/x/1") == "/tutorials/x/1"
