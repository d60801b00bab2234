"""The SQLite store: idempotent adds, stable and merged story ids, remove, check, migration, search."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from storyfold.errors import StoreError
from storyfold.settings import Settings
from storyfold.store import Store
from storyfold.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import SAMPLES

CORPUS = SAMPLES / "corpus"
LATE_ARTICLE = "vessa_herald.txt"  # one outlet's report of the plant explosion, added after the others


def _counts(store: Store) -> dict[str, int]:
    tables = ("articles", "nlp", "stories", "story_members", "story_aliases", "history", "articles_fts")
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _story_of(store: Store, source_name: str) -> str:
    (article_id,) = store.conn.execute("SELECT id FROM articles WHERE source LIKE ?", (f"%{source_name}",)).fetchone()
    return store.get_article(article_id)["story"]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(cache_dir=str(tmp_path_factory.mktemp("nlp-cache")), progress=False)


@pytest.fixture(scope="module")
def grown_db(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, str]:
    """A store built in two adds: the corpus without one explosion report, then that report."""
    early = sorted(p for p in CORPUS.iterdir() if p.name != LATE_ARTICLE)  # same paths: same article ids
    db = tmp_path_factory.mktemp("db") / "store.db"
    with Store.open(db, settings=settings) as store:
        store.add(early)
        story_before = _story_of(store, "meridian_post.html")
        report = store.add([CORPUS / LATE_ARTICLE])
        assert report.added == 1 and report.stories_grown == 1 and report.stories_created == 0
    return db, story_before


@pytest.fixture
def db(grown_db: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the module's store, for tests that change it."""
    copy = tmp_path / "store.db"
    with sqlite3.connect(grown_db[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def test_a_story_grows_and_keeps_its_id(grown_db: tuple[Path, str], settings: Settings) -> None:
    path, story_before = grown_db
    with Store.open(path, settings=settings, readonly=True) as store:
        assert _story_of(store, LATE_ARTICLE) == story_before
        kinds = [e["kind"] for e in store.story_history(story_before)]
        assert kinds[0] == "created" and "article_joined" in kinds
        assert store.check() == []


def test_adding_the_same_folder_twice_changes_nothing(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings) as store:
        before = _counts(store)
        report = store.add([CORPUS])
        assert (report.added, report.duplicates, report.stories_reanalysed) == (0, 0, 0)
        assert report.unchanged == 14 and _counts(store) == before
        assert {f["status"] for f in report.files} == {"unchanged"}


def test_summary_rows_follow_the_reader_contract(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings, readonly=True) as store:
        rows = store.list_stories()
        assert [r["last_published"] for r in rows] == sorted((r["last_published"] for r in rows), reverse=True)
        biggest = max(rows, key=lambda r: len(r["articles"]))
        assert biggest["independent_sources"] < len(biggest["articles"])  # the wire copy does not count
        assert store.count_stories(min_sources=2) == len(store.list_stories(min_sources=2))
        assert store.list_stories(outlet="Arts Review Weekly")[0]["title"].startswith("Kestrel Gallery")
        story = store.get_story(biggest["id"])
        assert story["articles"] == biggest["articles"] and story["facts"]


def test_merge_keeps_the_older_id_and_the_other_resolves(db: Path, settings: Settings,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import storyfold.stories.index as story_index
    from storyfold.cluster import StoryGroup
    from storyfold.stories import SqliteIndexBackend

    with Store.open(db, settings=settings) as store:
        old_id = _story_of(store, "meridian_post.html")
        other_id = _story_of(store, "harbourline.txt")  # the warehouse explosion, a different event
        assert old_id != other_id
        late_id = store.conn.execute("SELECT id FROM articles WHERE source LIKE ?",
                                     (f"%{LATE_ARTICLE}",)).fetchone()[0]
        store.remove([late_id])

        def one_explosion_story(articles, parsed, settings, background):  # joins the two stories
            return [StoryGroup(list(articles), articles[0].title or "")]

        monkeypatch.setattr(story_index, "cluster_stories", one_explosion_story)
        monkeypatch.setattr(story_index.StoryIndex, "_neighbour_stories", lambda self, sigs: [other_id, old_id])
        SqliteIndexBackend(store.conn).put("s", old_id, {"seq": 0})  # the older story, whatever the add order
        report = store.add([CORPUS / LATE_ARTICLE])
        assert report.stories_merged == 1
        assert store.resolve_story_id(other_id) == old_id
        assert store.get_story(other_id)["id"] == old_id
        assert "merged" in [e["kind"] for e in store.story_history(old_id)]
        assert store.check() == []


def test_remove_takes_an_article_out_of_its_story(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings) as store:
        story_id = _story_of(store, LATE_ARTICLE)
        article_id = store.conn.execute("SELECT id FROM articles WHERE source LIKE ?",
                                        (f"%{LATE_ARTICLE}",)).fetchone()[0]
        report = store.remove([article_id])
        assert report.removed == 1 and store.get_article(article_id) is None
        assert article_id not in store.get_story(story_id)["articles"]
        assert store.story_history(story_id)[-1]["kind"] == "article_removed"
        assert store.check() == []


def test_check_catches_a_corrupted_evidence_offset(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings) as store:
        story_id, analysis = store.conn.execute("SELECT id, analysis FROM stories WHERE analysis LIKE "
                                                "'%\"evidence\": [{%' LIMIT 1").fetchone()
        story = json.loads(analysis)
        story["facts"][0]["evidence"][0]["start"] += 3
        store.conn.execute("UPDATE stories SET analysis = ? WHERE id = ?", (json.dumps(story), story_id))
        found = store.check()
        assert len(found) == 1 and "evidence offset" in found[0] and story_id in found[0]


def test_search_ranks_and_marks_the_matched_words(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings, readonly=True) as store:
        hits = store.search("ammonia compressor")
        assert hits and hits[0]["kind"] == "article"
        assert "\x02" in hits[0]["snippet"] and "\x03" in hits[0]["snippet"]
        assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)
        # FTS syntax in a query is plain words, never an FTS error: this is the word "Rudenko" (and "near")
        assert {h["id"] for h in store.search('Rudenko" NEAR(*')} <= {h["id"] for h in store.search("Rudenko")}
        assert store.search('"*') == []
        story_hits = [h for h in store.search("Rudenko") if h["kind"] == "story"]
        assert story_hits and story_hits[0]["id"] == _story_of(store, "meridian_post.html")


def test_an_older_schema_is_migrated_and_says_so(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:
        for statement in MIGRATIONS[1]:
            conn.execute(statement)
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("app", "storyfold"), ("schema_version", "1")])
    with Store.open(path, settings=settings) as store:
        assert store.migrated_from == 1
        assert store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == \
            str(SCHEMA_VERSION)
        assert store.search("anything") == [] and store.outlets() == []
    with Store.open(path, settings=settings) as store:
        assert store.migrated_from is None


def test_a_newer_schema_or_another_file_is_refused_by_name(tmp_path: Path, settings: Settings) -> None:
    newer = tmp_path / "newer.db"
    with Store.open(newer, settings=settings) as store:
        store.conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"newer\.db has schema version 99"):
        Store.open(newer, settings=settings)
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some notes\n" * 50)
    with pytest.raises(StoreError, match=r"notes\.txt is not a storyfold store") as error:
        Store.open(text, settings=settings)
    assert error.value.exit_code == 2
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(StoreError, match=r"other\.sqlite is not a storyfold store"):
        Store.open(other, settings=settings)


