"""The Spark engine: the same steps as the local engine, run as Spark tasks; the corpus never meets the driver.

The driver lists the input files (the ingest path expansion) and reads Parquet footers only; each task
reads its pieces (whole files, or slices of Parquet row groups: see :mod:`storyfold.engines.parquet`) and
runs the *same* stage objects as the local engine (clean, metadata) on every article, so both engines agree
by construction.  What reaches the driver, phase by phase (each phase names its Spark jobs: ``load``,
``dedup``, ``nlp``, ``stories``, ``output``, ``collect``, so an event log or the Spark UI shows the task
time and the result bytes per phase):

* load: the skipped rows with their reasons, and a count;
* dedup: MinHash band keys (the dedup module's shingles and signatures) are joined by a ``groupByKey``,
  every candidate pair is confirmed in a task with the local copy rule, and the driver joins the confirmed
  id pairs into copy groups; each group is then marked in a task by the dedup module's own
  ``mark_copy_group``, and the marks (copy id -> original id and reason) come back and are broadcast;
* nlp: nothing (spaCy runs in the tasks, loaded once per Python worker by ``load_model``'s cache; Spark
  reuses its workers; the parsed articles stay persisted on the executors, spilling to disk);
* stories: one :class:`~storyfold.cluster.ClusterRecord` per article (word counts, entity keys, figures,
  day, title candidate: about a tenth of an article with its parse), built and grouped in tasks: every
  record goes to two overlapping time blocks of ``spark_block_days``, each block is grouped by the local
  clustering code itself (``group_records``, which ``cluster_stories`` also runs), and the driver stitches
  the blocks' groups from ids alone (:mod:`storyfold.engines.time_blocks`; a corpus that fits one window is
  one block, grouped exactly as the local engine groups it).  With ``spark_block_days=0`` the records come
  to the driver and are grouped there at once instead.  The driver keeps only the story index (article
  id -> story number and position, the titles), broadcasts it, and a shuffle keyed by story brings each
  story's articles and parses to the task that analyses it;
* output: :func:`parquet_spark` has the tasks write every table as part files (articles and parses in
  reading order, stories in story order); :func:`analyze_spark` returns the whole :class:`Analysis`,
  which *is* the corpus, streamed a partition of bounded size at a time (and writes the tables from the
  tasks too when asked); :func:`stream_analysis_json` hands on the contract JSON as the tasks render it,
  so the driver holds a partition of text at a time, never the analysis.

:func:`add_spark` (``storyfold add --engine spark``) keeps the store's own incremental copy and story
index, which needs each article's text and parse on the driver: it streams (article, parse) batches of
``batch_rows`` in reading order, one bounded partition at a time, one store transaction each.

PySpark is imported inside functions only: the default install does not need it.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
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
from storyfold.engines.steps import DUPLICATE_INPUT, metadata_step
from storyfold.errors import InputError
from storyfold.model import Analysis, Article, RawDocument, Skipped, StageStats, Story
from storyfold.settings import Settings

if TYPE_CHECKING:
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    from storyfold.cluster import ClusterRecord
    from storyfold.engines.time_blocks import BlockKey, BlockPlan, HomeGroup, Membership
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
# Rows per partition when results are written or streamed in order: a partition is one Parquet part file
# and what the driver holds at once when it streams (tens of MB of articles; a story with its facts and
# quotes weighs several articles' worth).
ARTICLE_BATCH_ROWS = 2000
STORY_BATCH_ROWS = 500
# What ``render_json`` (indent 2) puts before each line of an item of a top-level list: two levels deep.
NESTED_INDENT = " " * 4
# Bits of the record number in a reading rank (file number above them): far more records than one file holds.
RECORD_BITS = 40
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
    """Read this partition's pieces: an uncleaned article per record (step ``read``), or its skipped entry."""
    settings = Settings(**values)
    for file_no, source, path, piece in rows:
        records = (enumerate(_read_file(source, path, settings)) if piece is None
                   else _read_parquet(source, path, piece, settings))
        for record_no, item in records:
            order = (file_no, record_no)
            if isinstance(item, Skipped):
                yield Loaded(order, None, None, item, "ingest")
            else:
                article = Article.from_raw(item)
                yield Loaded(order, article.id, article, None, "read")


