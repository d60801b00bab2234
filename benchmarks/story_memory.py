"""Peak memory and time of one story's analysis as the story grows (100, 200, 400, 800 articles).

A batch ``analyze`` of a real crawl can put hundreds of articles in one story (a big event, or a site
that republishes its own copy many times); one 571-article story once took 7 GB.  This benchmark builds
such a story from one real ECB+ event (``../shared/datasets/ecbplus``): its articles, then copies
reworded lightly (sentences dropped and swapped, synonyms, respelt names; see story_scaling.py), which is
the hardest case for pairwise steps, since every claim has a near-copy in every copy.

Each size runs ``storyfold.analyze.analyze_story`` in a fresh subprocess, so its peak resident memory
(``ru_maxrss``) is its own; the NLP parse is done once beforehand into a private cache and is not
counted.  Printed: seconds, peak RSS, the analysis' own share of it (peak minus the RSS before the
analysis started), and the log-log growth exponent of both.  The peer, in the same run: the same
analysis with the claim-pair product computed whole and every pair kept (the code before it ran in
row blocks with a cap on each claim's partners), up to ``--peer-max`` articles; "same story?" compares
a hash of the whole story record.  The machine is shared: absolute times are noisy, compare the ratios.

    python benchmarks/story_memory.py                       # 100 200 400 800
    python benchmarks/story_memory.py --sizes 50 100 --components
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_scaling import COMPONENTS, reword, slope
from story_scaling import story_of as scaled_story

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus" / "topics"
# One event, 13 articles of about 3,400 characters (real news, several outlets): long enough that each
# article yields a few dozen claims, as crawled news does.
DEFAULT_FOLDER = "28ecb"
# ECB+ records carry no usable date; a fixed day keeps the timeline and relative dates at work.
PUBLISHED = "2009-01-15"
# Light sentence-level rewording on top of story_scaling's word-level one.
DROP_SENTENCE = 0.15
SWAP_SENTENCES = 0.3
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
PEER_ENV = "STORYFOLD_BENCH_WHOLE_PRODUCT"
WHOLE = 10**15  # a block size and partner cap no story reaches: the code as it was before either
WARM_UP_ARTICLES = 5
# Short enough to catch a pair product's peak (it lives for a second or more at these sizes).
RSS_SAMPLE_SECONDS = 0.01


def load_event(folder: str) -> list:
    """The articles of one ECB+ event folder, as cleaned articles with outlets and a date."""
    from storyfold.model import Article, stable_id

    articles = []
    for path in sorted((ECBPLUS / folder).glob("*.json.gz")):
        if "mentions" in path.name:
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            record = json.load(handle)
        text = record["text"].strip()
        if text:
            source = f"ecbplus/{folder}/{path.name}"
            articles.append(Article(id=stable_id(source, text), source=source, raw=text, text=text,
                                    title=record.get("title") or None, outlet=f"Outlet {len(articles) + 1}",
                                    published=PUBLISHED, language="en"))
    return articles


def reworded(article, variant: int):
    """A copy with a few sentences dropped or swapped, then story_scaling's synonyms and respellings."""
    from storyfold.model import Article

    rng = random.Random(f"{article.id}:{variant}:sentences")
    sentences = SENTENCE_BREAK.split(article.text)
    kept = [s for s in sentences if rng.random() > DROP_SENTENCE] or sentences[:1]
    for i in range(len(kept) - 1):
        if rng.random() < SWAP_SENTENCES:
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    text = " ".join(kept)
    shuffled = Article(id=article.id, source=article.source, raw=text, text=text, outlet=article.outlet,
                       published=article.published, title=article.title, language=article.language)
    return reword(shuffled, variant)


def story_of(base: list, size: int) -> list:
    """``size`` articles: the originals, then reworded copies in turn (deterministic)."""
    return scaled_story(base, size, reworded)


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


class RssSampler:
    """The highest memory seen while the block runs (sampled: ru_maxrss cannot be reset).

    ``measure`` says what is sampled (this process's resident memory by default), every ``interval`` seconds.
    """

    def __init__(self, measure: Callable[[], float] = rss_mb, interval: float = RSS_SAMPLE_SECONDS) -> None:
        self.measure = measure
        self.interval = interval
        self.peak = measure()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(self.interval):
            self.peak = max(self.peak, self.measure())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, self.measure())


def child(size: int, folder: str, cache: str, components: bool) -> dict:
    """One measurement, in its own process: parse (from the cache), then analyse the story."""
    from storyfold.analyze import StoryContext, analyze_story
    from storyfold.nlp import parse_articles
    from storyfold.settings import Settings

    if os.environ.get(PEER_ENV):
        import importlib

        align = importlib.import_module("storyfold.analyze.align")
        align.PRODUCT_BLOCK_PAIRS = align.MAX_PARTNERS_PER_CLAIM = WHOLE
    settings = Settings(cache_dir=cache, progress=False)
    articles = story_of(load_event(folder), size)
    parsed = parse_articles(articles, settings)
    # Models and word lists the components load on first use are the same at every size: loaded first.
    analyze_story(StoryContext("warm-up", articles[:WARM_UP_ARTICLES], parsed, settings), "warm-up")
    per_component = _traced_components() if components else {}
    before = rss_mb()
    with RssSampler() as sampler:
        started = time.perf_counter()
        story = analyze_story(StoryContext("bench", articles, parsed, settings), "benchmark story")
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "seconds": seconds, "peak_mb": peak, "analysis_mb": max(0.0, sampler.peak - before),
            "facts": len(story.facts), "digest": _digest(story), "components": per_component}


