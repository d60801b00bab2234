"""Story clustering on ECB+: storyfold against a plain TF-IDF peer, in one run.

ECB+ (../shared/datasets/ecbplus) groups real news articles by event: each
``topics/<T>ecb`` and ``topics/<T>ecbplus`` folder is one gold story, and the two
folders of a topic are two *similar* events (two earthquakes, two shootings), so a
clusterer must keep one event's coverage together and still split its twin.

Reports B-cubed precision / recall / F1 and the adjusted Rand index for
``storyfold.cluster.cluster_stories`` (batch), for ``storyfold.stories.StoryIndex``
(incremental: articles added one by one in a shuffled fixed-seed order) and for the
peer (TF-IDF cosine + average-linkage agglomerative clustering at a fixed threshold,
tuned the same way).  ECB+ has no dates, so the date-proximity term is neutral here.

The second set is NeuS (../shared/datasets/neus-allsides-val): each line is one story
told by three outlets as a short undated headline + lead (gold story = line); it holds
recurring events (weekly reports, one more ruling in a long case) that must not merge.

    python benchmarks/clustering.py [--limit-topics N] [--sweep] [--no-neus]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from storyfold.cluster import cluster_stories
from storyfold.model import Article, stable_id
from storyfold.nlp import parse_articles
from storyfold.settings import Settings
from storyfold.stories import MemoryIndexBackend, MemorySource, StoryIndex

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus" / "topics"
NEUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "neus-allsides-val" / "val.source"
SHUFFLE_SEED = 7  # fixed order of the incremental run
INCREMENTAL_BATCHES = (1, 50)  # articles per add: one by one (the hardest case), and daily-feed sized adds
# A cache outside the user's, so benchmark runs never mix with real analyses.
CACHE_DIR = "/tmp/storyfold-bench-cache"
# The peer's cosine threshold: its best B-cubed F1 in the --sweep below, on topics 1-35.
PEER_THRESHOLD = 0.20
SWEEP = (0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22, 0.25, 0.28, 0.32)


def load_ecbplus(limit_topics: int | None = None) -> tuple[list[Article], list[str]]:
    """Articles (title + text) and their gold story label (the folder name)."""
    articles: list[Article] = []
    gold: list[str] = []
    folders = sorted(p for p in DATASET.iterdir() if p.is_dir())
    if limit_topics:
        wanted = {str(t) for t in range(1, limit_topics + 1)}
        folders = [f for f in folders if f.name.rstrip("ecbplus").rstrip("ecb") in wanted]
    for folder in folders:
        found = ecbplus_folder(folder)
        articles += found
        gold += [folder.name] * len(found)
    return articles, gold


def ecbplus_folder(folder: Path, *, outlet_from_file: bool = False) -> list[Article]:
    """The articles of one ECB+ topic folder (one gold event), in file order."""
    articles = []
    for path in sorted(folder.glob("*.json.gz")):
        if "mentions" in path.name:
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            record = json.load(handle)
        text = record["text"].strip()
        source = f"ecbplus/{folder.name}/{path.name}"
        articles.append(Article(id=stable_id(source, text), source=source, raw=text, text=text,
                                title=record.get("title") or None, language="en",
                                outlet=path.stem if outlet_from_file else None))
    return articles


def load_neus() -> tuple[list[Article], list[str]]:
    """Every outlet's headline + lead of the NeuS val set; gold story = its line number."""
    articles: list[Article] = []
    gold: list[str] = []
    for number, line in enumerate(NEUS.read_text("utf-8").splitlines()):
        for part, chunk in enumerate(line.split("[SEP]")):
            title, _, lead = chunk.partition("ARTICLE=>")
            title = title.replace("TITLE=>", "").strip()
            text = lead.strip()
            if not text:
                continue
            source = f"neus/{number}/{part}"
            articles.append(Article(id=stable_id(source, text), source=source, raw=text, text=text,
                                    title=title or None, language="en"))
            gold.append(str(number))
    return articles, gold