def clean_key(row: Loaded) -> str:
    """Which articles clean together: an outlet's plain-text pages (the clean stage finds the blocks an
    outlet repeats across its pages of the batch, per ``group_key``); an HTML page alone (no such pre-pass)."""
    from storyfold.clean.repeated import group_key

    assert row.article is not None
    return f"page:{row.article.id}" if row.article.is_html else group_key(row.article)


def clean_group(group: tuple[str, Iterable[Loaded]], values: dict[str, Any]) -> Iterator[Loaded]:
    """Clean one outlet's articles as one batch (the local stage's own ``apply``), then metadata each."""
    from storyfold.clean import CleanStage

    settings = Settings(**values)
    rows = sorted(group[1], key=lambda row: row.order)  # the local engine's reading order
    drops: list[Skipped] = []
    kept = {article.id for article in CleanStage(settings).apply([row.article for row in rows], drops)}
    dropped = iter(drops)  # one entry per dropped article, in the order apply met them
    metadata = [metadata_step(settings).stage]
    for row in rows:
        if row.article_id in kept:
            yield _processed(row.order, row.article, metadata)
        else:
            yield Loaded(row.order, row.article_id, None, next(dropped), "clean")


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


def mark_group(members: tuple[int, Iterable[tuple[Article, Fingerprint]]], values: dict[str, Any]
               ) -> Iterator[tuple[str, tuple[str, str | None]]]:
    """One copy group marked in a task by the dedup module's own rule: (copy id, (original id, reason))."""
    from storyfold.dedup import DedupDoc, mark_copy_group

    docs = [DedupDoc(article, reading_rank(fp.order), fp.shingles, fp.digest) for article, fp in members[1]]
    mark_copy_group(docs, values["near_duplicate_threshold"])
    for doc in docs:
        if doc.article.duplicate_of is not None:
            yield doc.article.id, (doc.article.duplicate_of, doc.article.duplicate_reason)


def reading_rank(order: tuple[int, int]) -> int:
    """(file number, record number) as one int that sorts the same: the position ``DedupDoc`` compares."""
    file_no, record_no = order
    return file_no << RECORD_BITS | record_no


# --------------------------------------------------------------------------- tasks: nlp


def parse_partition(rows: Iterable[tuple[tuple[int, int], Article]], values: dict[str, Any],
                    marks: Any = None) -> Iterator[tuple[tuple[int, int], tuple[Article, ParsedArticle]]]:
    """(order, (article, parse)) for this partition, parsed a chunk at a time; ``marks``: copies to mark.

    spaCy is loaded once per Python worker (``load_model``'s cache; Spark reuses its workers).  Chunks
    stay below the NLP module's multiprocess threshold: past it ``parse_articles`` starts extra spaCy
    processes, which inside a one-core task oversubscribes the executor and loads the model again.
    """
    from storyfold.nlp import MULTIPROCESS_MIN_ARTICLES, parse_articles

    settings = Settings(**values)
    copies = marks.value if marks is not None else {}
    chunk: list[tuple[tuple[int, int], Article]] = []
    for row in _chain(rows, [None]):
        if row is not None:
            chunk.append(row)
        if chunk and (row is None or len(chunk) == MULTIPROCESS_MIN_ARTICLES - 1):
            parsed = parse_articles([article for _, article in chunk], settings)
            for order, article in chunk:
                article.duplicate_of, article.duplicate_reason = copies.get(article.id, (None, None))
                yield order, (article, parsed[article.id])
            chunk = []


def _chain(first: Iterable[Any], then: Iterable[Any]) -> Iterator[Any]:
    yield from first
    yield from then


