"""The read side of the store: every :class:`storyfold.corpus.CorpusReader` method, straight from SQLite."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from storyfold.corpus import JSON, MARK_END, MARK_START
from storyfold.store.codec import ARTICLE_COLUMNS, article_from_row

SNIPPET_TOKENS = 16  # words of context FTS5's snippet() keeps around a hit: one readable line
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word quoted (no FTS syntax from untrusted input), all required."""
    return " ".join(f'"{w}"' for w in _FTS_WORD.findall(text))


class StoreReader:
    """Mixin for :class:`storyfold.store.Store`; needs ``self.conn`` (rows as sqlite3.Row)."""

    conn: sqlite3.Connection

    def list_stories(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                     min_sources: int | None = None, query: str | None = None, limit: int = 50,
                     offset: int = 0) -> list[JSON]:
        rows = self._filtered_rows(since, until, outlet, min_sources, query)
        return [{**r, "articles": list(r["articles"]), "outlets": list(r["outlets"])}
                for r in rows[offset:offset + limit]]

    def count_stories(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                      min_sources: int | None = None, query: str | None = None) -> int:
        return len(self._filtered_rows(since, until, outlet, min_sources, query))

    def _filtered_rows(self, since: str | None, until: str | None, outlet: str | None, min_sources: int | None,
                       query: str | None) -> list[JSON]:
        """Summary rows (newest first) that pass every filter; a missing date fails a date filter, as in SQL."""
        matching = self._query_story_ids(query) if query and fts_query(query) else None
        folded = outlet.casefold() if outlet else None
        return [r for r in self._summary_rows()
                if (not since or (r["last_published"] is not None and r["last_published"] >= since))
                and (not until or (r["first_published"] is not None and r["first_published"] <= until))
                and (not folded or any(o.casefold() == folded for o in r["outlets"]))
                and (not min_sources or r["independent_sources"] >= min_sources)
                and (matching is None or r["id"] in matching)]

    def _query_story_ids(self, query: str) -> set[str]:
        """Stories whose title or entities, or one of whose articles, match every word of the query (FTS5)."""
        match = fts_query(query)
        return {r[0] for r in self.conn.execute(
            "SELECT id FROM stories_fts WHERE stories_fts MATCH ? UNION SELECT story_id FROM story_members "
            "WHERE article_id IN (SELECT id FROM articles_fts WHERE articles_fts MATCH ?)", (match, match))}

    def _summary_rows(self) -> list[JSON]:
        """Every story's summary row, newest first, read once per store version.

        Filtering and ordering in SQL would read past each story's stored analysis (the wide column before the
        dates), tens of kilobytes per story and per list page; these rows are a few hundred bytes each."""
        def scan() -> list[JSON]:
            members: dict[str, list[str]] = {}
            for story_id, article_id in self.conn.execute(
                    "SELECT story_id, article_id FROM story_members ORDER BY story_id, position"):
                members.setdefault(story_id, []).append(article_id)
            return [{"id": r[0], "title": r[1], "articles": members.get(r[0], []), "outlets": json.loads(r[2]),
                     "independent_sources": r[3], "first_published": r[4], "last_published": r[5]}
                    for r in self.conn.execute(
                        "SELECT id, title, outlets, independent_sources, first_published, last_published FROM "
                        "stories ORDER BY last_published IS NULL, last_published DESC, id")]

        return self._per_version("summary_rows", scan)

    def resolve_story_id(self, story_id: str) -> str | None:
        if self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
            return story_id
        row = self.conn.execute("SELECT story_id FROM story_aliases WHERE old_id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def get_story(self, story_id: str) -> JSON | None:
        resolved = self.resolve_story_id(story_id)
        if resolved is None:
            return None
        row = self.conn.execute("SELECT analysis FROM stories WHERE id = ?", (resolved,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_article(self, article_id: str) -> JSON | None:
        row = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS}, (SELECT story_id FROM story_members WHERE article_id = articles.id) "
            "AS story FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else self._article_record(row)

    def story_articles(self, story_id: str) -> list[JSON]:
        """One query for all members (a page reads every article of its story), in the story's order."""
        resolved = self.resolve_story_id(story_id)
        rows = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS}, story_id AS story FROM story_members JOIN articles ON id = article_id "
            "WHERE story_id = ? ORDER BY position", (resolved,)).fetchall()
        return [self._article_record(r) for r in rows]

    def _article_record(self, row: sqlite3.Row) -> JSON:
        """The CorpusReader article record of a row: the contract's article plus ``story``, ``copied_by``, ``raw``."""
        from storyfold.report.json import article_to_dict

        article = article_from_row(row)
        return {**article_to_dict(article), "story": row["story"],
                "copied_by": list(self._copies().get(article.id, [])), "raw": None if article.is_html else article.raw}

    def _copies(self) -> dict[str, list[str]]:
        """Original id -> ids of the articles that copy it (sorted)."""
        return self._article_facts()[0]

    def _article_facts(self) -> tuple[dict[str, list[str]], dict[str, int]]:
        """Who copies whom, and articles per outlet: one scan per store version, not one per article or page
        (``duplicate_of`` and ``outlet`` have no index, and a scan of the articles table reads every text)."""
        def scan() -> tuple[dict[str, list[str]], dict[str, int]]:
            copies: dict[str, list[str]] = {}
            counts: dict[str, int] = {}
            for copy_id, original, outlet in self.conn.execute(
                    "SELECT id, duplicate_of, outlet FROM articles ORDER BY id"):
                if original is not None:
                    copies.setdefault(original, []).append(copy_id)
                if outlet is not None:
                    counts[outlet] = counts.get(outlet, 0) + 1
            return copies, counts

        return self._per_version("article_facts", scan)

    def _per_version(self, name: str, compute: Any) -> Any:
        """``compute()`` memoised until the store changes: another connection's commit changes SQLite's
        ``data_version``, this connection's own writes change ``total_changes``.  Nothing is kept from inside an
        open transaction (it may still roll back, which neither counter would show)."""
        if self.conn.in_transaction:
            return compute()
        version = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        memo = self.__dict__.setdefault("_derived", {})
        if name not in memo or memo[name][0] != version:
            memo[name] = (version, compute())
        return memo[name][1]

    def search(self, query: str, *, limit: int = 20) -> list[JSON]:
        """FTS5 over article titles/text and story titles/entity names, best (bm25) first."""
        match = fts_query(query)
        if not match:
            return []
        marks = (MARK_START, MARK_END, "…", SNIPPET_TOKENS)
        # snippets for the best ``limit`` rows only (with ORDER BY ... LIMIT alone, FTS5 makes one per match)
        hits = [{"kind": "article", "id": r[0], "title": r[1], "snippet": r[2], "rank": r[3]}
                for r in self.conn.execute(
                    "SELECT id, title, snippet(articles_fts, 2, ?, ?, ?, ?), bm25(articles_fts, 4.0, 1.0) "
                    "FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN (SELECT rowid FROM articles_fts "
                    "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?) ORDER BY 4",
                    (*marks, match, match, limit))]
        hits += [{"kind": "story", "id": r[0], "title": r[1], "snippet": r[2], "rank": r[3]}
                 for r in self.conn.execute(
                     "SELECT id, title, snippet(stories_fts, -1, ?, ?, ?, ?), bm25(stories_fts, 4.0, 2.0) "
                     "FROM stories_fts WHERE stories_fts MATCH ? ORDER BY 4 LIMIT ?", (*marks, match, limit))]
        hits.sort(key=lambda h: h["rank"])  # bm25: lower is better
        return [{**h, "title": h["title"] or ""} for h in hits[:limit]]

    def story_history(self, story_id: str) -> list[JSON]:
        resolved = self.resolve_story_id(story_id)
        if resolved is None:
            return []
        ids = [resolved] + [r[0] for r in self.conn.execute(
            "SELECT old_id FROM story_aliases WHERE story_id = ?", (resolved,))]
        marks = ",".join("?" * len(ids))
        return [{"at": r[0], "kind": r[1], "story": r[2], "detail": json.loads(r[3])}
                for r in self.conn.execute(
                    f"SELECT at, kind, story, detail FROM history WHERE story IN ({marks}) ORDER BY id", ids)]

    def outlets(self) -> list[JSON]:
        counts = self._article_facts()[1]
        rows = {r[0]: {"name": r[0], "domain": r[1], "attributes": json.loads(r[2])}
                for r in self.conn.execute("SELECT name, domain, attributes FROM outlets")}
        for name in counts.keys() - rows.keys():
            rows[name] = {"name": name, "domain": None, "attributes": {}}
        return [{**row, "articles": counts.get(name, 0)} for name, row in sorted(rows.items())]

