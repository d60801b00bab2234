"""Scale of incremental adds through the store: throughput, memory, growth, dedup of planted copies.

Builds corpora of N articles from real texts in ../shared/datasets (ECB+ articles and
NeuS leads), re-dated over six months so they read like a stream of news, plus planted
wire copies (an original with a new headline and an added line).  Beyond the number of
real texts, a text comes back as a *twin event* (every name and figure replaced: the same
kind of event elsewhere, see ``twin_event``), which must be neither a copy nor the same story.
Dedup precision and recall are measured on the planted copy groups; flags between other
articles (copies already in the source datasets) are counted in their own column.

Two drivers, both the code ``storyfold add`` runs:

* ``store`` (default): ``Store.add_articles`` in daily-feed batches (``--batch``), full
  pipeline after cleaning: spaCy parse, copy index, story index, analysis of the changed
  stories, history, full-text index, one transaction per batch.
* ``index``: the copy index and story index alone over the store's SQLite tables, NLP
  and story analysis off (clean, dedup, cluster only): the 100k-article run.

The peer in the same run is batch ``storyfold.cluster.cluster_stories`` on the same corpus
(NLP off), at the sizes it can handle.

    python benchmarks/scale.py [--driver store|index] [--sizes 1000 3000 10000] [--more 100] [--batch 500]
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import math
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psutil
from clustering import load_ecbplus, load_neus
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from story_memory import RssSampler

from storyfold.cluster import cluster_stories
from storyfold.model import Article, stable_id
from storyfold.settings import Settings
from storyfold.store import Store
from storyfold.stories import DedupIndex, MemorySource, SqliteIndexBackend, StoryIndex

SEED = 11
COPY_SHARE = 0.05  # planted wire copies, as a share of the corpus
# The articles added afterwards are twin events of a variant the corpus never reaches (a 100k corpus uses
# variants 0-61): new news, not texts already stored under another name.
MORE_VARIANTS = 1000
BATCH_PEER_MAX = 3000  # batch clustering's dense blocks grow fast; beyond this it is not run
DAYS_SPAN = 180  # six months of news
# Made-up place and person names a twin event gets (syllables, so no real name is implied).
_SYLLABLES = ("ka", "ren", "vo", "lis", "tam", "or", "bel", "du", "sar", "mi", "quen", "tol")
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_FIGURE = re.compile(r"\b\d+\b")
_CALENDAR = frozenset(calendar.day_name[d].casefold() for d in range(7)) | frozenset(
    calendar.month_name[m].casefold() for m in range(1, 13))


def base_texts() -> list[tuple[str, str]]:
    """(title, text) of every real article available."""
    rows = []
    for loader in (load_ecbplus, load_neus):
        try:
            articles, _ = loader()
        except OSError:
            continue
        rows += [(a.title or "", a.text) for a in articles if len(a.text) > 80]
    return rows


def twin_event(text: str, variant: int) -> str:
    """The same kind of event elsewhere, told by another writer: names, figures and some words replaced.

    Two earthquakes or two weekly reports read like this: the same template, other places, people
    and numbers.  Every name and figure is replaced consistently and about a third of the other
    lower-case words are swapped for other words of the same length class (``_rewrite``), so the
    twin is no copy (its five-word shingles mostly differ) and a good clusterer keeps it apart.
    """
    def name(match: re.Match) -> str:
        word = match.group()
        if word.casefold() in ENGLISH_STOP_WORDS or word.casefold() in _CALENDAR:
            return word
        digest = zlib.crc32(f"{variant}:{word}".encode())
        parts = [_SYLLABLES[(digest >> (4 * k)) % len(_SYLLABLES)] for k in range(2 + digest % 2)]
        return "".join(parts).capitalize()

    def figure(match: re.Match) -> str:
        return str(int(match.group()[:9]) + 3 * variant + 1)

    return _rewrite(_FIGURE.sub(figure, _NAME.sub(name, text)), variant)


_WORD = re.compile(r"\b[a-z]{4,}\b")
_REWRITE_SHARE = 0.35  # of the lower-case content words: enough that most five-word shingles change


def _rewrite(text: str, variant: int) -> str:
    rng = random.Random(variant)
    pool = sorted({w for w in _WORD.findall(text) if w not in ENGLISH_STOP_WORDS}) or ["report"]

    def swap(match: re.Match) -> str:
        word = match.group()
        if word in ENGLISH_STOP_WORDS or rng.random() >= _REWRITE_SHARE:
            return word
        return pool[rng.randrange(len(pool))]

    return _WORD.sub(swap, text)


def build_corpus(size: int, rows: list[tuple[str, str]], seed: int = SEED, prefix: str = "scale",
                 first_variant: int = 0) -> tuple[list[Article], dict[str, str]]:
    """``size`` articles, re-dated over DAYS_SPAN; ``first_variant`` > 0 makes every text a twin event.

    Returns (articles, planted copy id -> original id).
    """
    rng = random.Random(seed)
    articles: list[Article] = []
    planted: dict[str, str] = {}
    copies = int(size * COPY_SHARE)
    for n in range(size - copies):
        title, text = rows[n % len(rows)]
        variant = first_variant + n // len(rows)
        if variant:
            title, text = twin_event(title, variant), twin_event(text, variant)
        day = f"2026-{1 + (n * DAYS_SPAN // size) // 30:02d}-{1 + (n * DAYS_SPAN // size) % 28:02d}"
        source = f"{prefix}/{n}.txt"
        articles.append(Article(id=stable_id(source, text), source=source, raw=text, text=text, title=title,
                                published=day, outlet=f"Outlet {n % 40}", language="en"))
    for n in range(copies):
        original = articles[rng.randrange(len(articles))]
        if len(original.text) < 400:
            continue
        text = original.text + "\n\nThis report was distributed by a wire service."
        source = f"{prefix}/copy-{n}.txt"
        copy = Article(id=stable_id(source, text), source=source, raw=text, text=text,
                       title="Wire: " + (original.title or ""), published=original.published,
                       outlet=f"Wire {n % 5}", language="en")
        articles.append(copy)
        planted[copy.id] = original.id
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published or "", i))
    return [articles[i] for i in order], planted


@dataclass
class Run:
    """One corpus added through one driver."""

    seconds: float
    peak_mb: float
    flagged: dict[str, str | None]  # article id -> duplicate_of
    stories: int
    more_seconds: float | None = None


def add_through_store(articles: list[Article], extra: list[Article], folder: Path, batch: int, *,
                      overlap: bool = True) -> Run:
    """Full pipeline after cleaning, one transaction per batch (parse, index, analysis, history, full-text index).

    ``overlap``: through ``Store.add_batches`` (the next batch parsed while one is stored); otherwise the peer,
    ``Store.add_articles`` per batch, each parsed before it is stored.
    """
    settings = Settings(progress=False, use_cache=False)
    with Store.open(folder / "scale.db", settings=settings) as store:
        def timed(items: list[Article]) -> tuple[float, float]:
            return _timed_stream(items, batch, store) if overlap else _timed_batches(items, batch, store.add_articles)

        seconds, peak = timed(articles)
        flagged = dict(store.conn.execute("SELECT id, duplicate_of FROM articles").fetchall())
        stories = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
        more = timed(extra)[0] if extra else None
    return Run(seconds, peak, flagged, stories, more)


def add_index_only(articles: list[Article], extra: list[Article], folder: Path, batch: int) -> Run:
    """Clean, dedup, cluster only: the store's two indexes over its SQLite tables, NLP off."""
    settings = Settings(progress=False, use_cache=False)
    conn = sqlite3.connect(folder / "index.db", isolation_level=None)
    for statement in SqliteIndexBackend.SCHEMA:
        conn.execute(statement)
    backend, source = SqliteIndexBackend(conn), MemorySource()
    dedup, stories = DedupIndex(backend, settings), StoryIndex(backend, source, settings)

    def add(step: list[Article]) -> None:
        conn.execute("BEGIN")
        for article in step:
            dedup.add(article)
        source.put(step, {})
        stories.add(step, {})
        conn.execute("COMMIT")

    seconds, peak = _timed_batches(articles, batch, add)
    flagged = {a.id: a.duplicate_of for a in articles}
    count = conn.execute("SELECT count(*) FROM idx_record WHERE kind = 's'").fetchone()[0]
    more = _timed_batches(extra, batch, add)[0] if extra else None
    conn.close()
    return Run(seconds, peak, flagged, count, more)


