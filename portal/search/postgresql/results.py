"""Results of the PostgreSQL backend: facet counts, and hits highlighted by ts_headline."""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlalchemy import text

from portal.extensions import db
from portal.search.documents import Facet, Hit
from portal.search.postgresql import queries
from portal.search.postgresql.schema import ENGLISH, FILIPINO

FACETS = ("kind", "category", "language")
# Private-use characters mark matches in ts_headline's output; the text around them is
# escaped before they become <mark> tags, so highlights are always safe HTML.
OPEN, CLOSE = "\ue000", "\ue001"
HEADLINE = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=35, MinWords=15, MaxFragments=2"
WHOLE = f"StartSel={OPEN}, StopSel={CLOSE}, HighlightAll=true"
SNIPPET_CHARS = 220

# The question as a tsquery in the document's own configuration.
_QUERY = "CAST(CASE WHEN d.config = :fil_cfg THEN :q_fil ELSE :q_en END AS tsquery)"

DOCUMENTS_SQL = (
    "SELECT d.key, d.kind, d.title, d.url, d.summary, d.language, d.category, "
    "d.category_labels, ts_headline(CAST(d.config AS regconfig), d.title, $Q, :whole) "
    "AS title_hl, ts_headline(CAST(d.config AS regconfig), d.summary, $Q, :whole) "
    "AS summary_hl FROM search_documents d WHERE d.key = ANY(:keys)"
).replace("$Q", _QUERY)
# Each hit's best section: the one named by its anchor, else the best match.
SECTIONS_SQL = (
    "SELECT DISTINCT ON (s.key) s.key, s.anchor, s.title, "
    "ts_headline(CAST(d.config AS regconfig), s.text, $Q, :headline) AS snippet "
    "FROM search_sections s JOIN search_documents d ON d.key = s.key "
    "LEFT JOIN unnest(CAST(:anchored AS text[]), CAST(:anchor_of AS text[])) "
    "AS a(key, anchor) ON a.key = s.key "
    "WHERE s.key = ANY(:keys) AND (s.anchor = a.anchor "
    "OR (a.key IS NULL AND $Q <> '' AND s.tsv @@ $Q)) "
    "ORDER BY s.key, (s.anchor = a.anchor) DESC NULLS LAST, ts_rank(s.tsv, $Q) DESC, s.position"
).replace("$Q", _QUERY)


def marked(fragment: str | None) -> str:
    """ts_headline output as safe HTML: escaped text, matches in <mark>."""
    if not fragment or OPEN not in fragment:
        return ""
    escaped = html.escape(fragment.replace(OPEN, "\0").replace(CLOSE, "\1"))
    return escaped.replace("\0", "<mark>").replace("\1", "</mark>")


# A document and its translation share a group: the lesser of their keys.
GROUP = "CASE WHEN translation = '' THEN key ELSE least(key, translation) END"


@dataclass
class Counted:
    """Facet counts, and how many results (in how many languages) the chosen facets hold."""

    facets: dict[str, list[Facet]]
    total: int
    languages: int


def facets(visible: str, chosen: list[str], params: dict, locale: str) -> Counted:
    """Counts per kind, category and language of every match the visitor may see, a
    document and its translation counted once; and how many of them the chosen facets keep."""
    within = " AND ".join(chosen) or "TRUE"
    rows = db.session.execute(
        text(
            "SELECT kind, category, language, GROUPING(kind, category, language) AS level, "  # noqa: S608
            f"count(DISTINCT grp) AS n, count(DISTINCT grp) FILTER (WHERE {within}) AS chosen, "
            f"count(DISTINCT language) FILTER (WHERE {within}) AS languages "
            f"FROM (SELECT kind, category, language, {GROUP} AS grp FROM search_documents "
            f"WHERE {visible}) AS matches "
            "GROUP BY GROUPING SETS ((kind), (category), (language), ())"
        ),
        params,
    ).all()
    counted: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    total = languages = 0
    for row in rows:
        if row.level == 7:  # the empty grouping set: every match
            total, languages = row.chosen, row.languages
            continue
        for name in FACETS:
            value = getattr(row, name)
            if value not in (None, ""):
                counted[name].append((value, row.n))
    labels = category_labels([value for value, _ in counted["category"]])
    result = {}
    for name, items in counted.items():
        result[name] = []
        for value, count in sorted(items, key=lambda kv: (-kv[1], str(kv[0]))):
            label = value
            if name == "category":
                names = labels.get(value, {})
                label = names.get(locale) or names.get("en") or value
            result[name].append(Facet(value=value, label=label, count=count))
    return Counted(result, total, languages)


def category_labels(categories: list[str]) -> dict[str, dict]:
    """Each category's names by language, as its documents carry them."""
    if not categories:
        return {}
    rows = db.session.execute(
        text(
            "SELECT DISTINCT ON (category) category, category_labels "
            "FROM search_documents WHERE category = ANY(:c) ORDER BY category, key"
        ),
        {"c": categories},
    ).all()
    return {row.category: row.category_labels or {} for row in rows}


def hits(items: list[tuple[str, float, str]], found: dict, locale: str) -> list[Hit]:
    """Hits for (key, score, anchor) in that order; an empty anchor takes the best section."""
    if not items:
        return []
    keys = [key for key, _score, _anchor in items]
    en, fil = found.get(ENGLISH), found.get(FILIPINO)
    params = {
        "keys": keys,
        "fil_cfg": FILIPINO,
        "q_en": queries.highlight_query(found, ENGLISH) if en else "",
        "q_fil": queries.highlight_query(found, FILIPINO) if fil else "",
        "whole": WHOLE,
        "headline": HEADLINE,
    }
    docs = {
        row.key: row
        for row in db.session.execute(
            text(DOCUMENTS_SQL),
            params,
        )
    }
    anchors = {key: anchor for key, _score, anchor in items if anchor}
    params["anchored"] = list(anchors)
    params["anchor_of"] = [anchors[k] for k in anchors]
    sections = {
        row.key: row
        for row in db.session.execute(
            text(SECTIONS_SQL),
            params,
        )
    }
    found_hits = []
    for key, score, _anchor in items:
        doc = docs.get(key)
        if doc is None:
            continue
        section = sections.get(key)
        snippet = (
            (marked(section.snippet) if section else "")
            or marked(doc.summary_hl)
            or html.escape((doc.summary or "")[:SNIPPET_CHARS])
        )
        anchor = section.anchor if section else ""
        labels = doc.category_labels or {}
        found_hits.append(
            Hit(
                key=doc.key,
                kind=doc.kind,
                title=doc.title,
                title_html=marked(doc.title_hl) or html.escape(doc.title),
                snippet_html=snippet,
                url=f"{doc.url}#{anchor}" if anchor else doc.url,
                section=section.title if section else "",
                language=doc.language,
                category=doc.category,
                category_label=labels.get(locale) or labels.get("en") or "",
                score=score,
            )
        )
    return found_hits
