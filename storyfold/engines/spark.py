"""The Spark engine: the same steps as the local engine, run as Spark tasks over partitions of the input.

The driver lists the input files (the ingest path expansion) and reads Parquet footers only; each task
reads its pieces (whole files, or slices of Parquet row groups: see :mod:`storyfold.engines.parquet`) and
runs the *same* stage objects as the local engine (clean, metadata) on every article, so both engines agree
by construction.  Dedup at scale: MinHash band keys per article (the dedup module's shingles and
signatures) are joined by a Spark ``groupByKey``; every candidate pair is confirmed in a task with the
local copy rule; the driver only sees confirmed pairs, joins them into copy groups and marks them with the
dedup module's own ``mark_copy_group``.  NLP runs in the tasks (spaCy is loaded once per Python worker by
``storyfold.nlp.load_model``'s module-level cache, and Spark reuses its Python workers).  Stories are
grouped on the driver from the collected articles and parses with the local clustering code, then the
stories are analysed in Spark tasks (a slice of stories each).  Each phase names its Spark jobs (``load``,
``dedup``, ``nlp``, ``stories``), so an event log or the Spark UI shows the task time per phase.

:func:`analyze_spark` is ``storyfold analyze --engine spark``; :func:`add_spark` is a store add whose
per-article steps run on Spark, handing (article, parse) batches to ``Store.add_articles``.

PySpark is imported inside functions only: the default install does not need it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyfold.engines.parquet import (
    TABLES,
    is_committer_marker,
    is_parquet,
    parquet_pieces,
    read_piece,
    write_parquet,
)
from storyfold.engines.steps import DUPLICATE_INPUT, CleanStep, metadata_step
from storyfold.errors import InputError
from storyfold.model import Analysis, Article, RawDocument, Skipped, StageStats, Story
from storyfold.settings import Settings

if TYPE_CHECKING:
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    from storyfold.cluster import StoryGroup
    from storyfold.nlp import ParsedArticle

DEFAULT_MASTER = "local[*]"
# Two input partitions per core so one slow file (a large WARC) does not hold a whole core's share, yet
# few enough that per-task overhead (pickling, Python worker start) stays small next to the work.
PARTITIONS_PER_CORE = 2
# Rows of a Parquet input per task: cleaning and parsing cost tens of milliseconds per article, so a
# thousand rows is several seconds of work per task (task overhead is well under a second) while a
# million-row file still spreads over a thousand tasks.
PARQUET_ROWS_PER_TASK = 1000
# Story analysis tasks per core: stories are analysed one by one inside a task, and several tasks per core
# keep one very large story from holding a whole core's share, without one task per story (a million
# articles make some 180,000 stories: that many tiny tasks would cost more in scheduling than in work).
STORY_SLICES_PER_CORE = 4
# Articles per store transaction in ``add_spark``: the store's per-batch work (story assignment over the
# store) is paid rarely, while one batch of articles with their parses stays small in the driver.
ADD_BATCH_ROWS = 2000
# Stage order of the skipped rows, as the local engine appends them.
SKIP_ORDER = {"ingest": 0, "input": 1, "clean": 2, "metadata": 3}


@dataclass(slots=True)
class Loaded:
    """One record out of a load task: a kept article, or a skipped entry and the step that skipped it."""

    order: tuple[int, int]  # (file number, record number): the local engine's reading order
    article_id: str | None
    article: Article | None
    skipped: Skipped | None
    step: str


@dataclass(slots=True)
class Fingerprint:
    """What dedup needs of one article: its order, exact digest and shingle set."""

    order: tuple[int, int]
    digest: str
    shingles: frozenset[int]


# --------------------------------------------------------------------------- session


def spark_session(master: str = DEFAULT_MASTER, conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session whose Python workers run this interpreter (so storyfold and spaCy are importable).

    ``conf``: more Spark settings (executor memory, an event log, ...), applied after storyfold's own.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master).appName("storyfold")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.host", os.environ.get("SPARK_DRIVER_HOST", "127.0.0.1"))
               .config("spark.python.worker.reuse", "true")  # keeps the spaCy model loaded between tasks
               .config("spark.ui.showConsoleProgress", "false"))  # stderr is for storyfold's own progress
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


# --------------------------------------------------------------------------- driver: list inputs


def list_input_files(paths: Sequence[str | Path], settings: Settings) -> tuple[list[tuple[str, str]], list[Skipped]]:
    """(source name, absolute path) of every file to read, and what the walk left out; nothing is read."""
    from storyfold.ingest.paths import WalkLimits, resolve_inputs, walk_inputs

    files: list[tuple[str, str]] = []
    skipped: list[Skipped] = []
    limits = WalkLimits(settings.max_folder_depth, settings.max_input_files)
    for found in walk_inputs(resolve_inputs(paths), limits):
        if isinstance(found, Skipped):
            skipped.append(found)
        elif found.path is not None and is_committer_marker(found.source):
            continue  # _SUCCESS beside the part files of a Parquet folder
        elif found.path is None:
            raise InputError("the Spark engine cannot read stdin", source=found.source,
                             fix="save the input to a file (on storage every executor can read) and name it")
        else:
            files.append((found.source, os.path.abspath(found.path)))
    return files, skipped


# A unit of reading work: (file number, source name, path, Parquet piece or None for a whole file).
Piece = tuple[int, str, str, tuple[int, int, int, int] | None]


def input_pieces(files: list[tuple[str, str]]) -> tuple[list[Piece], list[Skipped]]:
    """One piece per file, or per slice of a Parquet file's row groups (its footer is read here, not its rows)."""
    pieces: list[Piece] = []
    skipped: list[Skipped] = []
    for file_no, (source, path) in enumerate(files):
        if not is_parquet(source):
            pieces.append((file_no, source, path, None))
            continue
        found = parquet_pieces(source, path, PARQUET_ROWS_PER_TASK)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            pieces += [(file_no, source, path, piece) for piece in found]
    return pieces, skipped


