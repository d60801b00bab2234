"""The Spark engine agrees with the local engine: same articles, same copies, same story groupings.

One local Spark session for the whole module (a session takes 10-15 s to start); skipped when PySpark or
Java is missing.  Marked slow and spark: CI runs them with ``pytest -m slow``.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from storyfold.api import analyze
from storyfold.model import Analysis
from storyfold.report.json import story_to_dict
from storyfold.settings import Settings

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java 17 on PATH", allow_module_level=True)

pytestmark = [pytest.mark.spark, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
ECBPLUS = ROOT.parent / "shared" / "datasets" / "ecbplus" / "topics"
ECB_TOPICS = ("1", "2")  # two real events, each with its ecb and ecbplus halves: a small real slice


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
    return folder / "corpus"


def test_spark_and_local_agree_on_the_sample_corpus(spark, settings, tmp_path) -> None:
    from storyfold.engines.spark import analyze_spark

    corpus = corpus_with_bad_records(tmp_path)
    local = analyze([str(corpus)], settings)
    on_spark = analyze_spark([str(corpus)], settings, spark=spark, parquet_dir=tmp_path / "parquet")

    assert [a.id for a in on_spark.articles] == [a.id for a in local.articles]
    assert copies(local), "the sample corpus holds a wire copy"
    assert copies(on_spark) == copies(local)
    assert story_groups(on_spark) == story_groups(local)
    assert [story_to_dict(s) for s in on_spark.stories] == [story_to_dict(s) for s in local.stories]
    assert {(s.source, s.reason) for s in on_spark.skipped} == {(s.source, s.reason) for s in local.skipped}
    assert any("cut.jsonl.gz" in s.source for s in on_spark.skipped)
    assert [(s.name, s.seen, s.kept) for s in on_spark.stats] == [(s.name, s.seen, s.kept) for s in local.stats]

    import pyarrow.parquet as pq

    articles = pq.read_table(tmp_path / "parquet" / "articles.parquet").to_pylist()
    assert [row["id"] for row in articles] == [a.id for a in local.articles]
    stories = pq.read_table(tmp_path / "parquet" / "stories.parquet").to_pylist()
    assert {frozenset(json.loads(row["articles"])) for row in stories} == story_groups(local)


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
