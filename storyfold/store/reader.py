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

    def _filters(self, since: str | None, until: str | None, outlet: str | None, min_sources: int | None,
                 query: str | None) -> tuple[str, list[Any]]:
        where, args = [], []
        if since:
            where.append("last_published >= ?")
            args.append(since)
        if until:
            where.append("first_published <= ?")
            args.append(until)
        if outlet:
            where.append("EXISTS (SELECT 1 FROM json_each(stories.outlets) WHERE lower(value) = lower(?))")
            args.append(outlet)
        if min_sources:
            where.append("independent_sources >= ?")
            args.append(min_sources)
        if query and fts_query(query):
            where.append("(id IN (SELECT id FROM stories_fts WHERE stories_fts MATCH ?) OR id IN "
                         "(SELECT story_id FROM story_members WHERE article_id IN "
                         "(SELECT id FROM articles_fts WHERE articles_fts MATCH ?)))")
            args += [fts_query(query)] * 2
        return (" WHERE " + " AND ".join(where)) if where else "", args

    def list_stories(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                     min_sources: int | None = None, query: str | None = None, limit: int = 50,
                     offset: int = 0) -> list[JSON]:
        where, args = self._filters(since, until, outlet, min_sources, query)
        rows = self.conn.execute(
            "SELECT id, title, outlets, independent_sources, first_published, last_published FROM stories"
            f"{where} ORDER BY last_published IS NULL, last_published DESC, id LIMIT ? OFFSET ?",
            [*args, limit, offset]).fetchall()
        return [self._summary(r) for r in rows]

    def _summary(self, row: sqlite3.Row) -> JSON:
        members = [r[0] for r in self.conn.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY position", (row["id"],))]
        return {"id": row["id"], "title": row["title"], "articles": members,
                "outlets": json.loads(row["outlets"]), "independent_sources": row["independent_sources"],
                "first_published": row["first_published"], "last_published": row["last_published"]}

    def count_stories(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                      min_sources: int | None = None, query: str | None = None) -> int:
        where, args = self._filters(since, until, outlet, min_sources, query)
        return self.conn.execute(f"SELECT count(*) FROM stories{where}", args).fetchone()[0]

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
        from storyfold.report.json import article_to_dict

        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        record = article_to_dict(article_from_row(row))
        story = self.conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        record["story"] = story[0] if story else None
        record["copied_by"] = [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", (article_id,))]
        return record

    def story_articles(self, story_id: str) -> list[JSON]:
        resolved = self.resolve_story_id(story_id)
        ids = [r[0] for r in self.conn.execute(
            "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY position", (resolved,))]
        return [a for a in (self.get_article(i) for i in ids) if a is not None]

    def search(self, query: str, *, limit: int = 20) -> list[JSON]:
        """FTS5 over article titles/text and story titles/entity names, best (bm25) first."""
        match = fts_query(query)
        if not match:
            return []
        marks = (MARK_START, MARK_END, "…", SNIPPET_TOKENS)
        hits = [{"kind": "article", "id": r[0], "title": r[1], "snippet": r[2], "rank": r[3]}
                for r in self.conn.execute(
                    "SELECT id, title, snippet(articles_fts, 2, ?, ?, ?, ?), bm25(articles_fts, 4.0, 1.0) "
                    "FROM articles_fts WHERE articles_fts MATCH ? ORDER BY 4 LIMIT ?", (*marks, match, limit))]
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
        counts = dict(self.conn.execute(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet").fetchall())
        rows = {r[0]: {"name": r[0], "domain": r[1], "attributes": json.loads(r[2])}
                for r in self.conn.execute("SELECT name, domain, attributes FROM outlets")}
        for name in counts.keys() - rows.keys():
            rows[name] = {"name": name, "domain": None, "attributes": {}}
        return [{**row, "articles": counts.get(name, 0)} for name, row in sorted(rows.items())]
