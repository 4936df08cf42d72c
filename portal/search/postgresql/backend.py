"""The PostgreSQL search backend: the index lives in the database every app server shares.

Documents are written through the app's database session, so an index change made while a
feature commits is part of that very transaction: it is never lost, never ahead of the data,
and a rolled-back change never reaches it. Any server finds it as soon as it is committed,
and no server keeps anything of the index on its own disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import delete, func, select, text

from portal.extensions import db
from portal.search.documents import (
    Hit,
    SearchDocument,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from portal.search.interface import Ranked
from portal.search.postgresql import queries, results
from portal.search.postgresql.schema import ENGLISH, FILIPINO, documents

FACETS = ("kind", "category", "language")
BATCH = 200


def config_for(language: str) -> str:
    """The text-search configuration of a document's language."""
    return FILIPINO if language == "fil" else ENGLISH


INSERT_DOCUMENT = text(
    "INSERT INTO search_documents (key, kind, language, config, category, category_labels, "
    "audience, url, title, summary, boost, updated, translation, translation_language, tsv, "
    "title_tsv) VALUES (:key, :kind, :language, :config, :category, CAST(:labels AS json), "
    ":audience, :url, :title, :summary, :boost, :updated, :translation, :translation_language, "
    "setweight(to_tsvector(CAST(:cfg AS regconfig), :title), 'A') || "
    "setweight(to_tsvector(CAST(:cfg AS regconfig), :headings), 'B') || "
    "setweight(to_tsvector(CAST(:cfg AS regconfig), :body), 'C'), "
    "to_tsvector(CAST(:cfg AS regconfig), :title))"
)

WORD_RE = re.compile(r"[^\W\d_]{3,40}", re.UNICODE)


