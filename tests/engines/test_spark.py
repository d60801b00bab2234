"""The Spark engine agrees with the local engine: same articles, same copies, same story groupings.

One local Spark session for the whole module (a session takes 10-15 s to start); skipped when PySpark or
Java is missing.  Marked slow and spark: CI runs them with ``pytest -m slow``.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyfold.api import analyze, load_articles
from storyfold.model import Analysis, Article
from storyfold.report.json import story_to_dict
from storyfold.settings import Settings

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java 17 on PATH", allow_module_level=True)

pytestmark = [pytest.mark.spark, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
ECBPLUS = ROOT.parent / "shared" / "datasets" / "ecbplus" / "topics"
STORE_BATCH = 5  # articles per store transaction: several transactions on the sample corpus
ECB_TOPICS = ("1", "2")  # two real events, each with its ecb and ecbplus halves: a small real slice
# One outlet's plain-text pages sharing a block no cleaning rule knows: only the clean stage's batch pre-pass
# (blocks an outlet repeats across its pages) removes it, so each engine must clean an outlet's pages together.
HARBOUR_BLOCK = ("The harbour master's office posts the week's berth allocations on the board by the customs house eve"
                 'ry Monday, and skippers can collect printed copies there.')
HARBOUR_PAGES = {
    'ferry.txt': (
        'Ferry service to Skarn island resumes after storm\n'
        '\n'
        'The ferry link between Port Alder and Skarn island resumed on Tuesday morning after three days of '
        'cancellations caused by the storm, the operator Nordline said. The first crossing left at 7.40 with '
        '212 passengers and a backlog of freight lorries.\n'
        '\n'
        'Nordline spokeswoman Ida Varga said extra sailings would run until Friday to clear the queue of '
        'vehicles waiting at the harbour.\n'
    ),
    'market.txt': (
        'Fish market prices climb as catches shrink\n'
        '\n'
        'Prices at the Port Alder fish market rose by a fifth in August as smaller catches of cod and herring'
        ' reached the quay, traders said on Thursday. The cooperative that runs the market counted 18 boats '
        'landing fish last week, against 27 a year earlier.\n'
        '\n'
        'Trader Mette Sol said restaurants had started buying mackerel instead.\n'
    ),
    'school.txt': (
        'Port Alder school roof repairs to finish before term\n'
        '\n'
        'Repairs to the roof of the Lindholm primary school in Port Alder will be finished before the autumn '
        "term starts, the town's education office said on Wednesday. Builders found rot in 40 of the roof "
        'beams during an inspection in June.\n'
        '\n'
        'Head teacher Jonas Brek said the 310 pupils would return to their own classrooms on schedule.\n'
    ),
}


@pytest.fixture(scope="module")
def spark():
    from storyfold.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(progress=False, cache_dir=str(tmp_path_factory.mktemp("nlp-cache")))


def story_groups(analysis: Analysis) -> set[frozenset[str]]:
    return {frozenset(story.articles) for story in analysis.stories}


def copies(analysis: Analysis) -> set[tuple[str, str, str | None]]:
    return {(a.id, a.duplicate_of, a.duplicate_reason) for a in analysis.articles if a.duplicate_of}


def corpus_with_bad_records(folder: Path) -> Path:
    """The sample corpus plus inputs that must become skipped rows, never a failed job."""
    shutil.copytree(SAMPLES, folder / "corpus")
    (folder / "corpus" / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n')[:-12])
    (folder / "corpus" / "empty.txt").write_bytes(b"")
    record = {"url": "https://example.org/a", "title": "Broken", "text": 7}
    (folder / "corpus" / "odd.jsonl").write_text(json.dumps(record) + "\n{not json\n", encoding="utf-8")
    (folder / "corpus" / "harbour-courier").mkdir()
    for name, text in HARBOUR_PAGES.items():
        (folder / "corpus" / "harbour-courier" / name).write_text(f"{text}\n{HARBOUR_BLOCK}\n", encoding="utf-8")
    return folder / "corpus"


def test_spark_and_local_agree_on_the_sample_corpus(spark, settings, tmp_path) -> None:
    from storyfold.engines.spark import analyze_spark

    corpus = corpus_with_bad_records(tmp_path)
    local = analyze([str(corpus)], settings)
    on_spark = analyze_spark([str(corpus)], settings, spark=spark, parquet_dir=tmp_path / "parquet")

    assert [a.id for a in on_spark.articles] == [a.id for a in local.articles]
    assert [(a.text, a.removed) for a in on_spark.articles] == [(a.text, a.removed) for a in local.articles]
    harbour = [a for a in local.articles if "harbour-courier" in a.source]
    assert len(harbour) == len(HARBOUR_PAGES) and not any(HARBOUR_BLOCK[:40] in a.text for a in harbour)
    assert copies(local), "the sample corpus holds a wire copy"
    assert copies(on_spark) == copies(local)
    assert story_groups(on_spark) == story_groups(local)
    assert [story_to_dict(s) for s in on_spark.stories] == [story_to_dict(s) for s in local.stories]
    assert {(s.source, s.reason) for s in on_spark.skipped} == {(s.source, s.reason) for s in local.skipped}
    assert any("cut.jsonl.gz" in s.source for s in on_spark.skipped)
    assert [(s.name, s.seen, s.kept) for s in on_spark.stats] == [(s.name, s.seen, s.kept) for s in local.stats]

    import pyarrow.parquet as pq

    folder = tmp_path / "parquet"
    articles = pq.read_table(folder / "articles.parquet").to_pylist()
    assert [row["id"] for row in articles] == [a.id for a in local.articles]
    stories = pq.read_table(folder / "stories.parquet").to_pylist()
    assert {frozenset(json.loads(row["articles"])) for row in stories} == story_groups(local)
    for part in ("facts", "quotes", "discrepancies"):
        rows = pq.read_table(folder / f"{part}.parquet").to_pylist()
        assert len(rows) == sum(len(getattr(story, part)) for story in local.stories)
    assert {row["article"] for row in pq.read_table(folder / "parses.parquet").to_pylist()} == \
        {a.id for a in local.articles}
    assert_imports_into_a_store(folder, local, settings, tmp_path / "store.db")


def assert_imports_into_a_store(folder: Path, local: Analysis, settings: Settings, db: Path) -> None:
    """The Spark output loads into a store with the same articles and copies; every article in one story."""
    from storyfold.engines.parquet import import_parquet
    from storyfold.store import Store

    with Store.open(db, settings=settings) as store:
        reports = import_parquet(folder, store, batch_rows=1000)
        assert sum(r.added + r.duplicates for r in reports) == len(local.articles)
        assert {(s.source, s.reason) for r in reports for s in r.skipped} == \
            {(s.source, s.reason) for s in local.skipped}
        stored = {a.id: store.get_article(a.id) for a in local.articles}
        assert {(i, row["duplicate_of"]) for i, row in stored.items() if row["duplicate_of"]} == \
            {(i, of) for i, of, _ in copies(local)}
        assert all(row["text"] == a.text for a, row in zip(local.articles, stored.values(), strict=True))
        members = [i for story in store.list_stories(limit=10_000) for i in story["articles"]]
        assert sorted(members) == sorted(stored)


def without_timings(output: str) -> dict:
    data = json.loads(output)
    for row in data["stats"]:
        row.pop("seconds")
    return data


def test_analyze_engine_spark_prints_the_local_json(spark, settings, monkeypatch) -> None:
    """The CLI: ``analyze --engine spark`` writes the same contract JSON as ``analyze`` (timings aside)."""
    from typer.testing import CliRunner

    from storyfold.cli import app

    monkeypatch.setenv("STORYFOLD_CACHE", settings.cache_dir)
    runner = CliRunner()
    local = runner.invoke(app, ["analyze", str(SAMPLES), "--no-progress"])
    on_spark = runner.invoke(app, ["analyze", "--engine", "spark", "--spark-master", "local[2]", str(SAMPLES)])
    assert local.exit_code == on_spark.exit_code == 0, on_spark.output
    assert without_timings(on_spark.stdout) == without_timings(local.stdout)
    assert spark.sparkContext._jsc is not None, "the CLI reused the running session and left it running"


def test_parquet_article_rows_read_on_spark_as_the_jsonl_records(spark, settings, tmp_path) -> None:
    """Parquet input: the sample JSONL dump as a Parquet file gives the same articles, copies and stories."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from storyfold.engines.spark import analyze_spark

    as_jsonl, as_parquet = tmp_path / "jsonl", tmp_path / "parquet"
    shutil.copytree(SAMPLES, as_jsonl)
    shutil.copytree(SAMPLES, as_parquet, ignore=shutil.ignore_patterns("*.jsonl"))
    records = [json.loads(line) for line in (SAMPLES / "feeds.jsonl").read_text("utf-8").splitlines() if line]
    columns = list(dict.fromkeys(key for record in records for key in record))
    table = pa.Table.from_pylist([{key: record.get(key) for key in columns} for record in records])
    pq.write_table(table, as_parquet / "feeds.parquet", row_group_size=2)  # two row groups: two tasks
    local = analyze([str(as_jsonl)], settings)
    on_spark = analyze_spark([str(as_parquet)], settings, spark=spark)

    def named(analysis: Analysis) -> dict[str, Article]:
        return {a.source.replace(".parquet#", ".jsonl#").split("/")[-1]: a for a in analysis.articles}

    by_source, spark_by_source = named(local), named(on_spark)
    assert any(name.startswith("feeds.jsonl#") for name in spark_by_source)
    assert list(spark_by_source) == list(by_source)
    for name, article in by_source.items():
        other = spark_by_source[name]
        assert (other.text, other.title, other.published, other.outlet, other.removed) == \
            (article.text, article.title, article.published, article.outlet, article.removed)
    source_of = {a.id: name for name, a in by_source.items()} | {a.id: n for n, a in spark_by_source.items()}
    assert {frozenset(source_of[i] for i in story.articles) for story in on_spark.stories} == \
        {frozenset(source_of[i] for i in story.articles) for story in local.stories}
    assert {(source_of[a.id], source_of[a.duplicate_of]) for a in on_spark.articles if a.duplicate_of} == \
        {(source_of[a.id], source_of[a.duplicate_of]) for a in local.articles if a.duplicate_of}


