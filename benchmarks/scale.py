"""Scale of incremental adds: throughput, memory, growth, dedup of planted copies.

Builds corpora of N articles from real texts in ../shared/datasets (ECB+ articles and
NeuS leads), reworded (a per-copy sentence order and a rotated synonym table) and
re-dated over months so they read like a stream of news, plus planted wire copies
(an original with a new headline and a trimmed or added paragraph).  Each corpus is
added one article at a time; the peer in the same run is batch
``storyfold.cluster.cluster_stories`` on the same corpus, at the sizes it can handle.

Driver: ``storyfold.store.Store.add_articles`` when the store exists, else
StoryIndex + DedupIndex over a SqliteIndexBackend (labelled "index only").  NLP is off
(clean text is given, no spaCy): this measures dedup + clustering.

    python benchmarks/scale.py [--sizes 1000 3000 10000] [--more 100]
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clustering import load_ecbplus, load_neus

from storyfold.cluster import cluster_stories
from storyfold.model import Article, stable_id
from storyfold.settings import Settings
from storyfold.stories import DedupIndex, SqliteIndexBackend, StoryIndex

SEED = 11
COPY_SHARE = 0.05  # planted wire copies, as a share of the corpus
BATCH_PEER_MAX = 3000  # batch clustering's dense blocks grow fast; beyond this it is not run
DAYS_SPAN = 180  # six months of news
_SWAPS = [("said", "stated"), ("people", "residents"), ("officials", "authorities"), ("police", "officers")]


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


def reword(text: str, variant: int, rng: random.Random) -> str:
    """A different wording of the same text: synonym swaps and a shuffled tail."""
    old, new = _SWAPS[variant % len(_SWAPS)]
    sentences = text.replace(f" {old} ", f" {new} ").split(". ")
    head, tail = sentences[:2], sentences[2:]
    rng.shuffle(tail)
    return ". ".join(head + tail)


def build_corpus(size: int, rows: list[tuple[str, str]], seed: int = SEED) -> tuple[list[Article], dict[str, str]]:
    """``size`` articles, re-dated over DAYS_SPAN; returns (articles, planted copy id -> original id)."""
    rng = random.Random(seed)
    articles: list[Article] = []
    planted: dict[str, str] = {}
    copies = int(size * COPY_SHARE)
    for n in range(size - copies):
        title, text = rows[n % len(rows)]
        text = reword(text, n // len(rows), rng) if n >= len(rows) else text
        day = f"2026-{1 + (n * DAYS_SPAN // size) // 30:02d}-{1 + (n * DAYS_SPAN // size) % 28:02d}"
        source = f"scale/{n}.txt"
        articles.append(Article(id=stable_id(source, text), source=source, raw=text, text=text, title=title,
                                published=day, outlet=f"Outlet {n % 40}", language="en"))
    for n in range(copies):
        original = articles[rng.randrange(len(articles))]
        if len(original.text) < 400:
            continue
        text = original.text + "\n\nThis report was distributed by a wire service."
        source = f"scale/copy-{n}.txt"
        copy = Article(id=stable_id(source, text), source=source, raw=text, text=text,
                       title="Wire: " + (original.title or ""), published=original.published,
                       outlet=f"Wire {n % 5}", language="en")
        articles.append(copy)
        planted[copy.id] = original.id
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published or "", i))
    return [articles[i] for i in order], planted


def add_index_only(articles: list[Article], conn: sqlite3.Connection, settings: Settings) -> float:
    backend = SqliteIndexBackend(conn)
    dedup, stories = DedupIndex(backend, settings), StoryIndex(backend, settings)
    started = time.perf_counter()
    for start in range(0, len(articles), 500):
        with conn:
            for article in articles[start : start + 500]:
                dedup.add(article)
                stories.add(article, None)
    return time.perf_counter() - started


def dedup_scores(articles: list[Article], planted: dict[str, str]) -> tuple[float, float]:
    found = {a.id for a in articles if a.duplicate_of}
    true = set(planted)
    precision = len(found & true) / len(found) if found else 1.0
    recall = len(found & true) / len(true) if true else 1.0
    return precision, recall


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--more", type=int, default=100, help="articles added to the largest store afterwards")
    args = parser.parse_args(argv)
    settings = Settings(progress=False, use_cache=False)
    rows = base_texts()
    if not rows:
        print("no datasets under ../shared/datasets", file=sys.stderr)
        return 1
    driver = "index only (StoryIndex+DedupIndex on SqliteIndexBackend, NLP off)"
    print(f"driver: {driver}; {len(rows)} real base texts; machine shared, figures noisy\n")
    print(f"{'size':>7} {'add art/s':>10} {'peak MB':>8} {'dedup P':>8} {'dedup R':>8} {'stories':>8} "
          f"{'batch peer s':>12}")
    previous = None
    for size in args.sizes:
        articles, planted = build_corpus(size, rows)
        with tempfile.TemporaryDirectory() as tmp:
            conn = sqlite3.connect(Path(tmp) / "scale.db", isolation_level=None)
            conn.execute("BEGIN")
            for statement in SqliteIndexBackend.SCHEMA:
                conn.execute(statement)
            conn.execute("COMMIT")
            conn.isolation_level = ""
            seconds = add_index_only(articles, conn, settings)
            p, r = dedup_scores(articles, planted)
            stories = conn.execute("SELECT count(*) FROM idx_record WHERE kind='s'").fetchone()[0]
            more = ""
            if size == args.sizes[-1] and args.more:
                extra, _ = build_corpus(args.more, rows, seed=SEED + 1)
                for a in extra:
                    a.id = stable_id("more", a.id)
                more = f"; +{args.more} more to the {size} store: {add_index_only(extra, conn, settings):.2f}s"
            conn.close()
        peer = ""
        if size <= BATCH_PEER_MAX:
            started = time.perf_counter()
            cluster_stories(articles, {}, settings)
            peer = f"{time.perf_counter() - started:.1f}"
        growth = ""
        if previous:
            import math

            growth = f"  growth exponent {math.log(seconds / previous[1]) / math.log(size / previous[0]):.2f}"
        print(f"{size:>7} {size / seconds:>10.1f} {peak_mb():>8.0f} {p:>8.3f} {r:>8.3f} {stories:>8} {peer:>12}"
              f"{growth}{more}", flush=True)
        previous = (size, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