PROGRESS_EVERY = 5_000  # articles between progress lines on long runs
# Memory is sampled this often: a batch takes seconds, and reading every worker's smaps costs a few ms.
MEMORY_SAMPLE_SECONDS = 0.2


def pss_with_workers_mb() -> float:
    """Proportional set size of this process plus its children (the parse workers), in MB.

    PSS counts the pages the forked workers share (the spaCy model) once overall, so the sum is the
    memory the run really holds, not the model counted three times.
    """
    process = psutil.Process()
    total = process.memory_full_info().pss
    for worker in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # a worker that just ended
            total += worker.memory_full_info().pss
    return total / 2**20


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    """Seconds ``work`` takes, and the peak memory (MB, with the parse workers) meanwhile."""
    with RssSampler(pss_with_workers_mb, MEMORY_SAMPLE_SECONDS) as memory:
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
    return seconds, memory.peak


def _chunks(articles: list[Article], batch: int) -> Iterator[list[Article]]:
    """The batches, with a progress line on stderr every PROGRESS_EVERY articles (a 100k run takes hours: a
    run stopped early still tells how far it got, how fast, and whether the rate falls as the store grows)."""
    started = time.perf_counter()
    for start in range(0, len(articles), batch):
        yield articles[start : start + batch]
        done = min(len(articles), start + batch)
        if len(articles) > PROGRESS_EVERY and done % PROGRESS_EVERY < batch:
            elapsed = time.perf_counter() - started
            print(f"  {done:,} articles in {elapsed:,.0f} s ({done / elapsed:.1f}/s), memory "
                  f"now {pss_with_workers_mb():,.0f} MB (PSS; the run's peak is in the table)",
                  file=sys.stderr, flush=True)