def test_spark_and_local_group_a_real_ecbplus_slice_alike(spark, settings) -> None:
    from storyfold.engines.spark import analyze_spark

    if not ECBPLUS.is_dir():
        pytest.skip("../shared/datasets/ecbplus is not present")
    paths = sorted(str(p) for topic in ECB_TOPICS for half in ("ecb", "ecbplus")
                   for p in (ECBPLUS / f"{topic}{half}").glob(f"{topic}_*{half}.json.gz"))
    assert paths, "the ECB+ slice has documents"
    local = analyze(paths, settings)
    on_spark = analyze_spark(paths, settings, spark=spark)

    assert len(local.articles) >= 10
    assert [a.id for a in on_spark.articles] == [a.id for a in local.articles]
    assert copies(on_spark) == copies(local)
    assert story_groups(on_spark) == story_groups(local)


def test_add_on_spark_fills_a_store_as_a_local_add_does(spark, settings, tmp_path) -> None:
    """``add_spark``: read, clean, metadata and NLP in tasks, then the store's own add, batch by batch."""
    from storyfold.engines.spark import add_spark
    from storyfold.store import Store

    corpus = corpus_with_bad_records(tmp_path)

    def contents(store: Store) -> tuple:
        rows = store.conn.execute("SELECT id, text, duplicate_of, duplicate_reason FROM articles ORDER BY id")
        groups = {frozenset(story["articles"]) for story in store.list_stories(limit=10_000)}
        return [tuple(row) for row in rows], groups

    loaded = load_articles([str(corpus)], settings)
    with Store.open(tmp_path / "local.db", settings=settings) as store:  # the peer: the same batches, locally
        local = [store.add_articles(loaded.articles[start:start + STORE_BATCH],
                                    skipped=loaded.skipped if not start else ())
                 for start in range(0, len(loaded.articles), STORE_BATCH)]
        expected = contents(store)
    with Store.open(tmp_path / "spark.db", settings=settings) as store:
        reports = add_spark([str(corpus)], store, spark=spark, batch_rows=STORE_BATCH)
        assert contents(store) == expected
    assert len(reports) == len(local) > 1, "several store transactions"
    assert [(r.added, r.duplicates) for r in reports] == [(r.added, r.duplicates) for r in local]
    assert {(s.source, s.reason) for r in reports for s in r.skipped} == \
        {(s.source, s.reason) for s in loaded.skipped}


