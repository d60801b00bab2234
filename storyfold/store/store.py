"""The SQLite corpus store: articles, parses, stories with stable ids, history, full-text search.

Concurrency: WAL mode (readers never block the writer), a busy timeout, and ``BEGIN IMMEDIATE`` around every
write batch, so two ``add`` processes queue instead of failing.  Safety: each :meth:`Store.add_articles` call is
ONE transaction (:meth:`Store.add` streams its inputs in batches, one call each); killed at any point, the store
is as it was before that batch (SQLite's journal), and running the add again completes it.  NLP runs before
the transaction opens, so a long parse never holds the write lock (and, over several batches, while the previous
batch is stored: see :meth:`Store.add_batches`).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from storyfold.corpus import JSON
from storyfold.errors import StoreError
from storyfold.model import Article, RawDocument, Skipped
from storyfold.pipeline import ProgressCallback
from storyfold.settings import Settings
from storyfold.store import reader
from storyfold.store.codec import ARTICLE_COLUMNS, article_from_row, article_row, parsed_from_bytes, parsed_to_bytes
from storyfold.store.history import story_events
from storyfold.store.schema import SCHEMA_VERSION, NotAStore, migrate

log = logging.getLogger(__name__)

DB_ENV = "STORYFOLD_DB"
BUSY_TIMEOUT_MS = 60_000  # a second writer waits up to a minute for the first one's batch, then reports busy


def default_db_path() -> Path:
    """Per-user data file: $XDG_DATA_HOME/storyfold/storyfold.db (~/.local/share/... when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "storyfold" / "storyfold.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class AddReport:
    """What one add (or remove) did, for the CLI summary and the web UI."""

    added: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    stories_created: int = 0
    stories_grown: int = 0
    stories_merged: int = 0
    stories_reanalysed: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    files: list[dict[str, Any]] = field(default_factory=list)

    def absorb(self, other: AddReport) -> None:
        """Add ``other``'s counts, time and rows to this report (an add of several batches is one report)."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def counts(self) -> dict[str, int]:
        """What the add did, as numbers: the summary the CLI prints, the --report JSON and the runs table share."""
        return {"added": self.added, "duplicates": self.duplicates, "unchanged": self.unchanged,
                "skipped": len(self.skipped), "stories_created": self.stories_created,
                "stories_grown": self.stories_grown, "stories_merged": self.stories_merged,
                "stories_reanalysed": self.stories_reanalysed}


class Store(reader.StoreReader):
    """One storyfold store file; use :meth:`open` (a context manager)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, settings: Settings, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.settings = settings
        self.readonly = readonly
        self.migrated_from: int | None = None

    @classmethod
    def open(cls, path: str | Path | None = None, *, readonly: bool = False,
             settings: Settings | None = None) -> Store:
        path = Path(path or os.environ.get(DB_ENV) or default_db_path()).expanduser()
        if path.is_dir():
            raise NotAStore(f"{path} is a folder, not a store file", source=str(path), fix="pass a file path")
        if readonly and not path.exists():
            raise NotAStore(f"no store at {path}", source=str(path), fix="run `storyfold add` first")
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path, readonly)
        try:
            old = migrate(conn, path, readonly=readonly)
        except sqlite3.OperationalError as exc:
            conn.close()
            if _is_busy(exc):  # another process is creating or migrating it: a store, just not yet readable
                raise StoreError(f"{path} is busy ({exc})", source=str(path),
                                 fix="wait for the other storyfold process to finish, then retry") from exc
            raise NotAStore(f"{path} is not a storyfold store ({exc})", source=str(path),
                            fix="pass --db with a new file or an existing store") from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise NotAStore(f"{path} is not a storyfold store ({exc})", source=str(path),
                            fix="pass --db with a new file or an existing store") from exc
        except BaseException:
            conn.close()
            raise
        store = cls(conn, path, settings or Settings(), readonly)
        store.migrated_from = old if 0 < old < SCHEMA_VERSION else None
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ writing

    def add(self, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None) -> AddReport:
        """Read, clean and add ``paths`` in batches of ``add_batch_documents`` inputs, one transaction each.

        Inputs stream: only a batch or two of documents, articles and parses is in memory at a time, whatever
        the size of the crawl, and an add interrupted after an hour keeps every batch it committed.  Running
        it again skips what is stored (same source and content) and adds the rest, so the store ends as an
        uninterrupted add would leave it.
        """
        started = time.perf_counter()
        report = self.add_batches(self._loaded_batches(paths), progress=progress)
        report.seconds = time.perf_counter() - started
        return report

    def _loaded_batches(self, paths: Sequence[str | Path]) -> Iterator[tuple[list[Article], list[Skipped]]]:
        """(articles, skipped) per ``add_batch_documents`` inputs read: cleaned, with metadata, copies marked."""
        from storyfold.api import articles_from_documents
        from storyfold.ingest import read_inputs

        batch: list[RawDocument] = []
        skipped: list[Skipped] = []
        for item in read_inputs([str(p) if isinstance(p, Path) else p for p in paths], self.settings):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                batch.append(item)
            if len(batch) >= self.settings.add_batch_documents:
                loaded = articles_from_documents(batch, self.settings, skipped=skipped)
                yield loaded.articles, loaded.skipped
                batch, skipped = [], []
        if batch or skipped:
            loaded = articles_from_documents(batch, self.settings, skipped=skipped)
            yield loaded.articles, loaded.skipped

    def add_batches(self, batches: Iterable[tuple[Sequence[Article], Sequence[Skipped]]], *,
                    progress: ProgressCallback | None = None) -> AddReport:
        """Add batches of cleaned articles, one transaction each (:meth:`add_articles`), as one report.

        With more than one batch, spaCy runs in a :class:`~storyfold.nlp.ParsePool` for the whole add: the
        next batch is parsed on both cores while this one is indexed, analysed and committed, instead of
        the two alternating.
        """
        from storyfold.nlp import ParsePool

        total = AddReport()
        batches = iter(batches)
        first, second = next(batches, ([], [])), next(batches, None)
        if second is None:
            total.absorb(self.add_articles(first[0], skipped=first[1], progress=progress))
            return total
        with ParsePool(self.settings) as pool:
            pending = self._submit(pool, first)
            for batch in itertools.chain([second], batches):
                following = self._submit(pool, batch)
                total.absorb(self._finish(pending, progress))
                pending = following
            total.absorb(self._finish(pending, progress))
        return total

    def _submit(self, pool: Any, batch: tuple[Sequence[Article], Sequence[Skipped]]) -> tuple:
        articles = list(batch[0])
        known = self._known_ids([a.id for a in articles])
        return articles, list(batch[1]), pool.submit(a for a in articles if a.id not in known)

    def _finish(self, pending: tuple, progress: ProgressCallback | None) -> AddReport:
        articles, skipped, parse = pending
        return self.add_articles(articles, parse.result(progress), skipped=skipped, progress=progress)

    def add_articles(self, articles: Iterable[Article], parsed: Mapping[str, Any] | None = None, *,
                     skipped: Sequence[Skipped] = (), progress: ProgressCallback | None = None) -> AddReport:
        """Add cleaned articles: dedup against the store, parse, assign stories, re-analyse changed ones."""
        started = time.perf_counter()
        report = AddReport(skipped=list(skipped))
        report.files += [{"source": s.source, "status": "skipped", "article": None, "duplicate_of": None,
                          "reason": s.reason, "story": None} for s in skipped]
        articles = list(articles)
        known = self._known_ids([a.id for a in articles])
        fresh = [a for a in articles if a.id not in known]
        report.unchanged = len(articles) - len(fresh)
        report.files += [{"source": a.source, "status": "unchanged", "article": a.id, "duplicate_of": None,
                          "reason": None, "story": None} for a in articles if a.id in known]
        new_parsed = self._parse(fresh, dict(parsed or {}), progress)
        self._write(lambda: self._add_batch(fresh, new_parsed, report, progress, started))
        report.seconds = time.perf_counter() - started
        return report

    def remove(self, article_ids: Sequence[str]) -> AddReport:
        """Remove articles; their stories are re-analysed (or deleted when empty) in one transaction."""
        report = AddReport()
        self._write(lambda: self._remove_batch(list(article_ids), report))
        return report

    def set_outlets(self, rows: list[dict]) -> int:
        """Replace outlet rows by name: ``{name, domain?, attributes: {str: str}}``."""
        def write() -> None:
            self.conn.executemany(
                "INSERT OR REPLACE INTO outlets(name, domain, attributes) VALUES (?, ?, ?)",
                [(r["name"], r.get("domain"), json.dumps(r.get("attributes") or {}, ensure_ascii=False))
                 for r in rows])
        self._write(write)
        return len(rows)

    def _write(self, work: Any) -> None:
        """Run ``work`` in one IMMEDIATE transaction (one writer at a time); roll back on any failure."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only", source=str(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path} is busy ({exc})", source=str(self.path),
                             fix="wait for the other storyfold process to finish, then retry") from exc
        try:
            work()
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _known_ids(self, ids: list[str]) -> set[str]:
        known: set[str] = set()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            known.update(r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return known

    def _parse(self, articles: list[Article], parsed: dict[str, Any], progress: ProgressCallback | None) -> dict:
        from storyfold.nlp import parse_articles

        todo = [a for a in articles if a.id not in parsed]
        if todo:
            parsed.update(parse_articles(todo, self.settings, progress))
        return parsed

    def _add_batch(self, fresh: list[Article], parsed: dict, report: AddReport,
                   progress: ProgressCallback | None, started: float) -> None:
        fresh = [a for a in fresh if a.id not in self._known_ids([a.id for a in fresh])]  # a racing writer
        dedup, stories = self._indexes()
        for article in sorted(fresh, key=_original_first):  # within a batch, the batch stage's original wins
            dedup.add(article)
        now = _now()
        self.conn.executemany(f"INSERT INTO articles({ARTICLE_COLUMNS}) VALUES ({','.join('?' * 12)})",
                              [article_row(a, now) for a in fresh])
        self.conn.executemany("INSERT INTO nlp(article_id, blob) VALUES (?, ?)",
                              [(a.id, parsed_to_bytes(parsed[a.id])) for a in fresh if a.id in parsed])
        self.conn.executemany("INSERT INTO articles_fts(id, title, text) VALUES (?, ?, ?)",
                              [(a.id, a.title or "", a.text) for a in fresh])
        report.added = sum(1 for a in fresh if not a.duplicate_of)
        report.duplicates = len(fresh) - report.added
        changes = stories.add(fresh, parsed)
        self._save_changes(changes, parsed, report, progress)
        report.files += [{"source": a.source, "status": "duplicate" if a.duplicate_of else "added",
                          "article": a.id, "duplicate_of": a.duplicate_of, "reason": a.duplicate_reason,
                          "story": stories.story_of(a.id)} for a in fresh]
        report.seconds = time.perf_counter() - started  # parse included; the commit follows
        self._record_run(report, len(fresh))

    def _remove_batch(self, ids: list[str], report: AddReport) -> None:
        present = self._known_ids(ids)
        report.skipped += [Skipped(i, "no such article in the store") for i in ids if i not in present]
        gone = sorted(present)
        dedup, stories = self._indexes()
        for article_id in gone:
            dedup.remove(article_id)
        orphans = [r[0] for chunk in _chunks(gone, 500) for r in self.conn.execute(
            f"SELECT id FROM articles WHERE duplicate_of IN ({','.join('?' * len(chunk))})", chunk)]
        for article_id in orphans:
            dedup.detach(article_id)
        changes = stories.remove(gone)
        for table, column in (("nlp", "article_id"), ("story_members", "article_id"), ("articles_fts", "id"),
                              ("articles", "id")):
            self.conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in gone])
        self.conn.executemany("UPDATE articles SET duplicate_of = NULL, duplicate_reason = NULL "
                              "WHERE duplicate_of = ?", [(i,) for i in gone])
        report.removed = len(gone)
        self._save_changes(changes, {}, report, None)

    # ------------------------------------------------------------------ stories

    def _indexes(self) -> tuple[Any, Any]:
        """The copy index and the story index over this store's tables (built from stored stories once)."""
        from storyfold.stories import DedupIndex, SqliteIndexBackend, StoryIndex

        backend = SqliteIndexBackend(self.conn)
        dedup, stories = DedupIndex(backend, self.settings), StoryIndex(backend, _StoreSource(self), self.settings)
        if self.conn.execute("SELECT 1 FROM meta WHERE key = 'story_index'").fetchone() is None:
            self._adopt_stored(dedup, stories)
            self.conn.execute("INSERT INTO meta VALUES ('story_index', '1')")
        return dedup, stories

    def _adopt_stored(self, dedup: Any, stories: Any) -> None:
        """Index a store written before the incremental index: its stories and copy marks stay as they are."""
        articles = self._all_articles()
        if not articles:
            return
        members: dict[str, list[str]] = {}
        for story_id, article_id in self.conn.execute(
                "SELECT m.story_id, m.article_id FROM story_members m JOIN stories s ON s.id = m.story_id "
                "ORDER BY s.created_at, s.id, m.position"):
            members.setdefault(story_id, []).append(article_id)
        for article in articles:
            dedup.adopt(article)
        stories.adopt(members, articles, self._parses(a.id for a in articles))

    def _all_articles(self) -> list[Article]:
        rows = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY added_at, id")
        return [article_from_row(r) for r in rows]

    def _articles(self, ids: Sequence[str]) -> list[Article]:
        """Stored articles by id, in the order asked (unknown ids left out)."""
        found: dict[str, Article] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk):
                article = article_from_row(row)
                found[article.id] = article
        return [found[i] for i in ids if i in found]

    def _parses(self, ids: Iterable[str]) -> dict:
        """Stored parses by article id; one that no longer decodes is parsed again (and stored, when writable)."""
        parsed, damaged = {}, []
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for article_id, blob in self.conn.execute(
                    f"SELECT article_id, blob FROM nlp WHERE article_id IN ({marks})", chunk):
                try:
                    parsed[article_id] = parsed_from_bytes(blob)
                except (ValueError, zlib.error, json.JSONDecodeError):
                    damaged.append(article_id)
        if damaged:
            parsed.update(self._reparsed(damaged))
        return parsed

    def _reparsed(self, ids: list[str]) -> dict:
        """Fresh parses of articles whose stored parse is damaged (an older version's encoding of a control
        character, a flipped byte): the article text is intact, so the analysis need not lose them."""
        from storyfold.nlp import parse_articles

        log.warning("%d stored parses could not be read; parsing those articles again", len(ids))
        fresh = parse_articles(self._articles(ids), self.settings)
        if not self.readonly:
            self.conn.executemany("UPDATE nlp SET blob = ? WHERE article_id = ?",
                                  [(parsed_to_bytes(p), article_id) for article_id, p in fresh.items()])
        return fresh

    def _save_changes(self, changes: list[Any], parsed: dict, report: AddReport,
                      progress: ProgressCallback | None) -> None:
        """Re-analyse the stories whose members changed (only those); drop the ones left empty."""
        from storyfold.cluster import _article_key

        for n, change in enumerate(changes, start=1):
            if not change.article_ids:
                self._drop_story(change.story_id)
                continue
            articles = sorted(self._articles(change.article_ids), key=_article_key)
            missing = [a.id for a in articles if a.id not in parsed]
            story_parsed = {**self._parses(missing), **{a.id: parsed[a.id] for a in articles if a.id in parsed}}
            self._save_story(_Grouping(change.story_id, articles, change.title, change.merged), story_parsed, report)
            if progress:
                progress("analyze", n, len(changes))

    def _save_story(self, grouping: Any, parsed: dict, report: AddReport) -> None:
        from storyfold.analyze import StoryContext, analyze_story
        from storyfold.report.json import story_to_dict

        ctx = StoryContext(grouping.story_id, grouping.articles, parsed, self.settings)
        story = story_to_dict(analyze_story(ctx, grouping.title))
        old = self.conn.execute("SELECT analysis FROM stories WHERE id = ?", (grouping.story_id,)).fetchone()
        previous = json.loads(old[0]) if old else None
        now = _now()
        events = story_events(previous, story)
        for merged in grouping.merged:
            events.append(("merged", {"from": merged}))
            self._merge_away(merged, grouping.story_id)
        self.conn.executemany("INSERT INTO history(at, story, kind, detail) VALUES (?, ?, ?, ?)",
                              [(now, story["id"], kind, json.dumps(detail, ensure_ascii=False))
                               for kind, detail in events])
        self._write_story(story, grouping.articles, now, created=previous is None)
        report.stories_reanalysed += 1
        report.stories_created += previous is None
        report.stories_grown += previous is not None and len(story["articles"]) > len(previous["articles"])
        report.stories_merged += len(grouping.merged)

    def _write_story(self, story: JSON, articles: list[Article], now: str, *, created: bool) -> None:
        dates = sorted(a.published for a in articles if a.published)
        outlets = sorted({a.outlet for a in articles if a.outlet})
        independent = len({a.independent_id for a in articles})
        row = (story["id"], story["title"], json.dumps(story, ensure_ascii=False), dates[0] if dates else None,
               dates[-1] if dates else None, independent, json.dumps(outlets, ensure_ascii=False))
        if created:
            self.conn.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row, now, now))
        else:
            self.conn.execute("UPDATE stories SET title=?, analysis=?, first_published=?, last_published=?, "
                              "independent_sources=?, outlets=?, updated_at=? WHERE id=?", (*row[1:], now, row[0]))
        self.conn.execute("DELETE FROM story_members WHERE story_id = ?", (story["id"],))
        self.conn.executemany("INSERT OR REPLACE INTO story_members(article_id, story_id, position) VALUES (?, ?, ?)",
                              [(a.id, story["id"], n) for n, a in enumerate(articles)])
        self.conn.execute("DELETE FROM stories_fts WHERE id = ?", (story["id"],))
        entities = " ".join(e["name"] for e in story.get("entities", []))
        self.conn.execute("INSERT INTO stories_fts(id, title, entities) VALUES (?, ?, ?)",
                          (story["id"], story["title"], entities))

    def _merge_away(self, old_id: str, survivor: str) -> None:
        """The older story survives; the other id becomes an alias (and aliases to it follow)."""
        self.conn.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (survivor, old_id))
        self.conn.execute("INSERT OR REPLACE INTO story_aliases(old_id, story_id) VALUES (?, ?)", (old_id, survivor))
        self._drop_story(old_id)

    def _drop_story(self, story_id: str) -> None:
        """Delete a story with its members, search row and the aliases that led to it (nothing left to show)."""
        for table, column in (("story_members", "story_id"), ("stories_fts", "id"), ("story_aliases", "story_id"),
                              ("stories", "id")):
            self.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (story_id,))

    def _record_run(self, report: AddReport, articles: int) -> None:
        stats = {"articles": articles, **report.counts()}
        self.conn.execute("INSERT INTO runs(started_at, seconds, stats) VALUES (?, ?, ?)",
                          (_now(), report.seconds, json.dumps(stats)))

    # ------------------------------------------------------------------ export / check

    def export_jsonl(self, out: TextIO) -> int:
        """One JSON line per article then per story, in the contract's shapes; returns the line count."""
        lines = 0
        for row in self.conn.execute("SELECT id FROM articles ORDER BY added_at, id").fetchall():
            out.write(json.dumps({"kind": "article", **self.get_article(row[0])}, ensure_ascii=False) + "\n")
            lines += 1
        for (analysis,) in self.conn.execute("SELECT analysis FROM stories ORDER BY id"):
            out.write(json.dumps({"kind": "story", **json.loads(analysis)}, ensure_ascii=False) + "\n")
            lines += 1
        return lines

    def check(self) -> list[str]:
        from storyfold.store.check import problems

        return problems(self.conn)


