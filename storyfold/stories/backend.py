"""Storage behind the story and dedup indexes: in memory, or tables in the store's SQLite file.

Both backends hold the same small records (JSON-able dicts and posting lists) so the
indexes never know where they live.  The SQLite backend never commits: the store's
transaction covers every write, so an interrupted add leaves nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any, ClassVar

# A posting list keeps at most this many stories (the newest): a key shared by more is
# topic vocabulary, not an event's signature, and reading it would make adds grow with the store.
MAX_POSTINGS = 64


class MemoryIndexBackend:
    """Dict-backed backend for batch runs and tests."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.postings: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        self.counters: dict[str, int] = defaultdict(int)

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        return self.records.get((kind, key))

    def put(self, kind: str, key: str, value: dict[str, Any]) -> None:
        self.records[(kind, key)] = value

    def delete(self, kind: str, key: str) -> None:
        self.records.pop((kind, key), None)

    def post(self, kind: str, key: str, member: str, seq: int) -> None:
        self.postings[(kind, key)][member] = seq

    def unpost(self, kind: str, key: str, member: str) -> None:
        self.postings.get((kind, key), {}).pop(member, None)

    def posting(self, kind: str, key: str, limit: int = MAX_POSTINGS) -> list[str]:
        members = self.postings.get((kind, key), {})
        return [m for m, _ in sorted(members.items(), key=lambda kv: -kv[1])[:limit]]

    def posting_size(self, kind: str, key: str) -> int:
        return len(self.postings.get((kind, key), {}))

    def bump(self, name: str, delta: int = 1) -> int:
        self.counters[name] += delta
        return self.counters[name]

    def incr(self, names: list[str], delta: int) -> None:
        for name in names:
            self.counters[name] += delta

    def counter(self, name: str) -> int:
        return self.counters.get(name, 0)

    def counters_of(self, names: list[str]) -> dict[str, int]:
        return {n: self.counters.get(n, 0) for n in names}


def _prefix(kind: str) -> str:
    """Dedup records live in ``dup_`` tables, story records in ``idx_`` tables."""
    return "dup" if kind.startswith("dup") else "idx"


class SqliteIndexBackend:
    """The same records as tables in the store's connection; never commits."""

    SCHEMA: ClassVar[list[str]] = [
        statement.format(p=prefix)
        for prefix in ("idx", "dup")
        for statement in (
            "CREATE TABLE IF NOT EXISTS {p}_record (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
            " PRIMARY KEY (kind, key)) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS {p}_posting (kind TEXT NOT NULL, key TEXT NOT NULL, member TEXT NOT NULL,"
            " seq INTEGER NOT NULL, PRIMARY KEY (kind, key, member)) WITHOUT ROWID",
            "CREATE INDEX IF NOT EXISTS {p}_posting_recent ON {p}_posting (kind, key, seq DESC)",
            "CREATE TABLE IF NOT EXISTS {p}_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
        )
    ]

    def __init__(self, conn: sqlite3.Connection, *, create: bool = False) -> None:
        self.conn = conn
        if create:
            for statement in self.SCHEMA:
                conn.execute(statement)

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        sql = f"SELECT value FROM {_prefix(kind)}_record WHERE kind=? AND key=?"
        row = self.conn.execute(sql, (kind, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, value: dict[str, Any]) -> None:
        self.conn.execute(
            f"INSERT OR REPLACE INTO {_prefix(kind)}_record (kind, key, value) VALUES (?, ?, ?)",
            (kind, key, json.dumps(value, separators=(",", ":"))),
        )

    def delete(self, kind: str, key: str) -> None:
        self.conn.execute(f"DELETE FROM {_prefix(kind)}_record WHERE kind=? AND key=?", (kind, key))

    def post(self, kind: str, key: str, member: str, seq: int) -> None:
        sql = f"INSERT OR REPLACE INTO {_prefix(kind)}_posting (kind, key, member, seq) VALUES (?, ?, ?, ?)"
        self.conn.execute(sql, (kind, key, member, seq))

    def unpost(self, kind: str, key: str, member: str) -> None:
        sql = f"DELETE FROM {_prefix(kind)}_posting WHERE kind=? AND key=? AND member=?"
        self.conn.execute(sql, (kind, key, member))

    def posting(self, kind: str, key: str, limit: int = MAX_POSTINGS) -> list[str]:
        sql = f"SELECT member FROM {_prefix(kind)}_posting WHERE kind=? AND key=? ORDER BY seq DESC LIMIT ?"
        rows = self.conn.execute(sql, (kind, key, limit))
        return [r[0] for r in rows]

    def posting_size(self, kind: str, key: str) -> int:
        sql = f"SELECT count(*) FROM {_prefix(kind)}_posting WHERE kind=? AND key=?"
        row = self.conn.execute(sql, (kind, key)).fetchone()
        return int(row[0])

    def bump(self, name: str, delta: int = 1) -> int:
        sql = (f"INSERT INTO {_prefix(name)}_counter (name, value) VALUES (?, ?)"
               " ON CONFLICT(name) DO UPDATE SET value=value+?")
        self.conn.execute(sql, (name, delta, delta))
        return self.counter(name)

    def incr(self, names: list[str], delta: int) -> None:
        """Add ``delta`` to many counters in one statement batch (no read-back)."""
        if not names:
            return
        sql = (f"INSERT INTO {_prefix(names[0])}_counter (name, value) VALUES (?, ?)"
               " ON CONFLICT(name) DO UPDATE SET value=value+?")
        self.conn.executemany(sql, [(name, delta, delta) for name in names])

    def counter(self, name: str) -> int:
        row = self.conn.execute(f"SELECT value FROM {_prefix(name)}_counter WHERE name=?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def counters_of(self, names: list[str]) -> dict[str, int]:
        if not names:
            return {}
        found: dict[str, int] = {}
        for start in range(0, len(names), 500):  # SQLite's bound-parameter limit
            chunk = names[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT name, value FROM {_prefix(names[0])}_counter WHERE name IN ({marks})"
            found.update(self.conn.execute(sql, chunk))
        return {n: found.get(n, 0) for n in names}


IndexBackend = MemoryIndexBackend | SqliteIndexBackend
