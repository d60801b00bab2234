"""Both CorpusReaders (the store, a batch analysis) hand out the same record shapes, and the store's read side
follows writes: its per-version memos (copies, outlet counts, summary rows) never serve stale data."""

from __future__ import annotations

from pathlib import Path

from storyfold.model import Article, stable_id
from storyfold.report.memory import AnalysisCorpus
from storyfold.web.articles import _removed_in_place

# A fictional ferry story: an original report and a wire copy of it, added to a store in two steps.
FERRY_REPORT = """The regional ferry Marisol ran aground on a sandbank outside Port Elvan on Sunday evening,
the harbour authority said. All 212 passengers were taken ashore by lifeboats within three hours and nobody was
seriously hurt. Harbour master Ilse Varga said the tide had fallen faster than forecast and that divers would
inspect the hull on Monday before the ship is towed off."""
FERRY_COPY = FERRY_REPORT + "\n\nThis report was distributed by the Coastal Wire service."


def _ferry_article(text: str, source: str, outlet: str) -> Article:
    return Article(id=stable_id(source, text), source=source, raw=text, text=text, outlet=outlet,
                   title="Ferry runs aground off Port Elvan", published="2026-05-10", language="en")


def test_both_readers_return_the_same_article_keys(sample_corpus: AnalysisCorpus, pristine_store: Path) -> None:
    from storyfold.store import Store

    with Store.open(pristine_store, readonly=True) as store:
        stored_ids = [a for row in store.list_stories(limit=100) for a in row["articles"]]
        assert stored_ids
        for article_id in stored_ids:
            batch, stored = sample_corpus.get_article(article_id), store.get_article(article_id)
            assert batch is not None and stored is not None, article_id
            assert set(batch) == set(stored), set(batch) ^ set(stored)
            assert {"story", "copied_by", "raw"} <= set(stored)
            assert (stored["raw"] is None) == (batch["raw"] is None), article_id
        for row in store.list_stories(limit=100):
            shapes = {frozenset(a) for a in [*store.story_articles(row["id"]),
                                             *sample_corpus.story_articles(row["id"])]}
            assert len(shapes) == 1, row["id"]


def test_removed_spans_are_placed_the_same_way_from_either_reader(sample_corpus: AnalysisCorpus,
                                                                  pristine_store: Path) -> None:
    from storyfold.store import Store

    placed = 0
    with Store.open(pristine_store, readonly=True) as store:
        for article in sample_corpus.analysis.articles:
            stored = store.get_article(article.id)
            if stored is None or not any(r["start"] is not None for r in stored["removed"]):
                continue
            pieces = _removed_in_place(stored)
            assert pieces == _removed_in_place(sample_corpus.get_article(article.id))
            assert "".join(p["text"] for p in pieces) == article.raw  # kept + removed pieces rebuild the input
            assert any(p["kind"] == "kept" for p in pieces) and any(p["kind"] == "removed" for p in pieces)
            placed += 1
    assert placed  # the sample corpus has plain-text captures with located boilerplate


def test_the_store_reader_follows_its_own_writes_and_other_connections(tmp_path: Path, test_settings) -> None:
    from storyfold.store import Store

    path = tmp_path / "ferry.db"
    original = _ferry_article(FERRY_REPORT, "harbour-news/ferry.txt", "Harbour News")
    copy = _ferry_article(FERRY_COPY, "coastal-wire/ferry.txt", "Coastal Wire")
    with Store.open(path, settings=test_settings) as writer, Store.open(path, settings=test_settings) as reader:
        writer.add_articles([original])
        assert reader.count_stories() == writer.count_stories() == 1
        assert reader.get_article(original.id)["copied_by"] == []
        assert [o["name"] for o in reader.outlets()] == ["Harbour News"]
        writer.add_articles([copy])  # another connection's commit: the reader's memos must not hide it
        assert writer.get_article(copy.id)["duplicate_of"] == original.id
        for store in (reader, writer):  # and the writer's own connection, whose data_version does not move
            assert store.get_article(original.id)["copied_by"] == [copy.id]
            assert {o["name"]: o["articles"] for o in store.outlets()} == {"Coastal Wire": 1, "Harbour News": 1}
            [row] = store.list_stories(outlet="coastal wire")
            assert set(row["articles"]) == {original.id, copy.id}
        writer.remove([copy.id])
        assert reader.get_article(original.id)["copied_by"] == []
        assert reader.list_stories(outlet="Coastal Wire") == [] and reader.count_stories(min_sources=1) == 1


def test_worker_threads_share_readers_as_they_come_and_go() -> None:
    """A reader per live thread; a thread that exited hands its reader on instead of leaking a connection."""
    import threading

    from storyfold.web.app import Readers

    opened: list[object] = []

    class Reader:
        closed = False

        def __init__(self) -> None:
            opened.append(self)

        def close(self) -> None:
            self.closed = True

    readers = Readers(Reader)
    got: list[object] = []
    both_running = threading.Barrier(2)

    def request() -> None:
        got.append(readers.get())
        both_running.wait(timeout=10)

    pair = [threading.Thread(target=request) for _ in range(2)]
    for thread in pair:
        thread.start()
    for thread in pair:
        thread.join()
    assert len(opened) == 2 and got[0] is not got[1]  # two threads at once: two readers
    later = [threading.Thread(target=lambda: got.append(readers.get())) for _ in range(3)]
    for thread in later:  # one after another, after the first two exited
        thread.start()
        thread.join()
    assert len(opened) == 2 and set(map(id, got[2:])) <= set(map(id, opened))
    readers.close()
    assert all(r.closed for r in opened)


def test_reads_inside_a_rolled_back_transaction_are_not_kept(tmp_path: Path, test_settings) -> None:
    from storyfold.store import Store

    original = _ferry_article(FERRY_REPORT, "harbour-news/ferry.txt", "Harbour News")
    with Store.open(tmp_path / "ferry.db", settings=test_settings) as store:
        store.add_articles([original])
        store.conn.execute("BEGIN")
        store.conn.execute("UPDATE articles SET outlet = 'Renamed Outlet'")
        assert [o["name"] for o in store.outlets()] == ["Renamed Outlet"]  # the transaction sees its own write
        store.conn.execute("ROLLBACK")
        assert [o["name"] for o in store.outlets()] == ["Harbour News"]