# --------------------------------------------------------------------------- tasks: load


def load_partition(rows: Iterable[Piece], values: dict[str, Any]) -> Iterator[Loaded]:
    """Read this partition's pieces and clean + metadata each article with the local engine's stages."""
    settings = Settings(**values)
    stages = [CleanStep(settings).stage, metadata_step(settings).stage]
    for file_no, source, path, piece in rows:
        records = (enumerate(_read_file(source, path, settings)) if piece is None
                   else _read_parquet(source, path, piece, settings))
        for record_no, item in records:
            order = (file_no, record_no)
            if isinstance(item, Skipped):
                yield Loaded(order, None, None, item, "ingest")
            else:
                yield _processed(order, Article.from_raw(item), stages)


def _read_parquet(source: str, path: str, piece: tuple[int, int, int, int], settings: Settings
                  ) -> Iterator[tuple[int, RawDocument | Skipped]]:
    """The rows of one Parquet piece; a file that fails mid-read is a skipped row, never a failed task."""
    try:
        yield from read_piece(source, path, piece, settings.max_input_bytes)
    except Exception as exc:  # a damaged page in a file whose footer was fine
        yield piece[1] + piece[2], Skipped(f"{source}#{piece[1] + piece[2] + 1}",
                                           f"could not read: {exc.__class__.__name__}: {str(exc)[:200]}")


def _read_file(source: str, path: str, settings: Settings) -> Iterator[RawDocument | Skipped]:
    """The records of one file under the name the user gave; a failure is a skipped row, never a failed task."""
    from storyfold.ingest import read_inputs

    try:
        for item in read_inputs([path], settings):
            item.source = source + item.source[len(path):] if item.source.startswith(path) else item.source
            yield item
    except Exception as exc:  # one odd file must not fail the job (InputError if it vanished since listing)
        yield Skipped(source, f"could not read: {exc.__class__.__name__}: {str(exc)[:200]}")


def _processed(order: tuple[int, int], article: Article, stages: list) -> Loaded:
    """Run the stages' own ``apply`` on one article, so soft failures become the same skipped reasons."""
    for stage in stages:
        drops: list[Skipped] = []
        if not stage.apply([article], drops):
            return Loaded(order, article.id, None, drops[0], stage.name)
    return Loaded(order, article.id, article, None, "kept")


def first_input_wins(rows: Iterable[Loaded]) -> Iterator[Loaded]:
    """The same input given twice (same id) is one article: the first read wins, as ``unique_articles``."""
    first, *later = sorted(rows, key=lambda row: row.order)
    yield first
    for row in later:
        source = row.article.source if row.article else row.skipped.source if row.skipped else ""
        yield Loaded(row.order, None, None, Skipped(source, DUPLICATE_INPUT), "input")


# --------------------------------------------------------------------------- tasks: dedup


def fingerprint_row(row: tuple[tuple[int, int], Article]) -> tuple[str, Fingerprint]:
    from storyfold.dedup import fingerprint

    order, article = row
    digest, shingle_set = fingerprint(article.text)
    return article.id, Fingerprint(order, digest, shingle_set)