def record_row(row: tuple[tuple[int, int], tuple[Article, ParsedArticle]]) -> ClusterRecord:
    """What grouping needs of one article (see :class:`storyfold.cluster.ClusterRecord`)."""
    from storyfold.cluster import cluster_record

    _, (article, parsed) = row
    return cluster_record(article, parsed)


def order_record(row: tuple[tuple[int, int], tuple[Article, ParsedArticle]]) -> tuple[tuple[int, int], ClusterRecord]:
    """(reading order, grouping record): undated records are blocked by their rank in reading order."""
    return row[0], record_row(row)


def block_memberships(row: tuple[ClusterRecord, int | None], plan: BlockPlan
                      ) -> list[tuple[BlockKey, tuple[ClusterRecord, bool]]]:
    """(block, (record, whether it is the record's home block)) for each block the record is grouped in."""
    from storyfold.engines.time_blocks import record_blocks

    record, undated_rank = row
    return [(block, (record, home)) for block, home in record_blocks(record, undated_rank, plan)]


def block_rows(block: tuple[BlockKey, Iterable[tuple[ClusterRecord, bool]]], values: dict[str, Any],
               background: Any = None) -> Iterator[HomeGroup | Membership]:
    """One block grouped in a task by the local clustering code: its home groups and memberships.

    ``background``: the broadcast sample of word counts that sets the word weights (None: one block).
    """
    from storyfold.engines.time_blocks import group_block

    yield from group_block(block[0], block[1], Settings(**values), background.value if background else ())


# --------------------------------------------------------------------------- tasks: stories


def story_member(row: tuple[tuple[int, int], tuple[Article, ParsedArticle]], index: Any
                 ) -> tuple[int, tuple[int, Article, ParsedArticle]]:
    """(story number, (position in the story, article, parse)) from the broadcast story index."""
    _, (article, parsed) = row
    number, position = index.value.assignment[article.id]
    return number, (position, article, parsed)


def analyze_members(story: tuple[int, Iterable[tuple[int, Article, ParsedArticle]]], values: dict[str, Any],
                    index: Any) -> tuple[int, Story]:
    """One story's analysis, as the local AnalyzeStep does it (story ids are positions: s1, s2, ...)."""
    from storyfold.analyze import StoryContext, analyze_story

    number, members = story
    ordered = sorted(members, key=lambda member: member[0])
    context = StoryContext(f"s{number}", [article for _, article, _ in ordered],
                           {article.id: parsed for _, article, parsed in ordered}, Settings(**values))
    return number, analyze_story(context, index.value.titles[number - 1])


# --------------------------------------------------------------------------- tasks: Parquet output


def write_article_part(part: int, rows: Iterable[tuple[tuple[int, int], tuple[Article, ParsedArticle]]],
                       folder: str) -> Iterator[int]:
    """This partition's articles and parses as part files of the articles and parses tables; yields the count."""
    from storyfold.engines.parquet import article_rows, parse_rows, write_part

    pairs = [pair for _, pair in rows]
    write_part(Path(folder), "articles", part, article_rows([article for article, _ in pairs]))
    write_part(Path(folder), "parses", part, parse_rows(pairs))
    yield len(pairs)


def write_story_part(part: int, rows: Iterable[tuple[int, Story]], folder: str) -> Iterator[int]:
    """This partition's stories as part files of the stories table and of each story-part table."""
    from storyfold.engines.parquet import story_rows, write_part

    stories = [story for _, story in rows]
    for table, table_rows in story_rows(stories).items():
        write_part(Path(folder), table, part, table_rows)
    yield len(stories)


# --------------------------------------------------------------------------- tasks: streamed JSON


def article_json(row: tuple[tuple[int, int], tuple[Article, ParsedArticle]]) -> tuple[tuple[int, int], str]:
    """(order, the article as the contract JSON prints it in the articles list)."""
    from storyfold.report.json import article_to_dict

    return row[0], nested_json(article_to_dict(row[1][0]))


