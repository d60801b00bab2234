"""The store's versioned schema and its migrations.

``meta`` holds ``app`` (always ``storyfold``: tells a store from any other SQLite file) and ``schema_version``.
Each migration takes a store from version N-1 to N; opening an older store runs the missing ones in one
transaction and logs that it did.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from storyfold.errors import StoreError

log = logging.getLogger(__name__)


class NotAStore(StoreError):
    """The file given is not a store this storyfold can use (another file, a newer schema): a misuse, exit 2."""

    exit_code = 2

APP = "storyfold"
SCHEMA_VERSION = 3

_V1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE articles (id TEXT PRIMARY KEY, source TEXT NOT NULL, raw TEXT NOT NULL, text TEXT NOT NULL,
        removed TEXT NOT NULL, metadata TEXT NOT NULL, published TEXT, outlet TEXT, title TEXT,
        duplicate_of TEXT, duplicate_reason TEXT, added_at TEXT NOT NULL)""",
    "CREATE INDEX articles_source ON articles(source)",
    "CREATE TABLE nlp (article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, blob BLOB NOT NULL)",
    """CREATE TABLE stories (id TEXT PRIMARY KEY, title TEXT NOT NULL, analysis TEXT NOT NULL,
        first_published TEXT, last_published TEXT, independent_sources INTEGER NOT NULL, outlets TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE story_members (article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL REFERENCES stories(id), position INTEGER NOT NULL)""",
    "CREATE INDEX story_members_story ON story_members(story_id, position)",
    "CREATE TABLE story_aliases (old_id TEXT PRIMARY KEY, story_id TEXT NOT NULL)",
    """CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, story TEXT NOT NULL,
        kind TEXT NOT NULL, detail TEXT NOT NULL)""",
    "CREATE INDEX history_story ON history(story, id)",
    """CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, seconds REAL NOT NULL,
        stats TEXT NOT NULL)""",
]
_V2 = [
    "CREATE TABLE outlets (name TEXT PRIMARY KEY, domain TEXT, attributes TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, text)",
    "CREATE VIRTUAL TABLE stories_fts USING fts5(id UNINDEXED, title, entities)",
    "INSERT INTO articles_fts(id, title, text) SELECT id, coalesce(title, ''), text FROM articles",
]
# Copy lookups (who copies this article) and outlet filters read these instead of scanning every article.
_V3 = [
    "CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of)",
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet)",
]
MIGRATIONS: dict[int, list[str]] = {1: _V1, 2: _V2, 3: _V3}


def index_schema() -> list[str]:
    """The story/dedup index tables, from the clustering workstream's backend when it has landed."""
    try:
        from storyfold.stories import SqliteIndexBackend  # type: ignore[import-not-found]
    except ImportError:
        return []
    return list(SqliteIndexBackend.SCHEMA)


def current_version(conn: sqlite3.Connection, path: Path) -> int:
    """0 for an empty file; the stored version for a store; StoreError for any other SQLite file."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return 0
    if "meta" not in tables:
        raise NotAStore(f"{path} is not a storyfold store (it holds other tables)",
                         source=str(path), fix="pass --db with a new file or an existing storyfold store")
    rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if rows.get("app") != APP:
        raise NotAStore(f"{path} is not a storyfold store", source=str(path), fix="pass --db with another file")
    return int(rows.get("schema_version", "0"))


def migrate(conn: sqlite3.Connection, path: Path, *, readonly: bool = False) -> int:
    """Bring the store to SCHEMA_VERSION; return the version it had (0: new)."""
    version = current_version(conn, path)
    if version > SCHEMA_VERSION:
        raise NotAStore(f"{path} has schema version {version}; this storyfold reads up to {SCHEMA_VERSION}",
                         source=str(path), fix="upgrade storyfold")
    if version == SCHEMA_VERSION:
        _ensure_index_tables(conn)
        return version
    if readonly:
        raise StoreError(f"{path} needs a migration from schema {version}", source=str(path),
                         fix="open it once without --readonly")
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = current_version(conn, path)  # another process may have migrated meanwhile
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                conn.execute(statement)
        if version == 0:
            conn.execute("INSERT INTO meta VALUES ('app', ?)", (APP,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        for statement in index_schema():
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if version:
        log.warning("%s: migrated the store from schema %d to %d", path, version, SCHEMA_VERSION)
    return version


def _ensure_index_tables(conn: sqlite3.Connection) -> None:
    """The index backend's CREATE ... IF NOT EXISTS statements (they may land after a store was made)."""
    statements = index_schema()
    if statements:
        with conn:
            for statement in statements:
                conn.execute(statement)
