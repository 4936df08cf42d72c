"""Ranking, facets and highlights of the search backend, on an index of its own."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from portal.search.documents import SearchDocument, SearchQuery, Section
from portal.search.ranking import PostingsCache
from portal.search.text import highlight
from portal.search.whoosh import WhooshBackend
from tests.search.writer import write_documents


def doc(n: int, title: str, body: str = "", **fields) -> SearchDocument:
    return SearchDocument(
        kind=fields.pop("kind", "article"),
        id=n,
        title=title,
        url=f"/kb/doc-{n}",
        sections=[Section("", "", body)],
        **fields,
    )


FILLER = [
    doc(n, f"Filler page {n}", "Opening hours, delivery areas and store locations.")
    for n in range(100, 130)
]


@pytest.fixture
def backend(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.rebuild(FILLER)
    return backend


def search(backend: WhooshBackend, text: str, **options):
    return backend.search(SearchQuery(text=text, **options))


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def test_a_page_matching_every_word_ranks_above_one_repeating_a_single_word(backend):
    backend.update([
        doc(1, "Router notes", "router router router router router router lights"),
        doc(2, "Router notes", "Reset the router when the lights blink."),
    ])  # fmt: skip
    assert keys(search(backend, "reset router"))[0] == "article:2"


def test_a_word_in_the_title_counts_more_than_in_the_text(backend):
    backend.update([
        doc(1, "Delivery times", "When your refund arrives depends on the bank."),
        doc(2, "Refund times", "When the money arrives depends on the bank."),
    ])  # fmt: skip
    assert keys(search(backend, "refund")) == ["article:2", "article:1"]


def test_a_removed_page_is_gone_at_once_though_its_segment_stays(backend):
    backend.update([doc(1, "Cancel a subscription"), doc(2, "Cancel an order")])
    backend.update([doc(3, "Cancel a delivery")])  # a second segment
    backend.remove(["article:1"])  # marked deleted; the segment is not rewritten

    results = search(backend, "cancel")
    assert sorted(keys(results)) == ["article:2", "article:3"]
    assert results.total == 2
    assert [(f.value, f.count) for f in results.facets["kind"]] == [("article", 2)]


def test_a_page_written_by_another_process_shows_up_in_the_next_search(backend, tmp_path):
    assert search(backend, "bluetooth").total == 0
    other = WhooshBackend(tmp_path / "index")  # as another gunicorn worker would
    other.update([doc(1, "Pair a bluetooth speaker")])
    assert keys(search(backend, "bluetooth")) == ["article:1"]
    other.update([doc(1, "Pair a speaker")])
    assert search(backend, "bluetooth").total == 0


def test_facets_and_totals_count_only_what_the_visitor_may_see(backend):
    backend.update([
        doc(1, "Refund to a card", category="billing"),
        doc(2, "Refund to GCash", category="billing", language="fil"),
        doc(3, "Refund rules for agents", category="billing", audience="staff"),
        doc(4, "Refund a damaged parcel", category="orders", kind="thread"),
    ])  # fmt: skip
    public = search(backend, "refund")
    assert public.total == 3
    assert {f.value: f.count for f in public.facets["category"]} == {"billing": 2, "orders": 1}
    assert {f.value: f.count for f in public.facets["language"]} == {"en": 2, "fil": 1}

    staff = search(backend, "refund", audiences=("public", "staff"))
    assert staff.total == 4

    # Choosing a facet narrows the results; the counts still show every choice.
    billing = search(backend, "refund", category="billing")
    assert sorted(keys(billing)) == ["article:1", "article:2"]
    assert {f.value: f.count for f in billing.facets["kind"]} == {"article": 2, "thread": 1}


def test_pages_of_results_do_not_overlap(backend):
    backend.update([doc(n, f"Reset guide {n}") for n in range(1, 26)])
    seen = []
    for page in (1, 2, 3):
        results = search(backend, "reset", page=page)
        assert results.pages == 3
        seen += keys(results)
    assert len(seen) == len(set(seen)) == 25


def test_searches_in_several_threads_while_pages_are_written(backend):
    backend.update([doc(1, "Mesh node setup")])
    errors: list[BaseException] = []

    def read():
        try:
            for _ in range(30):
                assert "article:1" in keys(search(backend, "mesh node"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    for n in range(2, 12):
        backend.update([doc(n, f"Mesh node {n}")])
    for thread in readers:
        thread.join()
    assert errors == []
    assert search(backend, "mesh").total == 11


def test_highlights_mark_each_form_of_the_word_and_escape_the_text(backend):
    backend.update([
        doc(1, "Resetting a <router>", "Hold the button. The reset takes <b>two</b> minutes."),
    ])  # fmt: skip
    hit = search(backend, "reset").hits[0]
    assert hit.title_html == "<mark>Resetting</mark> a &lt;router&gt;"
    assert "The <mark>reset</mark> takes &lt;b&gt;two&lt;/b&gt; minutes." in hit.snippet_html


def test_a_long_text_gives_fragments_around_the_matches_without_cut_words():
    text = " ".join(["lorem"] * 60 + ["refund"] + ["ipsum"] * 80 + ["refund", "card"])
    snippet = highlight(text, lambda w: w in {"refund", "card"}, maxchars=120, surround=30)
    first, second = snippet.split(" … ")
    assert first.startswith("lorem") and first.endswith("ipsum")
    assert "<mark>refund</mark>" in first
    assert second.endswith("<mark>refund</mark> <mark>card</mark>")
    assert all(len(part) < 160 for part in (first, second))
    assert highlight(text, lambda w: False) == ""


def test_the_postings_cache_keeps_the_most_recently_used_within_its_limit():
    cache = PostingsCache(limit=10)
    cache.put("a", range(4), [1.0] * 4)
    cache.put("b", range(4), [1.0] * 4)
    assert cache.get("a") is not None  # "a" is now the most recently used
    cache.put("c", range(4), [1.0] * 4)
    assert cache.get("b") is None
    assert list(cache.get("a")[0]) == [0, 1, 2, 3]
    assert cache.size <= 10


def test_reading_while_another_process_commits_never_fails(backend, tmp_path):
    """Each commit replaces the index's table of contents: readers must not trip on it."""
    spawn = multiprocessing.get_context("spawn")
    writer = spawn.Process(target=write_documents, args=(str(tmp_path / "index"), 60))
    writer.start()
    reader = WhooshBackend(tmp_path / "index")
    rounds = 0
    while writer.is_alive() or rounds < 10:
        assert reader.created()
        search(reader, "router")
        rounds += 1
    writer.join(timeout=60)
    assert writer.exitcode == 0
    assert search(reader, "router").total == 60
