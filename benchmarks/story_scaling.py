"""How story analysis grows with the number of articles in one story (5, 50, 200).

Larger stories are made from real base articles (the sample corpus's largest
story, else the shared seeds) by rewording copies: synonym swaps, dropped and
reordered paragraphs, respelt names, so they are neither exact duplicates nor
free of the overlaps real coverage has.  Per-article NLP is timed once
(into a fresh cache) and reported separately; then
``storyfold.analyze.analyze_story`` is timed per size, component by component,
and the log-log slope of time against size is compared with n log n.

    python benchmarks/story_scaling.py [--sizes 5 50 200]
"""

from __future__ import annotations

import argparse
import importlib
import math
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from storyfold.analyze import StoryContext, analyze_story
from storyfold.model import Article, stable_id
from storyfold.nlp import parse_articles
from storyfold.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "samples" / "corpus"
SEEDS = REPO.parent / "shared" / "seeds"
# The package re-exports a function named ``analyze``, which hides the subpackage attribute.
analyze_module = importlib.import_module("storyfold.analyze")
COMPONENTS = ("mark_on_topic", "find_entities", "align_facts", "find_quotes", "build_timeline",
              "find_discrepancies", "summarize", "find_exclusives")
# Rewording rates: enough change that copies are distinct texts, little enough to stay on the story.
DROP_PARAGRAPH = 0.15
SWAP_PARAGRAPHS = 0.3
RESPELL_NAME = 0.3
SYNONYM_RATE = 0.5
# Timings repeat and keep the fastest, so one scheduling hiccup does not skew the slope.
REPEATS = 2
# A slope this much above n log n's over the same sizes is flagged as super-linearithmic.
SLOPE_MARGIN = 0.1
SYNONYMS = {"said": "stated", "told": "informed", "killed": "left dead", "people": "persons",
            "attack": "assault", "president": "head of state", "officials": "authorities",
            "forces": "troops", "according to": "citing",
            "also": "additionally", "However": "Still", "after": "following", "large": "big"}
_CAPITALISED = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{4,}")
_RESPELLINGS = ((r"y\b", "iy"), (r"k", "c"), (r"ch", "tch"), (r"i", "y"), (r"([aeiou])([lnrst])", r"\1\2\2"))


def base_articles(settings: Settings) -> list[Article]:
    """The largest story of the sample corpus through the real pipeline, else the seeds as given."""
    from storyfold.api import load_articles
    from storyfold.cluster import cluster_stories

    for folder in (CORPUS, SEEDS):
        if not folder.is_dir():
            continue
        loaded = load_articles([folder], settings).articles
        if len(loaded) >= 3:
            groups = cluster_stories(loaded, parse_articles(loaded, settings), settings)
            return groups[0].articles
    print("(the pipeline loaded no articles: using the raw seed texts unchanged)", file=sys.stderr)
    return [_raw_article(p) for p in sorted(SEEDS.glob("*.txt"))]


def _raw_article(path: Path) -> Article:
    text = path.read_text("utf-8")
    return Article(id=stable_id(str(path), text), source=str(path), raw=text, text=text,
                   outlet=path.stem, language="en")


def reword(article: Article, variant: int) -> Article:
    """A deterministic reworded copy: synonyms, paragraph drops and swaps, respelt names."""
    rng = random.Random(f"{article.id}:{variant}")
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    kept = [p for p in paragraphs if rng.random() > DROP_PARAGRAPH] or paragraphs[:1]
    for i in range(len(kept) - 1):
        if rng.random() < SWAP_PARAGRAPHS:
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
    text = "\n\n".join(kept)
    for word, synonym in SYNONYMS.items():
        if rng.random() < SYNONYM_RATE:
            text = re.sub(rf"\b{re.escape(word)}\b", synonym, text)
    text = _respell_names(text, rng)
    source = f"{article.source}#variant{variant}"
    return Article(id=stable_id(source, text), source=source, raw=text, text=text,
                   outlet=f"{article.outlet or 'outlet'} {variant}", published=article.published,
                   title=article.title, language=article.language)


def _respell_names(text: str, rng: random.Random) -> str:
    names = sorted(set(_CAPITALISED.findall(text)))
    for name in names:
        if rng.random() < RESPELL_NAME:
            pattern, replacement = rng.choice(_RESPELLINGS)
            text = re.sub(rf"\b{name}\b", re.sub(pattern, replacement, name, count=1), text)
    return text


def story_of(base: list[Article], size: int,
             rewrite: Callable[[Article, int], Article] | None = None) -> list[Article]:
    """``size`` articles: the originals first, then copies reworded by ``rewrite`` (``reword``) in turn."""
    rewrite = rewrite or reword
    articles = list(base[:size])
    variant = 0
    while len(articles) < size:
        articles.append(rewrite(base[variant % len(base)], variant // len(base) + 1))
        variant += 1
    return articles


def timed_components() -> dict[str, float]:
    """Wrap the components analyze_story calls, so their time is added up per name."""
    totals: dict[str, float] = defaultdict(float)
    for name in COMPONENTS:
        original = getattr(analyze_module, name)

        def wrapper(ctx, _original=original, _name=name):
            started = time.perf_counter()
            try:
                return _original(ctx)
            finally:
                totals[_name] += time.perf_counter() - started

        wrapper.__name__ = name
        setattr(analyze_module, name, wrapper)
    return totals


def time_analysis(articles: list[Article], parsed: dict, settings: Settings, totals: dict) -> float:
    """Fastest of REPEATS runs; ``totals`` keeps that run's per-component times."""
    best, best_totals = math.inf, {}
    for _ in range(REPEATS):
        totals.clear()
        ctx = StoryContext("bench", articles, parsed, settings)
        started = time.perf_counter()
        analyze_story(ctx, "benchmark story")
        took = time.perf_counter() - started
        if took < best:
            best, best_totals = took, dict(totals)
    totals.clear()
    totals.update(best_totals)
    return best


def slope(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) against log(size)."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(max(s, 1e-6)) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 50, 200])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=cache, progress=False)
        base = base_articles(settings)
        largest = story_of(base, max(args.sizes))
        started = time.perf_counter()
        parsed = parse_articles(largest, settings)
        nlp_seconds = time.perf_counter() - started
        words = sum(len(a.text.split()) for a in largest)
        print(f"base: {len(base)} articles; per-article NLP for {len(largest)} articles ({words} words): "
              f"{nlp_seconds:.1f}s ({words / nlp_seconds:.0f} words/s), cached, not counted below\n")
        totals = timed_components()
        print(f"{'articles':>8} {'analyze s':>10} {'ms/article':>10}  slowest components")
        seconds = []
        for size in args.sizes:
            took = time_analysis(largest[:size], parsed, settings, totals)
            seconds.append(took)
            top = sorted(totals.items(), key=lambda kv: -kv[1])[:3]
            parts = ", ".join(f"{name} {sec:.2f}s" for name, sec in top)
            print(f"{size:>8} {took:>10.2f} {1000 * took / size:>10.1f}  {parts}")
    report_growth(args.sizes, seconds)
    return 0


def report_growth(sizes: list[int], seconds: list[float]) -> None:
    if len(sizes) < 2:
        return
    measured = slope(sizes, seconds)
    reference = slope(sizes, [n * math.log(n) for n in sizes])
    verdict = "WORSE than n log n" if measured > reference + SLOPE_MARGIN else "within n log n"
    print(f"\ngrowth exponent (log-log slope): {measured:.2f}; n log n over these sizes: {reference:.2f} "
          f"-> {verdict}")


if __name__ == "__main__":
    sys.exit(main())
