"""Data safety of the store under real processes: concurrent writers, a reader during an add, kill -9."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyfold.store import Store
from tests.conftest import SAMPLES

CORPUS = SAMPLES / "corpus"
KILL_SEED = 20260315  # fixed: the same kill points on every run
KILLS = 4


KILL_BATCH = 5  # inputs per transaction in the kill test: 14 inputs make three batches, so kills land between them


def _add_command(db: Path, cache: Path, *paths: Path, batch: int | None = None) -> list[str]:
    extra = ["--set", f"add_batch_documents={batch}"] if batch else []
    return [sys.executable, "-c", "from storyfold.cli import main; main()", "add", "--db", str(db), "--no-progress",
            "--set", f"cache_dir={cache}", *extra, *map(str, paths)]


def _whole_batches(db: Path) -> set[int]:
    """Article counts a store can hold between batches: 0 and the running totals of its recorded runs."""
    with Store.open(db, readonly=True) as store:
        per_run = [json.loads(r[0])["articles"] for r in store.conn.execute("SELECT stats FROM runs ORDER BY id")]
    return {sum(per_run[:n]) for n in range(len(per_run) + 1)}


def _snapshot(db: Path) -> dict:
    """What must match between stores: article ids, story memberships, each story's analysis JSON."""
    with Store.open(db, readonly=True) as store:
        articles = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
        members = sorted(tuple(r) for r in store.conn.execute("SELECT article_id, story_id FROM story_members"))
        stories = {r[0]: json.loads(r[1]) for r in store.conn.execute("SELECT id, analysis FROM stories")}
        assert store.check() == []
    return {"articles": articles, "members": members, "stories": stories}


def _env() -> dict[str, str]:
    return {**os.environ, "STORYFOLD_STRICT": "1"}


@pytest.mark.slow
def test_killed_adds_leave_a_clean_store_and_a_rerun_completes_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reference = tmp_path / "reference.db"
    subprocess.run(_add_command(reference, cache, CORPUS, batch=KILL_BATCH), check=True, env=_env(),
                   capture_output=True)
    expected = _snapshot(reference)
    whole_batches = _whole_batches(reference)
    assert len(whole_batches) > 2  # the add really ran in several transactions
    started = time.perf_counter()
    subprocess.run(_add_command(tmp_path / "timing.db", cache, CORPUS, batch=KILL_BATCH), check=True, env=_env(),
                   capture_output=True)
    full_run = time.perf_counter() - started
    killed = tmp_path / "killed.db"
    rng = random.Random(KILL_SEED)
    for _ in range(KILLS):
        process = subprocess.Popen(_add_command(killed, cache, CORPUS, batch=KILL_BATCH), env=_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full_run))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if killed.exists():
            snapshot = _snapshot(killed)  # check() clean after every kill
            assert set(snapshot["articles"]) <= set(expected["articles"])
            assert len(snapshot["articles"]) in whole_batches  # whole batches only, never half of one
    subprocess.run(_add_command(killed, cache, CORPUS, batch=KILL_BATCH), check=True, env=_env(),
                   capture_output=True)
    assert _snapshot(killed) == expected


@pytest.mark.slow
def test_two_writers_and_a_reader_at_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    db = tmp_path / "shared.db"
    files = sorted(CORPUS.iterdir())
    writers = [subprocess.Popen(_add_command(db, cache, *half), env=_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for half in (files[::2], files[1::2])]
    reads = 0
    while any(w.poll() is None for w in writers):
        if db.exists():
            try:
                with Store.open(db, readonly=True) as store:
                    store.list_stories()
                    reads += 1
            except Exception as exc:  # a store still being created by the first writer
                assert any(m in str(exc) for m in ("needs a migration", "no store", "is busy")), exc
        time.sleep(0.2)
    for writer in writers:
        assert writer.returncode == 0, writer.stderr.read().decode()
    snapshot = _snapshot(db)
    assert len(snapshot["articles"]) == 14 and reads > 0
    reference = tmp_path / "reference.db"
    subprocess.run(_add_command(reference, cache, CORPUS), check=True, env=_env(), capture_output=True)
    assert snapshot["articles"] == _snapshot(reference)["articles"]


def test_a_store_locked_by_its_creator_is_busy_not_foreign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that meets the lock of the process creating the store is told it is busy, not that the
    file is no storyfold store."""
    import importlib
    import sqlite3

    from storyfold.errors import StoreError
    from storyfold.store.schema import NotAStore

    store_module = importlib.import_module("storyfold.store.store")
    db = tmp_path / "new.db"
    sqlite3.connect(db).close()

    def locked(*_: object, **__: object) -> int:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store_module, "migrate", locked)
    with pytest.raises(StoreError, match="is busy") as raised:
        Store.open(db, readonly=True)
    assert not isinstance(raised.value, NotAStore)