def _timed_batches(articles: list[Article], batch: int, add: Callable[[list[Article]], object]) -> tuple[float, float]:
    """Seconds for all batches, one ``add`` call each, and the peak memory (MB) meanwhile."""
    return _timed(lambda: [add(chunk) for chunk in _chunks(articles, batch)])


def _timed_stream(articles: list[Article], batch: int, store: Store) -> tuple[float, float]:
    """As :func:`_timed_batches`, through ``Store.add_batches`` (the next batch parses while one is stored)."""
    return _timed(lambda: store.add_batches((chunk, []) for chunk in _chunks(articles, batch)))


def dedup_scores(run: Run, planted: dict[str, str]) -> tuple[float, float, int]:
    """Precision and recall on the planted copy groups, and the count of other flags.

    A flag touching a planted group is right when both articles belong to that group (the copy carries
    an extra line, so either may be taken as the original; two copies of one original are one group).
    Other flags fall between articles of the source datasets themselves (ECB+ holds exact duplicates and
    wire copies across outlets) or between rewrites of one text: counted apart, not judged here.
    """
    def root(article_id: str | None) -> str | None:
        return planted.get(article_id, article_id) if article_id else None

    groups = set(planted.values())
    flagged = {aid: of for aid, of in run.flagged.items() if of}
    touching = {aid: of for aid, of in flagged.items() if root(aid) in groups or root(of) in groups}
    correct = {aid for aid, of in touching.items() if root(aid) == root(of)}
    found = {aid if aid in planted else of for aid, of in touching.items() if aid in correct}
    precision = len(correct) / len(touching) if touching else 1.0
    recall = len(found & set(planted)) / len(planted) if planted else 1.0
    return precision, recall, len(flagged) - len(touching)


DRIVERS: dict[str, tuple[Callable[[list[Article], list[Article], Path, int], Run], str]] = {
    "store": (add_through_store, "store: Store.add_batches, full pipeline after cleaning (spaCy, indexes, story "
                                 "analysis), the next batch parsed while one is stored"),
    "store-serial": (partial(add_through_store, overlap=False),
                     "store, serial: Store.add_articles per batch, parse then store"),
    "index": (add_index_only, "index only: copy + story index on SQLite, NLP and analysis off"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", choices=tuple(DRIVERS), default="store",
                        help="store: full pipeline, parsing overlapped with storing; store-serial: the same, one "
                             "batch after the other (peer); index: copy and story indexes only, NLP off")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--more", type=int, default=100, help="articles added to the largest store afterwards")
    parser.add_argument("--batch", type=int, default=500, help="articles per add (one transaction each)")
    parser.add_argument("--keep", type=Path, help="keep the largest store at this path (e.g. for web_latency.py --db)")
    args = parser.parse_args(argv)
    rows = base_texts()
    if not rows:
        print("no datasets under ../shared/datasets", file=sys.stderr)
        return 1
    driver, label = DRIVERS[args.driver]
    print(f"driver: {label}; batches of {args.batch}; {len(rows)} real base texts; {psutil.cpu_count()} cores, "
          "machine shared, figures noisy\n")
    print(f"| size | add s | articles/s | peak PSS MB (with workers) | dedup P | dedup R | other flags | stories "
          f"| batch peer s | growth exponent | +{args.more} s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for size in args.sizes:
        articles, planted = build_corpus(size, rows)
        extra = (build_corpus(args.more, rows, seed=SEED + 1, prefix="more", first_variant=MORE_VARIANTS)[0]
                 if size == args.sizes[-1] else [])
        with tempfile.TemporaryDirectory() as tmp:
            run = driver(articles, extra, Path(tmp), args.batch)
            if args.keep and size == args.sizes[-1]:
                _keep(Path(tmp), args.keep)
        precision, recall, others = dedup_scores(run, planted)
        peer = _batch_peer(articles) if size <= BATCH_PEER_MAX else "not run"
        growth = (f"{math.log(run.seconds / previous[1]) / math.log(size / previous[0]):.2f}" if previous else "")
        more = f"{run.more_seconds:.1f}" if run.more_seconds is not None else ""
        print(f"| {size} | {run.seconds:.0f} | {size / run.seconds:.1f} | {run.peak_mb:.0f} | {precision:.3f} "
              f"| {recall:.3f} | {others} | {run.stories} | {peer} | {growth} | {more} |", flush=True)
        previous = (size, run.seconds)
    return 0


def _keep(folder: Path, target: Path) -> None:
    """Move the run's SQLite file (the store, or the index tables) to ``target``."""
    (database,) = folder.glob("*.db")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(database), target)
    print(f"kept {database.name} at {target}", flush=True)


def _batch_peer(articles: list[Article]) -> str:
    started = time.perf_counter()
    cluster_stories(articles, {}, Settings(progress=False))
    return f"{time.perf_counter() - started:.1f}"


if __name__ == "__main__":
    sys.exit(main())