@dataclass
class _Grouping:
    """One story to (re-)analyse: its id, members in story order, title and the ids merged into it."""

    story_id: str
    articles: list[Article]
    title: str
    merged: list[str]


class _StoreSource:
    """The story index reads articles and parses back from the store's own tables."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self, article_ids: Sequence[str]) -> tuple[list[Article], dict]:
        articles = self.store._articles(article_ids)
        return articles, self.store._parses(a.id for a in articles)

    def recent_texts(self, limit: int) -> list[str]:
        return [r[0] for r in self.store.conn.execute("SELECT text FROM articles ORDER BY rowid DESC LIMIT ?",
                                                      (limit,))]


def _original_first(article: Article) -> tuple:
    """The batch dedup rule's order (``original_rank``), so the original is indexed first; then a stable order."""
    from storyfold.dedup import original_rank

    return (*original_rank(article), article.source, article.id)


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    try:
        # check_same_thread off: the web server reads from worker threads (sqlite3 serialises the calls)
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable against process kills
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise NotAStore(f"{path} is not a storyfold store ({exc})", source=str(path),
                        fix="pass --db with a new file or an existing store") from exc
    return conn


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    """SQLite's "database is locked" / "busy": another connection holds the lock the call needed."""
    message = str(exc).casefold()
    return "locked" in message or "busy" in message
