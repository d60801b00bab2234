"""Spark engine vs local engine on growing slices of real news (ECB+), side by side in one run.

Each (engine, size) runs in its own process with a fresh NLP cache, so neither engine reuses the other's
parses, and the process's peak memory (the driver's, for Spark; the JVM is a separate process) is its own.
On a 2-core machine Spark will not beat the local engine (a session starts in 10-15 s and every stage pays
task overhead); the figures to read are the ratio and how the driver's peak memory grows with the corpus.

    python benchmarks/spark_scale.py [--sizes 50 100 200] [--master local[2]]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus" / "topics"
DEFAULT_SIZES = (50, 100, 200)
DOCUMENT = re.compile(r"\d+_\d+ecb(plus)?\.json\.gz")  # not the mention and CoNLL files beside them


def document_files(limit: int) -> list[str]:
    """The first ``limit`` ECB+ document files, topic by topic (each file is one real news article)."""
    files = sorted(str(p) for p in DATASET.glob("*/*.json.gz") if DOCUMENT.match(p.name))
    return files[:limit]


def child(engine: str, size: int, master: str) -> dict:
    """One measured run in this process; returns its figures."""
    from storyfold.settings import Settings

    settings = Settings(progress=False, cache_dir=tempfile.mkdtemp(prefix="storyfold-spark-bench-"))
    paths = document_files(size)
    started = time.perf_counter()
    if engine == "spark":
        from storyfold.engines.spark import analyze_spark

        analysis = analyze_spark(paths, settings, master=master)
    else:
        from storyfold.api import analyze

        analysis = analyze(paths, settings)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"engine": engine, "size": len(paths), "articles": len(analysis.articles), "seconds": seconds,
            "stories": len(analysis.stories), "peak_mb": peak_mb,
            "copies": sum(a.duplicate_of is not None for a in analysis.articles)}


def measure(engine: str, size: int, master: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", engine, "--sizes", str(size), "--master", master],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--child", choices=("local", "spark"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not DATASET.is_dir():
        print(f"{DATASET} is not present; nothing to measure", file=sys.stderr)
        return 1
    if args.child:
        print(json.dumps(child(args.child, args.sizes[0], args.master)))
        return 0
    print("| articles | engine | seconds | articles/s | spark/local time | driver peak MB | stories | copies |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        local = measure("local", size, args.master)
        spark = measure("spark", size, args.master)
        for row in (local, spark):
            ratio = row["seconds"] / local["seconds"]
            print(f"| {row['articles']} | {row['engine']} | {row['seconds']:.1f} | "
                  f"{row['articles'] / row['seconds']:.1f} | {ratio:.2f} | {row['peak_mb']:.0f} | "
                  f"{row['stories']} | {row['copies']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