def test_export_writes_every_article_and_story(db: Path, settings: Settings) -> None:
    import io

    with Store.open(db, settings=settings, readonly=True) as store:
        out = io.StringIO()
        lines = store.export_jsonl(out)
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        assert lines == len(records) == 14 + store.count_stories()
        assert {r["kind"] for r in records} == {"article", "story"}


def test_runs_record_their_duration_and_the_index_agrees_with_the_stories(grown_db: tuple[Path, str],
                                                                          settings: Settings) -> None:
    with Store.open(grown_db[0], settings=settings, readonly=True) as store:
        seconds = [r[0] for r in store.conn.execute("SELECT seconds FROM runs")]
        assert seconds and all(s > 0 for s in seconds)
        assert store.check() == []


def test_check_catches_an_index_that_disagrees_with_the_stories(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings) as store:
        (key,) = store.conn.execute("SELECT key FROM idx_record WHERE kind = 'a' LIMIT 1").fetchone()
        store.conn.execute("UPDATE idx_record SET value = json_set(value, '$.story', 'sGONE') "
                           "WHERE kind = 'a' AND key = ?", (key,))
        found = store.check()
        assert len(found) == 1 and "story index" in found[0] and key in found[0]


def test_a_store_made_before_the_index_is_indexed_on_its_next_add(db: Path, settings: Settings) -> None:
    with Store.open(db, settings=settings) as store:
        story_id = _story_of(store, LATE_ARTICLE)
        late_id = store.conn.execute("SELECT id FROM articles WHERE source LIKE ?",
                                     (f"%{LATE_ARTICLE}",)).fetchone()[0]
        store.remove([late_id])
        with store.conn:  # what a store written by the re-clustering versions looks like
            for table in ("idx_record", "idx_posting", "idx_counter", "dup_record", "dup_posting", "dup_counter"):
                store.conn.execute(f"DELETE FROM {table}")
            store.conn.execute("DELETE FROM meta WHERE key = 'story_index'")
        stories_before = store.count_stories()
        report = store.add([CORPUS / LATE_ARTICLE])
        assert report.stories_grown == 1 and report.stories_created == 0
        assert _story_of(store, LATE_ARTICLE) == story_id and store.count_stories() == stories_before
        assert store.check() == []