def band_keys(row: tuple[str, Fingerprint]) -> list[tuple[Any, str]]:
    """(candidate key, article id): the dedup module's own keys (digest and MinHash bands), as the local stage."""
    from storyfold.dedup import band_keys as text_band_keys

    article_id, fp = row
    if not fp.shingles:
        return []
    return [(key, article_id) for key in text_band_keys(fp.shingles, fp.digest)]


def bucket_pairs(members: Iterable[str]) -> Iterator[tuple[str, str]]:
    ids = sorted(set(members))
    for i, left in enumerate(ids):
        for right in ids[i + 1:]:
            yield left, right


def confirm_pairs(rows: Iterable[tuple[str, tuple[tuple[str, Fingerprint], Fingerprint]]],
                  values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Candidate pairs kept by the local copy rule (same digest, or the dedup module's ``is_copy``)."""
    from storyfold.dedup import is_copy

    threshold = values["near_duplicate_threshold"]
    for right, ((left, fp_left), fp_right) in rows:
        if fp_left.digest == fp_right.digest or is_copy(fp_left.shingles, fp_right.shingles, threshold):
            yield left, right


def copy_groups(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components of confirmed copy pairs (union-find on the driver; pairs only)."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in pairs:
        parent[find(left)] = find(right)
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    return [sorted(group) for group in groups.values()]


# --------------------------------------------------------------------------- tasks: nlp and analysis


def parse_partition(rows: Iterable[tuple[tuple[int, int], Article]], values: dict[str, Any]
                    ) -> Iterator[tuple[str, ParsedArticle]]:
    """spaCy over this partition's articles (the model is cached per worker process by load_model)."""
    articles = [article for _, article in rows]
    yield from parse_in_task(articles, Settings(**values)).items()


def parse_in_task(articles: list[Article], settings: Settings) -> dict[str, ParsedArticle]:
    """Parse in chunks below the NLP module's multiprocess threshold: a Spark task is one core.

    Past that threshold ``parse_articles`` starts extra spaCy processes (each loading the model again),
    which inside a task oversubscribes the executor's cores and repeats the model load every task.
    """
    from storyfold.nlp import MULTIPROCESS_MIN_ARTICLES, parse_articles

    parsed: dict[str, ParsedArticle] = {}
    chunk = MULTIPROCESS_MIN_ARTICLES - 1
    for start in range(0, len(articles), chunk):
        parsed.update(parse_articles(articles[start:start + chunk], settings))
    return parsed


def parse_with_articles(rows: Iterable[tuple[tuple[int, int], Article]], values: dict[str, Any]
                        ) -> Iterator[tuple[Article, ParsedArticle]]:
    """Each article of this partition with its parse, in the partition's order."""
    articles = [article for _, article in rows]
    parsed = parse_in_task(articles, Settings(**values))
    for article in articles:
        yield article, parsed[article.id]


def analyze_group(job: tuple[int, StoryGroup, dict[str, ParsedArticle]], values: dict[str, Any]
                  ) -> tuple[int, Story]:
    """One story's analysis, as the local AnalyzeStep does it (story ids are positions: s1, s2, ...)."""
    from storyfold.analyze import StoryContext, analyze_story

    number, group, parsed = job
    context = StoryContext(f"s{number}", group.articles, parsed, Settings(**values))
    return number, analyze_story(context, group.title)


# --------------------------------------------------------------------------- the engine


class SparkRun:
    """One run of the pipeline on a Spark context; each method is one phase, timed into ``stats``."""

    def __init__(self, sc: SparkContext, settings: Settings) -> None:
        self.sc = sc
        self.settings = settings
        self.values = settings.as_dict()  # what tasks get: Settings objects do not pickle
        self.stats: list[StageStats] = []
        self.skipped: list[Skipped] = []
        self.partitions = 1

    def load(self, pieces: list[Piece]) -> Any:
        """RDD of (order, article) for the kept articles; the skipped rows are collected (they are small)."""
        started = self._phase("load")
        slices = max(1, min(len(pieces), self.sc.defaultParallelism * PARTITIONS_PER_CORE))
        # shuffles (band keys, pairs) are small rows: one partition per core; more tiny tasks cost more than they do
        self.partitions = max(1, min(slices, self.sc.defaultParallelism))
        loaded = self.sc.parallelize(pieces, slices).mapPartitions(
            partial(load_partition, values=self.values)).cache()  # read once, though used twice below
        resolved = loaded.filter(lambda row: row.article_id is None).union(
            loaded.filter(lambda row: row.article_id is not None)
            .groupBy(lambda row: row.article_id, self.partitions).flatMap(lambda kv: first_input_wins(kv[1]))).cache()
        dropped = resolved.filter(lambda row: row.skipped is not None).map(
            lambda row: (row.step, row.order, row.skipped)).collect()
        kept = resolved.filter(lambda row: row.article is not None).map(lambda row: (row.order, row.article)).cache()
        counted = kept.count()
        loaded.unpersist()
        self._load_stats(dropped, counted, time.perf_counter() - started)
        return kept

    def _phase(self, name: str) -> float:
        """Name the Spark jobs that follow after the phase (event logs and the UI group task time by it)."""
        self.sc.setJobGroup(name, f"storyfold {name}")
        return time.perf_counter()

    def add_walk_skipped(self, skipped: list[Skipped]) -> None:
        """What the driver left out before any task (folder walk, unreadable Parquet footers): ingest drops."""
        self.skipped[:0] = skipped  # the local engine reports them first too
        ingest = self.stats[0]
        ingest.seen += len(skipped)
        for entry in skipped:
            ingest.dropped[entry.reason] = ingest.dropped.get(entry.reason, 0) + 1

    def _load_stats(self, dropped: list[tuple[str, tuple[int, int], Skipped]], kept: int, seconds: float) -> None:
        dropped.sort(key=lambda row: (SKIP_ORDER[row[0]], row[1]))
        self.skipped += [entry for _, _, entry in dropped]
        by_step = {step: [entry for name, _, entry in dropped if name == step] for step in SKIP_ORDER}
        meta_seen = kept + len(by_step["metadata"])
        clean_seen = meta_seen + len(by_step["clean"])
        ingest_kept = clean_seen + len(by_step["input"])
        rows = [("ingest", ingest_kept + len(by_step["ingest"]), ingest_kept, by_step["ingest"]),
                ("clean", clean_seen, meta_seen, by_step["clean"]),
                ("metadata", meta_seen, kept, by_step["metadata"])]
        for name, seen, kept_count, drops in rows:
            stats = StageStats(name, seen=seen, kept=kept_count, seconds=seconds if name == "ingest" else 0.0)
            for entry in drops:
                stats.dropped[entry.reason] = stats.dropped.get(entry.reason, 0) + 1
            self.stats.append(stats)

    def dedup(self, kept: Any, articles: list[Article]) -> None:
        """Mark copies on the driver's articles: band-key join and confirm in tasks, groups from pairs."""
        from storyfold.dedup import DedupDoc, mark_copy_group

        started = self._phase("dedup")
        fps = kept.map(fingerprint_row).cache()
        candidates = (fps.flatMap(band_keys).groupByKey(self.partitions)
                      .flatMap(lambda kv: bucket_pairs(kv[1])).distinct(self.partitions))
        confirmed = (candidates.join(fps, self.partitions).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
                     .join(fps, self.partitions)
                     .mapPartitions(partial(confirm_pairs, values=self.values)).collect())
        groups = copy_groups(confirmed)
        members = self.sc.broadcast({article_id for group in groups for article_id in group})
        shingled = dict(fps.filter(lambda row: row[0] in members.value).collect())
        position = {article.id: n for n, article in enumerate(articles)}
        by_id = {article.id: article for article in articles}
        threshold = self.settings.near_duplicate_threshold
        for group in sorted(groups, key=lambda g: min(position[i] for i in g)):
            mark_copy_group([DedupDoc(by_id[i], position[i], shingled[i].shingles, shingled[i].digest)
                             for i in group], threshold)
        fps.unpersist()
        self.stats.append(StageStats("dedup", seen=len(articles), kept=len(articles),
                                     seconds=time.perf_counter() - started))

    def parse(self, kept: Any) -> dict[str, ParsedArticle]:
        started = self._phase("nlp")
        parsed = dict(kept.mapPartitions(partial(parse_partition, values=self.values)).collect())
        self.stats.append(StageStats("nlp", seen=len(parsed), kept=len(parsed),
                                     seconds=time.perf_counter() - started))
        return parsed

    def parsed_batches(self, kept: Any, size: int) -> Iterator[list[tuple[Article, ParsedArticle]]]:
        """(article, parse) in reading order, ``size`` at a time, streamed one partition at a time to the driver."""
        self._phase("nlp")
        ordered = kept.sortByKey(numPartitions=self.partitions)
        rows = ordered.mapPartitions(partial(parse_with_articles, values=self.values)).toLocalIterator(
            prefetchPartitions=True)  # the next partition parses while the driver writes this one
        batch: list[tuple[Article, ParsedArticle]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def stories(self, articles: list[Article], parsed: dict[str, ParsedArticle]) -> list[Story]:
        """Group on the driver with the local clustering code; analyse the stories in tasks, a slice each."""
        from storyfold.cluster import cluster_stories

        started = self._phase("stories")
        groups = cluster_stories(articles, parsed, self.settings)
        jobs = [(n, group, {a.id: parsed[a.id] for a in group.articles if a.id in parsed})
                for n, group in enumerate(groups, start=1)]
        slices = max(1, min(len(jobs), self.sc.defaultParallelism * STORY_SLICES_PER_CORE))
        analysed = (self.sc.parallelize(jobs, slices).map(partial(analyze_group, values=self.values))
                    .collect()) if jobs else []
        stories = [story for _, story in sorted(analysed, key=lambda row: row[0])]
        self.stats.append(StageStats("stories", seen=len(articles), kept=len(stories),
                                     seconds=time.perf_counter() - started))
        return stories


def analyze_spark(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    master: str = DEFAULT_MASTER,
    parquet_dir: str | Path | None = None,
    *,
    spark: SparkSession | None = None,
) -> Analysis:
    """The full analysis of ``paths`` on Spark; the same :class:`Analysis` as ``storyfold.api.analyze``.

    ``paths`` are what the local engine reads plus Parquet files or folders of article rows.  ``spark``: a
    session to reuse (tests, notebooks); else the process's active session is reused, or one is started on
    ``master`` and stopped at the end.  ``parquet_dir``: also write the tables of :data:`TABLES` there.
    """
    settings = settings or Settings()
    files, walk_skipped = list_input_files(paths, settings)
    pieces, unreadable = input_pieces(files)  # raises for a Parquet file without a page column: before Spark
    with _session(spark, master) as session:
        run = SparkRun(session.sparkContext, settings)
        kept = run.load(pieces)
        run.add_walk_skipped(walk_skipped + unreadable)
        articles = [article for _, article in sorted(kept.collect(), key=lambda row: row[0])]
        run.dedup(kept, articles)
        parsed = run.parse(kept)
        stories = run.stories(articles, parsed)
        kept.unpersist()
    analysis = Analysis(articles=articles, stories=stories, skipped=run.skipped, stats=run.stats)
    if parquet_dir is not None:
        write_parquet(analysis, Path(parquet_dir), parsed)
    return analysis


def add_spark(
    paths: Sequence[str | Path],
    store: Any,
    master: str = DEFAULT_MASTER,
    *,
    batch_rows: int = ADD_BATCH_ROWS,
    spark: SparkSession | None = None,
) -> list[Any]:
    """``Store.add`` with the per-article steps on Spark: read, clean, metadata and NLP run as tasks.

    The driver streams (article, parse) batches in reading order, one partition at a time, and hands each
    batch to ``store.add_articles`` (one transaction each: a failure keeps the batches before it, and an
    add run again skips what is stored).  The store marks copies and assigns stories itself.  Returns each
    batch's ``AddReport``; the skipped inputs go with the first batch.
    """
    settings = store.settings
    files, walk_skipped = list_input_files(paths, settings)
    pieces, unreadable = input_pieces(files)
    reports = []
    with _session(spark, master) as session:
        run = SparkRun(session.sparkContext, settings)
        kept = run.load(pieces)
        run.add_walk_skipped(walk_skipped + unreadable)
        skipped = run.skipped
        for batch in run.parsed_batches(kept, batch_rows):
            reports.append(store.add_articles([a for a, _ in batch], {a.id: p for a, p in batch}, skipped=skipped))
            skipped = []
        kept.unpersist()
    if skipped or not reports:
        reports.append(store.add_articles([], skipped=skipped))
    return reports


@contextmanager
def _session(spark: SparkSession | None, master: str) -> Iterator[SparkSession]:
    """The given or active session (left running), else a new one on ``master``, stopped on the way out."""
    from pyspark.sql import SparkSession

    session = spark or SparkSession.getActiveSession()
    own = session is None
    session = session or spark_session(master)
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        if own:
            session.stop()


__all__ = ["DEFAULT_MASTER", "TABLES", "add_spark", "analyze_spark", "list_input_files", "spark_session",
           "write_parquet"]