def edits(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, changes and swaps of neighbours."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


class PostgresBackend:
    """Search over the search_* tables with PostgreSQL's full-text search and pg_trgm."""

    # Index writes belong in the committing transaction (see portal.search hooks).
    transactional = True

    def __init__(self, notes: str | Path | None = None) -> None:
        # Only for notes of work left to this machine's writer thread when there is no
        # job queue (embeddings without REDIS_URL); the index itself is never on disk.
        self.path = Path(notes) if notes else None

    # Writing --------------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDocument], remove: Iterable[str] = ()) -> None:
        """Add or replace documents and remove keys, in the session's transaction."""
        docs = sorted(docs, key=lambda d: d.key)
        keys = sorted({*remove, *(d.key for d in docs)})
        if not keys:
            return
        queries.forget_stats()
        db.session.execute(delete(documents).where(documents.c.key.in_(keys)))
        for start in range(0, len(docs), BATCH):
            self._insert(docs[start : start + BATCH])

    # The Whoosh backend's name for the same write.
    update = index

    def _insert(self, batch: list[SearchDocument]) -> None:
        vocabulary: set[str] = set()
        rows: list[tuple] = []
        doc_rows: list[dict] = []
        for doc in batch:
            config = config_for(doc.language)
            headings = " ".join(s.title for s in doc.sections if s.title)
            body = " ".join(s.text for s in doc.sections)
            doc_rows.append(
                {
                    "key": doc.key,
                    "kind": doc.kind,
                    "language": doc.language,
                    "config": config,
                    "cfg": config,
                    "category": doc.category or "",
                    "labels": json.dumps(doc.category_labels or {}),
                    "audience": doc.audience,
                    "url": doc.url,
                    "title": doc.title,
                    "summary": doc.summary or "",
                    "boost": doc.boost,
                    "updated": doc.updated,
                    "translation": doc.translation,
                    "translation_language": doc.translation_language,
                    "headings": " ".join([headings, *doc.tags]),
                    "body": " ".join([doc.summary or "", body]),
                }
            )
            rows.extend(
                (doc.key, n, s.anchor, s.title, s.text, config) for n, s in enumerate(doc.sections)
            )
            everything = f"{doc.title} {headings} {doc.summary} {body}"
            vocabulary.update(w.lower() for w in WORD_RE.findall(everything))
        db.session.execute(INSERT_DOCUMENT, doc_rows)
        if rows:
            columns = list(zip(*rows, strict=True))
            db.session.execute(
                text(
                    "INSERT INTO search_sections (key, position, anchor, title, text, tsv) "
                    "SELECT k, p, a, t, x, to_tsvector(CAST(c AS regconfig), t || ' ' || x) "
                    "FROM unnest(CAST(:k AS text[]), CAST(:p AS int[]), CAST(:a AS text[]), "
                    "CAST(:t AS text[]), CAST(:x AS text[]), CAST(:c AS text[])) "
                    "AS u(k, p, a, t, x, c)"
                ),
                dict(zip("kpatxc", (list(c) for c in columns), strict=True)),
            )
        if vocabulary:
            # In one order in every transaction, so concurrent writers never deadlock.
            db.session.execute(
                text(
                    "INSERT INTO search_words (word) SELECT DISTINCT unaccent(w) FROM "
                    "unnest(CAST(:words AS text[])) AS w ORDER BY 1 ON CONFLICT DO NOTHING"
                ),
                {"words": sorted(vocabulary)},
            )

    def remove(self, keys: Iterable[str]) -> None:
        """Remove documents by key."""
        self.index((), keys)

    def rebuild(
        self, docs: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Replace the whole index with documents, in one transaction, and commit."""
        queries.forget_stats()
        db.session.execute(text("LOCK TABLE search_documents IN EXCLUSIVE MODE"))
        db.session.execute(text("DELETE FROM search_sections"))
        db.session.execute(text("DELETE FROM search_documents"))
        db.session.execute(text("DELETE FROM search_words"))
        count, batch = 0, []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH:
                self._insert(batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            self._insert(batch)
            count += len(batch)
            if progress:
                progress(len(batch))
        db.session.commit()
        return count

    # State ----------------------------------------------------------------------------

    def keys(self) -> set[str]:
        """Every document key in the index."""
        return set(db.session.scalars(select(documents.c.key)))

    def check(self) -> bool:
        """True when the index tables answer."""
        try:
            db.session.execute(select(documents.c.key).limit(1))
            return True
        except Exception:
            db.session.rollback()
            return False

    def exists(self) -> bool:
        """True when the tables answer (an empty index is a valid one)."""
        return self.check()

    created = exists

    def doc_count(self) -> int:
        """How many documents are indexed."""
        return db.session.scalar(select(func.count()).select_from(documents)) or 0

    def reset(self) -> None:
        """Nothing is kept open between uses."""

    # Querying -------------------------------------------------------------------------

    def _matching(self, query: SearchQuery) -> tuple[dict, dict, str, str] | None:
        """The analysed question, parameters, visible-match condition and score SQL."""
        typed = query.text.strip()
        if not typed:
            return None
        extra = self._similar_words(typed) if query.fuzzy else []
        found = queries.analyse(typed, extra)
        params: dict = {"audiences": list(query.audiences)}
        match, score = queries.score_sql(found, params)
        if match == "FALSE":
            return None
        return found, params, f"audience = ANY(:audiences) AND ({match})", score

    @staticmethod
    def _chosen(query: SearchQuery, params: dict) -> list[str]:
        chosen = []
        for name in FACETS:
            if getattr(query, name):
                params[f"chosen_{name}"] = getattr(query, name)
                chosen.append(f"{name} = :chosen_{name}")
        return chosen

    def search(self, query: SearchQuery, depth: int = 0, always: bool = False) -> SearchResults:
        """The page of results for query, highlighted, with facet counts; a document and its
        translation count once. With depth, the best depth matches as `ranked` instead of
        the page when they are in more than one language, or always."""
        page = max(1, query.page)
        matching = self._matching(query)
        if matching is None:
            return SearchResults(page=page)
        found, params, visible, score = matching
        chosen = self._chosen(query, params)
        counted = results.facets(visible, chosen, params, query.locale)
        total, pages = counted.total, max(1, -(-counted.total // query.per_page))
        where = " AND ".join([visible, *chosen])
        if depth and (always or counted.languages > 1):
            ranked = self._ranked(where, score, params, depth)
            return SearchResults(
                total=total, page=page, pages=pages, facets=counted.facets, ranked=ranked
            )
        rows = []
        if total:
            params.update(limit=query.per_page, offset=(page - 1) * query.per_page)
            rows = db.session.execute(
                text(
                    f"SELECT key, {score} AS score FROM search_documents "  # noqa: S608
                    f"WHERE {where} ORDER BY score DESC, key LIMIT :limit OFFSET :offset"
                ),
                params,
            ).all()
        hits = results.hits([(r.key, float(r.score), "") for r in rows], found, query.locale)
        return SearchResults(hits=hits, total=total, page=page, pages=pages, facets=counted.facets)

    def rank(self, query: SearchQuery, limit: int) -> list[Ranked]:
        """The keys of the best limit matches the visitor may see, best first."""
        matching = self._matching(query)
        if matching is None:
            return []
        _found, params, visible, score = matching
        where = " AND ".join([visible, *self._chosen(query, params)])
        return self._ranked(where, score, params, limit)

    @staticmethod
    def _ranked(where: str, score: str, params: dict, limit: int) -> list[Ranked]:
        """The best limit documents matching where, with their stored translations."""
        rows = db.session.execute(
            text(
                "SELECT key, language, translation, translation_language, "  # noqa: S608
                f"{score} AS score FROM search_documents WHERE {where} "
                "ORDER BY score DESC, key LIMIT :limit"
            ),
            {**params, "limit": limit},
        ).all()
        return [
            Ranked(r.key, float(r.score), "", r.language, r.translation, r.translation_language)
            for r in rows
        ]

    def translations(self, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """key -> (key, language) of its translation as stored, for keys (None: every one)."""
        query = select(
            documents.c.key, documents.c.translation, documents.c.translation_language
        ).where(documents.c.translation != "")
        if keys is not None:
            keys = list(keys)
            if not keys:
                return {}
            query = query.where(documents.c.key.in_(keys))
        rows = db.session.execute(query)
        return {row.key: (row.translation, row.translation_language) for row in rows}

    def hits(self, query: SearchQuery, ranked: list[Ranked]) -> list[Hit]:
        """Results for keys ranked elsewhere, in that order, highlighted for query."""
        if not ranked:
            return []
        found = queries.analyse(query.text.strip()) if query.text.strip() else {}
        items = [(r.key, r.score, r.anchor) for r in ranked]
        return results.hits(items, found, query.locale)

    # Spelling and suggestions ---------------------------------------------------------

    def _known(self, candidates: list[str]) -> set[str]:
        if not candidates:
            return set()
        return set(
            db.session.scalars(
                text("SELECT word FROM search_words WHERE word = ANY(:w)"), {"w": candidates}
            )
        )

    def _near(self, word: str, limit: int) -> list[str]:
        """Indexed words within one edit (two from 7 letters) of word, same first letter.

        pg_trgm finds the candidates through its index; the edit distance (a swap of two
        neighbouring letters counts as one edit) keeps those a typo could have produced.
        """
        db.session.execute(text("SET LOCAL pg_trgm.similarity_threshold = 0.2"))
        candidates = db.session.execute(
            text(
                "SELECT word, similarity(word, :w) AS s FROM search_words "
                "WHERE word % :w AND left(word, 1) = left(:w, 1) ORDER BY s DESC LIMIT 50"
            ),
            {"w": word},
        ).all()
        most = 1 if len(word) < 7 else 2
        near = [
            (edits(word, row.word), -row.s, row.word)
            for row in candidates
            if row.word != word and edits(word, row.word) <= most
        ]
        return [w for _, _, w in sorted(near)[:limit]]

    def _similar_words(self, typed: str) -> list[str]:
        """Indexed words close to the unknown words of the question (for a fuzzy retry)."""
        typed_words = [w.lower() for w in WORD_RE.findall(typed) if len(w) >= 4]
        known = self._known(typed_words)
        similar = []
        for word in typed_words:
            if word not in known:
                similar += self._near(word, 3)
        return similar

    def correct(self, typed: str) -> str | None:
        """The text with unknown words replaced by the closest indexed word, or None."""
        lowered = typed.lower()
        candidates = [w for w in WORD_RE.findall(lowered) if len(w) >= 3]
        known = self._known(candidates)
        changed = False
        out = lowered
        for word in candidates:
            if word in known:
                continue
            closest = self._near(word, 1)
            if closest:
                out = re.sub(rf"\b{re.escape(word)}\b", closest[0], out)
                changed = True
        return out if changed else None

    def suggest(
        self, typed: str, locale: str, audiences: tuple[str, ...], limit: int = 6
    ) -> list[Suggestion]:
        """Titles whose words start with what is being typed."""
        found = [w.lower() for w in re.findall(r"\w+", typed, re.UNICODE)][:8]
        if not found:
            return []
        *whole, last = found
        terms = [queries.tsquery_literal([w], "") for w in whole]
        terms.append(queries.tsquery_literal([last], "") + ":*")
        prefix = " & ".join(terms)
        rows = db.session.execute(
            text(
                "SELECT title, url, kind FROM search_documents "
                "WHERE audience = ANY(:a) AND (title_tsv @@ to_tsquery("
                "CAST(config AS regconfig), :p) OR title_tsv @@ CAST(:p AS tsquery)) "
                "ORDER BY (language = :locale) DESC, boost DESC, length(title), title LIMIT :n"
            ),
            {"a": list(audiences), "p": prefix, "locale": locale, "n": limit},
        ).all()
        return [Suggestion(title=r.title, url=r.url, kind=r.kind) for r in rows]