def story_json(row: tuple[int, Story]) -> tuple[int, str]:
    """(story number, the story as the contract JSON prints it in the stories list)."""
    from storyfold.report.json import story_to_dict

    return row[0], nested_json(story_to_dict(row[1]))


def nested_json(item: dict[str, Any]) -> str:
    """One item as ``render_json`` prints it in a top-level list: indent 2, two levels deep.

    JSON strings hold no raw newline, so indenting every line indents the structure only.
    """
    return NESTED_INDENT + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + NESTED_INDENT)


def contract_json(fields: Sequence[tuple[str, Callable[[], Iterable[str]]]]) -> Iterator[str]:
    """``render_json``'s object from its lists' items (rendered by :func:`nested_json`), a piece at a time.

    ``fields``: each top-level key with a function that starts its items' stream (called when its turn comes).
    """
    yield "{"
    for number, (name, items) in enumerate(fields):
        yield f'{"," if number else ""}\n  {json.dumps(name)}: ['
        count = 0
        for count, item in enumerate(items(), start=1):
            yield ("," if count > 1 else "") + "\n" + item
        yield "\n  ]" if count else "]"
    yield "\n}"


# --------------------------------------------------------------------------- the engine


@dataclass(slots=True)
class StoryAssignment:
    """The one corpus-wide thing the driver holds: which story each article is in, and the story titles."""

    assignment: dict[str, tuple[int, int]]  # article id -> (story number from 1, position in the story)
    titles: list[str]  # title of story number n at n - 1


@dataclass(slots=True)
class SparkSummary:
    """What :func:`parquet_spark` returns: counts and the small lists, the corpus stays in the tables."""

    articles: int
    copies: int
    stories: int
    skipped: list[Skipped]
    stats: list[StageStats]


