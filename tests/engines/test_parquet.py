"""Parquet in and out without Spark: article rows read as JSONL records, contract tables, store import."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyfold.api import analyze
from storyfold.cli import app
from storyfold.errors import InputError
from storyfold.ingest.jsonl import record_document
from storyfold.model import Analysis, RawDocument, Skipped
from storyfold.settings import Settings
from tests.mini_corpus import write_mini_corpus

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from storyfold.engines.parquet import (  # noqa: E402  (after the skip: pyarrow is an extra)
    article_from_row,
    import_parquet,
    parquet_pieces,
    read_piece,
    write_parquet,
)

# Fictional wire-style rows, as a news archive would export them (one page per row, metadata beside it).
ROWS = [
    {"url": "https://valmont-gazette.example/2025/04/02/bridge", "title": "Valmont bridge closed after crack found",
     "published": dt.date(2025, 4, 2), "outlet": "Valmont Gazette",
     "text": "VALMONT, April 2 - Engineers closed the Orrin Street bridge on Wednesday after finding a crack in "
             "one of its steel girders, the city's transport office said. About 14,000 vehicles cross the "
             "bridge each day; traffic was diverted over the Kessel crossing."},
    {"url": "https://rivermouth-herald.example/bridge-closure", "title": "Orrin Street bridge shut for repairs",
     "published": dt.datetime(2025, 4, 3, 8, 15), "outlet": None,
     "html": "<html><body><article><h1>Orrin Street bridge shut for repairs</h1><p>The Orrin Street bridge in "
             "Valmont will stay closed for at least three weeks while a cracked girder is replaced, transport "
             "chief Marta Ilic said on Thursday.</p></article></body></html>"},
    {"url": "https://valmont-gazette.example/empty", "title": "Untitled", "published": None,
     "outlet": "Valmont Gazette",
     "text": "   "},
]


def write_rows(path: Path, rows: list[dict], row_group_size: int = 2) -> Path:
    columns = list(dict.fromkeys(key for row in rows for key in row))  # from_pylist reads only the first row's keys
    pq.write_table(pa.Table.from_pylist([{key: row.get(key) for key in columns} for row in rows]), path,
                   row_group_size=row_group_size)
    return path


def test_pieces_cover_every_row_in_order(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "archive.parquet", ROWS * 3, row_group_size=4)  # 9 rows: groups of 4, 4, 1
    pieces = parquet_pieces("archive.parquet", str(path), rows_per_piece=3)
    rows = [row for piece in pieces for row, _ in read_piece("archive.parquet", str(path), piece, 10**6)]
    assert rows == list(range(9))
    assert max(stop - start for _, _, start, stop in pieces) == 3


def test_a_row_means_what_the_same_jsonl_record_means(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "archive.parquet", ROWS)
    [piece_a, piece_b] = parquet_pieces("in/archive.parquet", str(path), rows_per_piece=1000)
    records = [item for piece in (piece_a, piece_b)
               for _, item in read_piece("in/archive.parquet", str(path), piece, 10**6)]
    as_json = [record_document(f"in/archive.parquet#{n}", json.loads(json.dumps(row, default=str)))
               for n, row in enumerate(ROWS, start=1)]
    assert isinstance(records[0], RawDocument) and isinstance(records[1], RawDocument)
    assert [(r.source, r.content, r.is_html, r.fields) for r in records[:2]] == \
           [(r.source, r.content, r.is_html, r.fields) for r in as_json[:2]]
    assert records[1].fields["published"] == "2025-04-03"  # a timestamp column is a date like a JSON string
    assert "outlet" not in records[1].fields  # a null column is no metadata
    assert isinstance(records[2], Skipped) and records[2].source == "in/archive.parquet#3"
    assert records[2].reason == as_json[2].reason


def test_a_row_over_the_size_limit_is_skipped_with_its_row_named(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "big.parquet", ROWS[:1])
    [piece] = parquet_pieces("big.parquet", str(path), rows_per_piece=1000)
    [(_, item)] = list(read_piece("big.parquet", str(path), piece, max_bytes=100))
    assert isinstance(item, Skipped) and item.source == "big.parquet#1" and "max_input_bytes" in item.reason


def test_a_parquet_file_without_a_page_column_is_a_clear_error(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "links.parquet", [{"url": "https://example.org/a", "headline": "A"}])
    with pytest.raises(InputError) as error:
        parquet_pieces("links.parquet", str(path), rows_per_piece=1000)
    message = str(error.value)
    assert "links.parquet" in message and "'text' or 'html'" in message and "url, headline" in message


def test_a_file_named_parquet_that_is_not_parquet_is_a_skipped_input(tmp_path: Path) -> None:
    path = tmp_path / "notes.parquet"
    path.write_text("these are meeting notes, not a table", "utf-8")
    found = parquet_pieces("notes.parquet", str(path), rows_per_piece=1000)
    assert isinstance(found, Skipped) and "not a readable Parquet file" in found.reason


@pytest.fixture(scope="module")
def mini_analysis(tmp_path_factory: pytest.TempPathFactory, test_settings: Settings) -> Analysis:
    corpus = write_mini_corpus(tmp_path_factory.mktemp("mini") / "corpus")
    return analyze([str(path) for path in corpus.values()], test_settings)


def test_tables_round_trip_the_articles_and_split_the_story_parts(mini_analysis: Analysis, tmp_path: Path) -> None:
    write_parquet(mini_analysis, tmp_path / "out")
    rows = pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()
    assert [article_from_row(row) for row in rows] == mini_analysis.articles  # raw, removed spans, fields, ...
    for part in ("facts", "quotes", "discrepancies"):
        table = pq.read_table(tmp_path / "out" / f"{part}.parquet").to_pylist()
        expected = [(story.id, len(getattr(story, part))) for story in mini_analysis.stories]
        assert sum(count for _, count in expected) == len(table)
        assert {row["story"] for row in table} == {story for story, count in expected if count}
    assert pq.read_table(tmp_path / "out" / "facts.parquet").num_rows, "the ferry story has facts"


def _grouping(store) -> list[set[str]]:
    return [set(row["articles"]) for row in store.list_stories(limit=1000)]


def test_import_loads_the_articles_into_a_store_in_batches(mini_analysis: Analysis, tmp_path: Path,
                                                           test_settings: Settings) -> None:
    from storyfold.store import Store

    write_parquet(mini_analysis, tmp_path / "out")
    with Store.open(tmp_path / "store.db", settings=test_settings) as store:
        reports = import_parquet(tmp_path / "out", store, batch_rows=2)
        assert len(reports) == 2  # three articles, two per transaction
        assert sum(r.added + r.duplicates for r in reports) == len(mini_analysis.articles)
        for article in mini_analysis.articles:
            stored = store.get_article(article.id)
            assert (stored["text"], stored["title"], stored["published"]) == \
                   (article.text, article.title, article.published)
            assert stored["removed"] == [asdict(span) for span in article.removed]
        assert _grouping(store) == [{a.id for a in mini_analysis.articles}]  # one ferry story, as analyze finds
        again = import_parquet(tmp_path / "out", store, batch_rows=2)
        assert sum(r.unchanged for r in again) == len(mini_analysis.articles)
        assert sum(r.added for r in again) == 0


def test_import_command_loads_a_store_and_refuses_a_folder_that_is_not_an_output(
        mini_analysis: Analysis, tmp_path: Path, test_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYFOLD_CACHE", test_settings.cache_dir)
    write_parquet(mini_analysis, tmp_path / "out")
    runner = CliRunner()
    done = runner.invoke(app, ["import", str(tmp_path / "out"), "--db", str(tmp_path / "s.db"), "--no-progress"])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["stories", "--db", str(tmp_path / "s.db"), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [set(s["articles"]) for s in json.loads(listed.stdout)] == [{a.id for a in mini_analysis.articles}]
    (tmp_path / "empty").mkdir()
    refused = runner.invoke(app, ["import", str(tmp_path / "empty"), "--db", str(tmp_path / "s.db")])
    assert refused.exit_code == 2
    assert "no skipped.parquet" in refused.output and "empty" in refused.output


def test_batch_reports_add_up_to_one_report() -> None:
    from storyfold.cli.spark import merged_reports
    from storyfold.store.store import AddReport

    first = AddReport(added=3, duplicates=1, skipped=[Skipped("a.jsonl#2", "malformed JSON on line 2")],
                      stories_created=2, seconds=1.5)
    second = AddReport(added=2, unchanged=4, stories_grown=1, seconds=0.5)
    total = merged_reports([first, second])
    assert (total.added, total.duplicates, total.unchanged, total.stories_created, total.stories_grown) == \
        (5, 1, 4, 2, 1)
    assert total.seconds == 2.0 and [s.source for s in total.skipped] == ["a.jsonl#2"]
    assert first.skipped == [Skipped("a.jsonl#2", "malformed JSON on line 2")], "the batch reports stay as they were"


def test_analyze_on_spark_refuses_parquet_without_a_page_column_before_starting_spark(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    path = write_rows(tmp_path / "links.parquet", [{"url": "https://example.org/a", "headline": "A"}])
    result = CliRunner().invoke(app, ["analyze", "--engine", "spark", str(path)])
    assert result.exit_code == 2
    assert "links.parquet" in result.output and "no 'text' or 'html' column" in result.output