def _digest(story) -> str:
    """A hash of the whole story record: the peer must produce exactly the same analysis."""
    import hashlib
    from dataclasses import asdict

    return hashlib.sha1(json.dumps(asdict(story), sort_keys=True).encode()).hexdigest()[:12]


def _traced_components() -> dict[str, float]:
    """Wrap each component so its own tracemalloc peak (MB above its start) is recorded."""
    import importlib
    import tracemalloc

    module = importlib.import_module("storyfold.analyze")
    peaks: dict[str, float] = {}
    tracemalloc.start()
    for name in COMPONENTS:
        original = getattr(module, name)

        def wrapper(ctx, _original=original, _name=name):
            tracemalloc.reset_peak()
            start = tracemalloc.get_traced_memory()[0]
            try:
                return _original(ctx)
            finally:
                peaks[_name] = (tracemalloc.get_traced_memory()[1] - start) / 2**20

        wrapper.__name__ = name
        setattr(module, name, wrapper)
    return peaks


def measure(size: int, folder: str, cache: str, *, peer: bool, components: bool) -> dict:
    command = [sys.executable, __file__, "--child", str(size), "--folder", folder, "--cache", cache]
    if components:
        command.append("--components")
    env = {**os.environ, PEER_ENV: "1" if peer else "", "STORYFOLD_STRICT": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"size {size} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def growth(rows: list[dict], key: str) -> float:
    return slope([r["size"] for r in rows], [max(r[key], 1e-3) for r in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800])
    parser.add_argument("--folder", default=DEFAULT_FOLDER, help="ECB+ event folder (topics/<name>)")
    parser.add_argument("--peer-max", type=int, default=400, help="largest size the peer runs at (0: none)")
    parser.add_argument("--components", action="store_true", help="also trace each component's own peak")
    parser.add_argument("--nlp-cache", help="keep the NLP parses in this folder (reruns skip the parse)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.cache, args.components)))
        return 0
    if not (ECBPLUS / args.folder).is_dir():
        print(f"skipped: {ECBPLUS / args.folder} is not present")
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        cache = args.nlp_cache or temporary
        _warm_cache(args, cache)
        mine, peers = [], []
        for n in args.sizes:  # each size's peer right after it, so both run the same code and load
            mine.append(measure(n, args.folder, cache, peer=False, components=args.components))
            if n <= args.peer_max:
                peers.append(measure(n, args.folder, cache, peer=True, components=False))
    _print_table(mine, peers, args.components)
    return 0


def _warm_cache(args: argparse.Namespace, cache: str) -> None:
    from storyfold.nlp import parse_articles
    from storyfold.settings import Settings

    base = load_event(args.folder)
    largest = story_of(base, max(args.sizes))
    started = time.perf_counter()
    parse_articles(largest, Settings(cache_dir=cache, progress=False))
    words = sum(len(a.text.split()) for a in largest)
    print(f"story: ECB+ {args.folder} ({len(base)} real articles) + reworded copies; NLP for {len(largest)} "
          f"articles ({words:,} words) {time.perf_counter() - started:.0f}s, cached, not counted below\n")


def _print_table(mine: list[dict], peers: list[dict], components: bool) -> None:
    peer_by_size = {p["size"]: p for p in peers}
    print(f"{'articles':>8} {'seconds':>8} {'peak MB':>8} {'analysis MB':>11} {'facts':>6}   "
          f"peer (whole product): seconds, peak MB, analysis MB, same story?")
    for row in mine:
        peer = peer_by_size.get(row["size"])
        also = (f"{peer['seconds']:>8.1f} {peer['peak_mb']:>8.0f} {peer['analysis_mb']:>8.0f}   "
                f"{'yes' if peer['digest'] == row['digest'] else 'NO'}"
                if peer else "")
        print(f"{row['size']:>8} {row['seconds']:>8.1f} {row['peak_mb']:>8.0f} {row['analysis_mb']:>11.0f} "
              f"{row['facts']:>6}   {also}")
        if components:
            print("         " + ", ".join(f"{k} {v:.0f} MB" for k, v in row["components"].items()))
    if len(mine) >= 2:
        print(f"\ngrowth exponent (log-log slope over {mine[0]['size']}-{mine[-1]['size']} articles): "
              f"analysis memory {growth(mine, 'analysis_mb'):.2f}, time {growth(mine, 'seconds'):.2f} "
              f"(1 = linear, 2 = quadratic)")
    if len(peers) >= 2:
        print(f"peer over {peers[0]['size']}-{peers[-1]['size']}: analysis memory "
              f"{growth(peers, 'analysis_mb'):.2f}, time {growth(peers, 'seconds'):.2f}")
    print("(shared machine: times are noisy; each size ran alone in its own process)")


if __name__ == "__main__":
    sys.exit(main())