def incremental_labels(articles: list[Article], parsed: dict, settings: Settings, batch: int = 1) -> list[int]:
    """Add articles ``batch`` at a time in a shuffled fixed-seed order; labels by final story."""
    source = MemorySource()
    index = StoryIndex(MemoryIndexBackend(), source, settings)
    order = list(range(len(articles)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    for start in range(0, len(order), batch):
        step = [articles[i] for i in order[start : start + batch]]
        source.put(step, parsed)
        index.add(step, parsed)
    stories: dict[str, int] = {}
    return [stories.setdefault(index.story_of(a.id) or a.id, len(stories)) for a in articles]


def largest_cluster(gold: list[str], labels: list[int]) -> str:
    """Size of the largest predicted story and how many gold stories it mixes."""
    sizes = Counter(labels)
    label, size = sizes.most_common(1)[0]
    mixed = len({g for g, lab in zip(gold, labels, strict=True) if lab == label})
    return f"largest {size} articles from {mixed} gold stories"


def bcubed(gold: list[str], predicted: list[int]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_size = Counter(gold)
    pred_size = Counter(predicted)
    precision = sum(n * n / pred_size[p] for (_, p), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, _), n in pairs.items()) / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def peer_labels(articles: list[Article], threshold: float) -> list[int]:
    """The peer: TF-IDF of title + text, cosine, average linkage, fixed threshold."""
    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distance = 1.0 - (matrix @ matrix.T).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold)
    return model.fit_predict(np.clip(distance, 0.0, None)).tolist()


def storyfold_labels(articles: list[Article], parsed: dict, settings: Settings) -> list[int]:
    groups = cluster_stories(articles, parsed, settings)
    label = {a.id: n for n, g in enumerate(groups) for a in g.articles}
    return [label[a.id] for a in articles]


def score_row(name: str, gold: list[str], labels: list[int], seconds: float) -> str:
    p, r, f = bcubed(gold, labels)
    ari = adjusted_rand_score(gold, labels)
    return f"{name:<40} {p:6.3f} {r:6.3f} {f:6.3f} {ari:6.3f} {len(set(labels)):5d} {seconds:7.2f}"


def evaluate(name: str, articles: list[Article], gold: list[str], settings: Settings, sweep: bool) -> None:
    """One table: batch, incremental, the peer and two trivial baselines on one data set."""
    started = time.perf_counter()
    parsed = parse_articles(articles, settings)
    print(f"\n## {name}: {len(articles)} articles, {len(set(gold))} gold stories; "
          f"NLP {time.perf_counter() - started:.1f}s (cached per article)\n")
    print(f"{'system':<40} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6} {'#clu':>5} {'secs':>7}")
    ours = [settings.story_similarity_threshold] + (list(SWEEP) if sweep else [])
    for threshold in ours:
        started = time.perf_counter()
        labels = storyfold_labels(articles, parsed, settings.replace(story_similarity_threshold=threshold))
        print(score_row(f"storyfold batch (threshold {threshold:.2f})", gold, labels, time.perf_counter() - started))
    for batch in INCREMENTAL_BATCHES:
        started = time.perf_counter()
        labels = incremental_labels(articles, parsed, settings, batch)
        name = "one by one" if batch == 1 else f"{batch} at a time"
        print(score_row(f"storyfold incremental ({name}, shuffled)", gold, labels, time.perf_counter() - started))
        print(f"  incremental: {largest_cluster(gold, labels)}")
    for threshold in [PEER_THRESHOLD] + (list(SWEEP) if sweep else []):
        started = time.perf_counter()
        labels = peer_labels(articles, threshold)
        print(score_row(f"TF-IDF+avg-link (threshold {threshold:.2f})", gold, labels,
                        time.perf_counter() - started))
    print(score_row("baseline: every article alone", gold, list(range(len(articles))), 0.0))
    print(score_row("baseline: one cluster", gold, [0] * len(articles), 0.0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-topics", type=int, default=35, help="ECB+ topics 1..N (default 35)")
    parser.add_argument("--sweep", action="store_true", help="also sweep both thresholds")
    parser.add_argument("--no-neus", action="store_true", help="skip the NeuS val set")
    args = parser.parse_args(argv)
    if not DATASET.is_dir():
        print(f"ECB+ not found at {DATASET}", file=sys.stderr)
        return 1
    settings = Settings(cache_dir=CACHE_DIR, progress=False)
    articles, gold = load_ecbplus(args.limit_topics)
    evaluate("ECB+", articles, gold, settings, args.sweep)
    if NEUS.is_file() and not args.no_neus:
        articles, gold = load_neus()
        evaluate("NeuS val (short undated leads)", articles, gold, settings, args.sweep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