def test_an_unrelated_article_re_analyses_only_its_own_new_story(db: Path, settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "ferry.txt"
    page.write_text("Ferry timetable changes on the island route\n\nThe island ferry company Nordline said on Monday "
                    "that its evening crossings to Porto Lenne would leave thirty minutes later from April, after "
                    "passengers asked for more time to connect with the last trains. Nordline runs four crossings a "
                    "day.\n", encoding="utf-8")
    with Store.open(db, settings=settings) as store:
        report = store.add([page])
        assert report.added == 1 and report.stories_created == 1
        assert report.stories_reanalysed == 1  # the neighbours it was compared with did not change
        assert store.check() == []


def test_an_add_streams_in_batches_and_a_failed_batch_keeps_the_ones_before(
        tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    small = settings.replace(add_batch_documents=4)  # 14 inputs: four transactions
    with Store.open(tmp_path / "whole.db", settings=settings) as store:
        whole = store.add([CORPUS])
        expected = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
    calls = {"n": 0}
    real_add = Store.add_articles

    def failing_second_batch(self: Store, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")  # as if the disk filled up during the second batch
        return real_add(self, *args, **kwargs)

    path = tmp_path / "batched.db"
    with Store.open(path, settings=small) as store:
        monkeypatch.setattr(Store, "add_articles", failing_second_batch)
        with pytest.raises(OSError):
            store.add([CORPUS])
        kept = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
        assert 0 < len(kept) < len(expected) and set(kept) <= set(expected)  # the first batch, committed
        assert store.check() == []
        monkeypatch.setattr(Store, "add_articles", real_add)
        rerun = store.add([CORPUS])
        assert rerun.unchanged == len(kept) and rerun.added + rerun.duplicates == len(expected) - len(kept)
        assert sorted(r[0] for r in store.conn.execute("SELECT id FROM articles")) == expected
        assert store.check() == []
    assert whole.added + whole.duplicates == len(expected)


def test_a_damaged_stored_parse_is_parsed_again_when_its_story_changes(db: Path, settings: Settings) -> None:
    """An older version could write a parse that no longer decodes; the article text is intact, so re-analysing
    its story parses it again (and stores the repair) instead of failing the add."""
    from storyfold.store.codec import parsed_from_bytes

    with Store.open(db, settings=settings) as store:
        (damaged,) = store.conn.execute("SELECT id FROM articles WHERE source LIKE ?",
                                        ("%meridian_post.html",)).fetchone()
        story_id = _story_of(store, "meridian_post.html")
        cited_before = {e["article"] for f in store.get_story(story_id)["facts"] for e in f["evidence"]}
        store.conn.execute("UPDATE nlp SET blob = ? WHERE article_id = ?", (b"\x01not a parse", damaged))
        late = store.conn.execute("SELECT id FROM articles WHERE source LIKE ?", (f"%{LATE_ARTICLE}",)).fetchone()[0]
        store.remove([late])  # the story changes: its members' stored parses are read back
        story = store.get_story(story_id)
        (blob,) = store.conn.execute("SELECT blob FROM nlp WHERE article_id = ?", (damaged,)).fetchone()
        assert parsed_from_bytes(blob).sentences  # repaired in the store
        assert damaged in cited_before and damaged in {e["article"] for f in story["facts"] for e in f["evidence"]}
        assert store.check() == []