class SparkRun:
    """One run of the pipeline on a Spark context; each method is one phase, timed into ``stats``."""

    def __init__(self, sc: SparkContext, settings: Settings) -> None:
        self.sc = sc
        self.settings = settings
        self.values = settings.as_dict()  # what tasks get: Settings objects do not pickle
        self.stats: list[StageStats] = []
        self.skipped: list[Skipped] = []
        self.partitions = 1
        self.kept_count = 0
        self.copies = 0
        self.story_count = 0
        self._released: list[Any] = []  # cached RDDs and broadcasts to let go at the end

    def load(self, pieces: list[Piece]) -> Any:
        """RDD of (order, article) for the kept articles; the skipped rows are collected (they are small)."""
        started = self._phase("load")
        slices = max(1, min(len(pieces), self.sc.defaultParallelism * PARTITIONS_PER_CORE))
        # shuffles (band keys, pairs) are small rows: one partition per core; more tiny tasks cost more than they do
        self.partitions = max(1, min(slices, self.sc.defaultParallelism))
        loaded = self.sc.parallelize(pieces, slices).mapPartitions(
            partial(load_partition, values=self.values)).cache()  # read once, though used twice below
        unique = loaded.filter(lambda row: row.article_id is not None).groupBy(
            lambda row: row.article_id, self.partitions).flatMap(lambda kv: first_input_wins(kv[1]))
        cleaned = unique.filter(lambda row: row.step == "read").groupBy(clean_key, slices).flatMap(
            partial(clean_group, values=self.values))
        resolved = loaded.filter(lambda row: row.article_id is None).union(
            unique.filter(lambda row: row.step == "input")).union(cleaned).cache()
        dropped = resolved.filter(lambda row: row.skipped is not None).map(
            lambda row: (row.step, row.order, row.skipped)).collect()
        kept = resolved.filter(lambda row: row.article is not None).map(lambda row: (row.order, row.article))
        kept = self._keep(kept)
        self.kept_count = kept.count()
        loaded.unpersist()
        self._load_stats(dropped, self.kept_count, time.perf_counter() - started)
        return kept

    def _keep(self, rdd: Any) -> Any:
        """Persist ``rdd`` (spilling to the executors' disks past their memory) until :meth:`release`."""
        from pyspark import StorageLevel

        rdd.persist(StorageLevel.MEMORY_AND_DISK)
        self._released.append(rdd)
        return rdd

    def _broadcast(self, value: Any) -> Any:
        shared = self.sc.broadcast(value)
        self._released.append(shared)
        return shared

    def release(self) -> None:
        """Let go of the cached RDDs and broadcasts (the session may run on: a notebook, the tests)."""
        for held in reversed(self._released):
            held.unpersist()
        self._released.clear()

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

    def dedup(self, kept: Any) -> Any:
        """Copy marks, broadcast: band-key join and confirm in tasks, groups from id pairs, marks in tasks.

        The driver sees the confirmed pairs and the marks (article ids and reasons, for copies only).
        """
        started = self._phase("dedup")
        fps = kept.map(fingerprint_row).cache()
        candidates = (fps.flatMap(band_keys).groupByKey(self.partitions)
                      .flatMap(lambda kv: bucket_pairs(kv[1])).distinct(self.partitions))
        confirmed = (candidates.join(fps, self.partitions).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
                     .join(fps, self.partitions)
                     .mapPartitions(partial(confirm_pairs, values=self.values)).collect())
        group_of = self.sc.broadcast({i: n for n, group in enumerate(copy_groups(confirmed)) for i in group})
        marks = dict(kept.filter(lambda row: row[1].id in group_of.value).map(lambda row: (row[1].id, row[1]))
                     .join(fps.filter(lambda row: row[0] in group_of.value), self.partitions)
                     .map(lambda kv: (group_of.value[kv[0]], kv[1])).groupByKey(self.partitions)
                     .flatMap(partial(mark_group, values=self.values)).collect())
        group_of.unpersist()
        fps.unpersist()
        self.copies = len(marks)
        self.stats.append(StageStats("dedup", seen=self.kept_count, kept=self.kept_count,
                                     seconds=time.perf_counter() - started))
        return self._broadcast(marks)

    def parse(self, kept: Any, marks: Any) -> Any:
        """RDD of (order, (article with its copy mark, parse)), kept for grouping, analysis and output."""
        started = self._phase("nlp")
        parsed = self._keep(kept.mapPartitions(partial(parse_partition, values=self.values, marks=marks)))
        parsed.count()  # parse now, so the nlp phase's time is its own
        self.stats.append(StageStats("nlp", seen=self.kept_count, kept=self.kept_count,
                                     seconds=time.perf_counter() - started))
        return parsed

    def stories(self, parsed: Any) -> Any:
        """RDD of (story number, Story): the story index first, then one analysis per story in tasks.

        The index comes from time blocks grouped in tasks, with only ids, counts and titles on the driver
        (``spark_block_days`` > 0), or from one :class:`~storyfold.cluster.ClusterRecord` per article grouped
        on the driver (0).  The articles and parses reach their story's task by a shuffle keyed by story number.
        """
        started = self._phase("stories")
        found = self._blocked_index(parsed) if self.settings.spark_block_days else self._global_index(parsed)
        index = self._broadcast(found)
        self.story_count = len(found.titles)
        del found  # the broadcast holds it
        slices = max(1, min(self.story_count, self.sc.defaultParallelism * STORY_SLICES_PER_CORE))
        stories = self._keep(parsed.map(partial(story_member, index=index)).groupByKey(slices)
                             .map(partial(analyze_members, values=self.values, index=index)))
        stories.count()
        self.stats.append(StageStats("stories", seen=self.kept_count, kept=self.story_count,
                                     seconds=time.perf_counter() - started))
        return stories

    def _global_index(self, parsed: Any) -> StoryAssignment:
        """Every article's grouping record on the driver, grouped at once by ``group_records``."""
        from storyfold.cluster import group_records

        records = parsed.map(record_row).collect()
        groups = group_records(records, self.settings)
        return StoryAssignment(
            {records[i].article_id: (number, position) for number, group in enumerate(groups, start=1)
             for position, i in enumerate(group.members)}, [group.title for group in groups])

    def _blocked_index(self, parsed: Any) -> StoryAssignment:
        """The story index from time blocks, each grouped in a task (see :mod:`storyfold.engines.time_blocks`).

        The driver receives the blocks' home groups (key, size, first order key, title), the counts of
        articles placed across blocks (pairs of group keys) and the final (article id, story, position):
        ids and titles, never a grouping record.
        """
        from operator import add

        from pyspark import StorageLevel

        from storyfold.engines.time_blocks import HomeGroup, block_links, stitch_stories, story_positions

        records = parsed.map(order_record).persist(StorageLevel.MEMORY_AND_DISK)
        plan, blocks = self._block_plan(records)
        background = None if plan.one_block else self.sc.broadcast(self._background(records))
        rows = self._block_members(records, plan).groupByKey(blocks).flatMap(
            partial(block_rows, values=self.values, background=background)).persist(StorageLevel.MEMORY_AND_DISK)
        groups = rows.filter(lambda row: isinstance(row, HomeGroup)).collect()
        placed = rows.filter(lambda row: not isinstance(row, HomeGroup))
        home = placed.filter(lambda m: m.home)
        across = placed.filter(lambda m: not m.home).map(lambda m: (m.article_id, m.group))
        counts = dict(home.map(lambda m: (m.article_id, m.group)).join(across, self.partitions)
                      .map(lambda kv: (kv[1], 1)).reduceByKey(add).collect())
        number_of, titles = stitch_stories(groups, block_links(counts, [group.key for group in groups]))
        numbers = self.sc.broadcast(number_of)
        assignment = dict(home.map(lambda m: (numbers.value[m.group], (m.order_key, m.article_id)))
                          .groupByKey(blocks).flatMap(story_positions).collect())
        numbers.unpersist()
        if background is not None:
            background.unpersist()
        rows.unpersist()
        records.unpersist()
        return StoryAssignment(assignment, titles)

    def _background(self, records: Any) -> list[tuple[str, dict[str, int]]]:
        """The word counts of a fixed sample of the corpus (``BACKGROUND_ARTICLES``, chosen by id hash)."""
        from storyfold.engines.time_blocks import in_background

        total = self.kept_count
        return records.filter(lambda row: in_background(row[1].article_id, total)).map(
            lambda row: (row[1].article_id, row[1].body_terms)).collect()

    def _block_plan(self, records: Any) -> tuple[Any, int]:
        """How to block (from the dated count and day range), and how many grouping tasks that makes."""
        from storyfold.engines.time_blocks import plan_blocks

        days = records.map(lambda row: row[1].day).filter(lambda day: not math.isnan(day)).stats()
        dated = days.count()
        undated = self.kept_count - dated
        plan = plan_blocks(dated, days.min() if dated else 0.0, days.max() if dated else 0.0, undated,
                           self.settings)
        if plan.one_block:
            return plan, 1
        day_window, undated_window = plan.windows
        blocks = (2 * (days.max() - days.min()) / day_window + 2 if dated else 0) + \
            (2 * undated / undated_window + 2 if undated else 0)
        return plan, max(1, min(int(blocks), self.sc.defaultParallelism * STORY_SLICES_PER_CORE))

    def _block_members(self, records: Any, plan: Any) -> Any:
        """RDD of (block key, (record, home?)): every record in its blocks; undated ones ranked in reading order."""
        if plan.one_block:
            ranked = records.map(lambda row: (row[1], None))
        else:
            dated = records.filter(lambda row: not math.isnan(row[1].day)).map(lambda row: (row[1], None))
            undated = records.filter(lambda row: math.isnan(row[1].day))
            ranked = dated.union(undated.sortByKey(numPartitions=self.partitions).zipWithIndex()
                                 .map(lambda row: (row[0][1], row[1])))
        return ranked.flatMap(partial(block_memberships, plan=plan))

    def in_order(self, rdd: Any, count: int, rows_per_partition: int) -> Any:
        """``rdd`` (``count`` rows) sorted by key into partitions of at most about ``rows_per_partition`` rows.

        A partition is what ``toLocalIterator`` holds in the driver at once, and one part file of a table.
        """
        partitions = max(self.partitions, -(-count // max(1, rows_per_partition)))
        return rdd.sortByKey(numPartitions=partitions)

    def parsed_batches(self, kept: Any, size: int) -> Iterator[list[tuple[Article, ParsedArticle]]]:
        """(article, parse) in reading order, ``size`` at a time, streamed one partition at a time to the driver."""
        self._phase("nlp")
        rows = self.in_order(kept, self.kept_count, size).mapPartitions(partial(parse_partition, values=self.values))
        batch: list[tuple[Article, ParsedArticle]] = []
        for _, pair in rows.toLocalIterator(prefetchPartitions=True):  # the next partition parses meanwhile
            batch.append(pair)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def write_parquet(self, parsed: Any, stories: Any, folder: Path) -> None:
        """Every table of :data:`TABLES` under ``folder``, the rows written by the tasks as part files."""
        from storyfold.engines.parquet import clear_tables, write_table

        self._phase("output")
        folder.mkdir(parents=True, exist_ok=True)
        clear_tables(folder)
        self.in_order(parsed, self.kept_count, ARTICLE_BATCH_ROWS).mapPartitionsWithIndex(
            partial(write_article_part, folder=str(folder))).sum()
        self.in_order(stories, self.story_count, STORY_BATCH_ROWS).mapPartitionsWithIndex(
            partial(write_story_part, folder=str(folder))).sum()
        write_table(folder, "skipped", [asdict(entry) for entry in self.skipped])

    def collected(self, parsed: Any, stories: Any) -> Analysis:
        """The whole :class:`Analysis` on the driver, streamed in a partition at a time (it is the corpus)."""
        self._phase("collect")
        articles = self.in_order(parsed.map(lambda row: (row[0], row[1][0])), self.kept_count, ARTICLE_BATCH_ROWS)
        ordered = self.in_order(stories, self.story_count, STORY_BATCH_ROWS)
        return Analysis(articles=[article for _, article in articles.toLocalIterator()],
                        stories=[story for _, story in ordered.toLocalIterator()],
                        skipped=self.skipped, stats=self.stats)

    def json_chunks(self, parsed: Any, stories: Any) -> Iterator[str]:
        """The contract JSON (``render_json``'s text) piece by piece: tasks render every article and story,
        the driver streams them a partition at a time; the skipped list and stats (held here) come last."""
        self._phase("collect")
        articles = self.in_order(parsed.map(article_json), self.kept_count, ARTICLE_BATCH_ROWS).values()
        ordered = self.in_order(stories.map(story_json), self.story_count, STORY_BATCH_ROWS).values()
        yield from contract_json([("articles", articles.toLocalIterator),
                                  ("stories", ordered.toLocalIterator),
                                  ("skipped", lambda: (nested_json(asdict(entry)) for entry in self.skipped)),
                                  ("stats", lambda: (nested_json(asdict(entry)) for entry in self.stats))])


def _spark_pipeline(run: SparkRun, paths: Sequence[str | Path]) -> tuple[Any, Any]:
    """Load, dedup, parse, group and analyse: the parsed articles and the stories as cached RDDs."""
    files, walk_skipped = list_input_files(paths, run.settings)
    pieces, unreadable = input_pieces(files)  # raises for a Parquet file without a page column: before Spark
    kept = run.load(pieces)
    run.add_walk_skipped(walk_skipped + unreadable)
    parsed = run.parse(kept, run.dedup(kept))
    return parsed, run.stories(parsed)


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
    ``master`` and stopped at the end.  ``parquet_dir``: also write the tables of :data:`TABLES` there,
    from the tasks.  The returned analysis holds every article, so it comes to the driver in the end
    (streamed a partition at a time); for a corpus beyond the driver's memory use :func:`parquet_spark`.
    """
    settings = settings or Settings()
    with _session(spark, master) as session:
        run = SparkRun(session.sparkContext, settings)
        try:
            parsed, stories = _spark_pipeline(run, paths)
            if parquet_dir is not None:
                run.write_parquet(parsed, stories, Path(parquet_dir))
            return run.collected(parsed, stories)
        finally:
            run.release()


def stream_analysis_json(
    paths: Sequence[str | Path],
    write: Callable[[str], object],
    settings: Settings | None = None,
    master: str = DEFAULT_MASTER,
    parquet_dir: str | Path | None = None,
    *,
    spark: SparkSession | None = None,
) -> SparkSummary:
    """:func:`analyze_spark` as the contract JSON, handed to ``write`` a piece at a time.

    The text is exactly ``render_json`` of the analysis (without the final newline).  Tasks render each
    article and story; the driver holds one partition of them (at most about 2,000 articles or 500
    stories as text) at a time, plus the skipped list and the stats, which close the object.
    """
    settings = settings or Settings()
    with _session(spark, master) as session:
        run = SparkRun(session.sparkContext, settings)
        try:
            parsed, stories = _spark_pipeline(run, paths)
            if parquet_dir is not None:
                run.write_parquet(parsed, stories, Path(parquet_dir))
            for chunk in run.json_chunks(parsed, stories):
                write(chunk)
        finally:
            run.release()
    return SparkSummary(run.kept_count, run.copies, run.story_count, run.skipped, run.stats)


def parquet_spark(
    paths: Sequence[str | Path],
    parquet_dir: str | Path,
    settings: Settings | None = None,
    master: str = DEFAULT_MASTER,
    *,
    spark: SparkSession | None = None,
) -> SparkSummary:
    """The analysis of ``paths`` written as the Parquet tables by the tasks; nothing of the corpus is collected.

    The driver holds one compact record per article while it groups stories, then only the story index
    (article id -> story) and the copy marks.  ``parquet_dir`` must be storage every executor can write
    (a shared mount on a cluster).  Load it into a store with ``storyfold import``.
    """
    settings = settings or Settings()
    with _session(spark, master) as session:
        run = SparkRun(session.sparkContext, settings)
        try:
            parsed, stories = _spark_pipeline(run, paths)
            run.write_parquet(parsed, stories, Path(parquet_dir))
        finally:
            run.release()
    return SparkSummary(run.kept_count, run.copies, run.story_count, run.skipped, run.stats)


def add_spark(
    paths: Sequence[str | Path],
    store: Any,
    master: str = DEFAULT_MASTER,
    *,
    batch_rows: int = ADD_BATCH_ROWS,
    spark: SparkSession | None = None,
) -> list[Any]:
    """``Store.add`` with the per-article steps on Spark: read, clean, metadata and NLP run as tasks.

    The driver streams (article, parse) batches in reading order, one partition of about ``batch_rows``
    rows at a time, and hands each batch to ``store.add_articles`` (one transaction each: a failure keeps
    the batches before it, and an add run again skips what is stored).  The store marks copies and assigns
    stories itself (its incremental index needs every article's text and parse on the driver, one batch
    at a time).  Returns each batch's ``AddReport``; the skipped inputs go with the first batch.
    """
    settings = store.settings
    files, walk_skipped = list_input_files(paths, settings)
    pieces, unreadable = input_pieces(files)
    reports = []
    with _session(spark, master) as session:
        run = SparkRun(session.sparkContext, settings)
        try:
            kept = run.load(pieces)
            run.add_walk_skipped(walk_skipped + unreadable)
            skipped = run.skipped
            for batch in run.parsed_batches(kept, batch_rows):
                reports.append(store.add_articles([a for a, _ in batch], {a.id: p for a, p in batch},
                                                  skipped=skipped))
                skipped = []
        finally:
            run.release()
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


__all__ = ["DEFAULT_MASTER", "TABLES", "SparkSummary", "add_spark", "analyze_spark", "list_input_files",
           "parquet_spark", "spark_session", "stream_analysis_json", "write_parquet"]