def driver_bound(value: object, depth: int = 0) -> Iterator[object]:
    """``value`` and what it holds (tuples, lists, dicts, a few levels down): what a collect brought back."""
    yield value
    if depth < 4 and isinstance(value, tuple | list):
        for item in value:
            yield from driver_bound(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for item in value.items():
            yield from driver_bound(item, depth + 1)


class DriverWatch:
    """What collects and local iterators brought to the driver, looked into a few levels down."""

    def __init__(self, monkeypatch, stream: bool) -> None:
        from pyspark import RDD

        self.seen: list[object] = []
        collect, iterate = RDD.collect, RDD.toLocalIterator

        def watched(rdd: RDD) -> list:
            rows = collect(rdd)
            self.seen.extend(item for row in rows for item in driver_bound(row))
            return rows

        def streamed(rdd: RDD, *args, **kwargs) -> Iterator:
            for row in iterate(rdd, *args, **kwargs):
                self.seen.extend(driver_bound(row))
                yield row

        monkeypatch.setattr(RDD, "collect", watched)
        if stream:
            monkeypatch.setattr(RDD, "toLocalIterator", streamed)
        else:
            monkeypatch.setattr(RDD, "toLocalIterator", lambda *a, **k: pytest.fail("streamed rows to the driver"))

    def of_type(self, *kinds: type) -> list[object]:
        return [item for item in self.seen if isinstance(item, kinds)]


def test_parquet_on_spark_sends_the_driver_ids_never_records_or_articles(spark, settings, tmp_path,
                                                                        monkeypatch) -> None:
    """``parquet_spark``: the tasks write the tables and group the stories; collects return ids and marks only."""
    import pyarrow.parquet as pq

    from storyfold.cluster import ClusterRecord
    from storyfold.engines.spark import parquet_spark
    from storyfold.nlp import ParsedArticle

    watch = DriverWatch(monkeypatch, stream=False)
    summary = parquet_spark([str(SAMPLES)], tmp_path / "out", settings, spark=spark)
    monkeypatch.undo()
    local = analyze([str(SAMPLES)], settings)

    assert watch.seen, "the driver did collect the story index"
    assert not watch.of_type(ClusterRecord, Article, ParsedArticle)
    assert (summary.articles, summary.copies, summary.stories) == \
        (len(local.articles), len(copies(local)), len(local.stories))
    articles = pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()
    assert [(row["id"], row["duplicate_of"]) for row in articles] == [(a.id, a.duplicate_of) for a in local.articles]
    stories = pq.read_table(tmp_path / "out" / "stories.parquet").to_pylist()
    assert [(row["id"], row["title"], json.loads(row["articles"])) for row in stories] == \
        [(s.id, s.title, s.articles) for s in local.stories]


def stories_by_event(folder: Path) -> tuple[set[frozenset[str]], list[tuple[str, set[str]]]]:
    """The stories table as sets of COVERAGE event names, and each story's title with its members' titles."""
    import pyarrow.parquet as pq

    from tests.engines.spark_blocks_corpus import COVERAGE

    event_of = {title: event for event, _, _, title, _ in COVERAGE}
    title_of = {row["id"]: row["title"] for row in pq.read_table(folder / "articles.parquet").to_pylist()}
    stories = [(row["title"], json.loads(row["articles"]))
               for row in pq.read_table(folder / "stories.parquet").to_pylist()]
    events = {frozenset(f"{event_of[title_of[i]]}:{title_of[i]}" for i in ids) for _, ids in stories}
    return events, [(title, {title_of[i] for i in ids}) for title, ids in stories]


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_time_blocks_cut_a_corpus_on_the_executors_and_every_story_comes_out_whole(spark, settings, tmp_path,
                                                                                  monkeypatch, dated) -> None:
    """4-day windows over two months of coverage: a bridge story across a block edge, the same kind of event
    beside it, a fire weeks later, an inquiry longer than a window (undated: blocks of 4 in reading order).
    Grouped in blocks on the executors, the stories are the local engine's (which groups all at once), and
    no grouping record reaches the driver; the peer, ``spark_block_days=0``, collects the records and groups
    them on the driver."""
    from storyfold.cluster import ClusterRecord
    from storyfold.engines.spark import parquet_spark
    from tests.engines.spark_blocks_corpus import COVERAGE, WINDOW_DAYS, write_coverage_jsonl

    corpus = write_coverage_jsonl(tmp_path / "coverage.jsonl", dated)
    settings = settings.replace(spark_block_undated=4)
    local = analyze([str(corpus)], settings)
    title_of = {a.id: a.title for a in local.articles}
    event_of = {title: event for event, _, _, title, _ in COVERAGE}
    expected = {frozenset(f"{event_of[title_of[i]]}:{title_of[i]}" for i in story.articles)
                for story in local.stories}
    assert {frozenset(name.split(":")[0] for name in story) for story in expected} == \
        {frozenset({event}) for event, *_ in COVERAGE}, "the local engine finds each event as one story"

    watch = DriverWatch(monkeypatch, stream=False)
    blocked = parquet_spark([str(corpus)], tmp_path / "blocked", settings.replace(spark_block_days=WINDOW_DAYS),
                            spark=spark)
    blocked_seen = watch.of_type(ClusterRecord, Article)
    whole = parquet_spark([str(corpus)], tmp_path / "whole", settings.replace(spark_block_days=0), spark=spark)
    monkeypatch.undo()

    assert not blocked_seen, "blocked grouping sends the driver ids, never a grouping record"
    assert len(watch.of_type(ClusterRecord)) == len(COVERAGE), "the global peer collects every record"
    assert blocked.stories == whole.stories == len(expected)
    for folder in ("blocked", "whole"):
        events, titled = stories_by_event(tmp_path / folder)
        assert events == expected
        assert all(title in members for title, members in titled)


def test_analyze_engine_spark_streams_its_json_file_as_rendered_text(spark, settings, tmp_path, monkeypatch) -> None:
    """``analyze --engine spark -o FILE``: the local engine's JSON, which the driver only saw as text pieces."""
    from typer.testing import CliRunner

    from storyfold.cli import app
    from storyfold.model import Story
    from storyfold.nlp import ParsedArticle

    monkeypatch.setenv("STORYFOLD_CACHE", settings.cache_dir)
    runner = CliRunner()
    local = runner.invoke(app, ["analyze", str(SAMPLES), "--no-progress"])
    watch = DriverWatch(monkeypatch, stream=True)
    output = tmp_path / "report.json"
    on_spark = runner.invoke(app, ["analyze", "--engine", "spark", "--spark-master", "local[2]", str(SAMPLES),
                                   "-o", str(output)])
    monkeypatch.undo()
    assert local.exit_code == on_spark.exit_code == 0, on_spark.output
    assert without_timings(output.read_text("utf-8")) == without_timings(local.stdout)
    assert not watch.of_type(Article, ParsedArticle, Story)
    assert any(isinstance(item, str) and item.lstrip().startswith('{\n      "id"') for item in watch.seen)
    assert list(tmp_path.iterdir()) == [output]
