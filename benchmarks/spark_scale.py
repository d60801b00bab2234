"""Spark engine vs local engine on growing corpora of real news, side by side in one run.

The corpus of N articles: every ECB+ document, then every NeuS lead (real texts from ../shared/datasets),
then, beyond those 1,691 texts, rewrites of them (sentences rotated: a wire copy with its paragraphs
reordered, so dedup has real work).  The same records are written once as JSONL (read by the local engine)
and once as Parquet (read by the Spark engine, in row-group pieces spread over the tasks).

Each (engine, size) runs in its own process with a fresh NLP cache, so neither engine reuses the other's
parses and the process's peak memory (the Python driver's; the JVM is a separate process) is its own.
Spark's event log gives the task time per phase (core-seconds of executor work, whatever the parallelism)
and the shuffle bytes, which is what a cluster sizing needs.  On a 2-core machine Spark will not beat the
local engine (a session starts in 10-20 s and every phase pays task overhead): read the ratio, the task
seconds per article, and how the driver's memory and the shuffle grow with the corpus.

Engines: ``local``; ``spark`` (stories grouped in time blocks on the executors, the default); ``spark-global``
(``spark_block_days=0``: every grouping record collected and grouped on the driver, the engine before time
blocks), so the driver's peak of the two groupings can be compared in one run.  ``--spread-days N`` gives
the records publication dates over N days (each rewrite a day after its original; none by default), so
that blocking has more than one window to cut.

    python benchmarks/spark_scale.py [--sizes 500 1000 2000] [--master local[2]]
                                     [--engines local spark spark-global] [--spread-days 120]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DEFAULT_SIZES = (500, 1000, 2000)
# Parquet row group of the benchmark corpus: several pieces per core even at the smallest size.
ROW_GROUP = 100
PHASES = ("load", "dedup", "nlp", "stories", "output")
ENGINES = ("local", "spark", "spark-global")
FIRST_DAY = dt.date(2024, 1, 1)  # where --spread-days starts the publication dates


def real_texts() -> list[dict]:
    """(title, text) records of every ECB+ document and NeuS lead, in a fixed order."""
    from clustering import load_ecbplus, load_neus

    rows = []
    for loader in (load_ecbplus, load_neus):
        articles, _ = loader()
        rows += [{"title": a.title, "text": a.text, "url": f"https://{a.source}"} for a in articles if a.text]
    return rows


def corpus_records(size: int, spread_days: int = 0) -> list[dict]:
    """``size`` records: the real texts, then sentence-rotated rewrites of them.

    ``spread_days``: date the real texts evenly over that many days in their order (one topic's documents
    stay close) and each rewrite ``turn`` days after its original; 0 leaves every record undated.
    """
    base = real_texts()
    if spread_days:
        base = [{**record, "published": (FIRST_DAY + dt.timedelta(days=n * spread_days // len(base))).isoformat()}
                for n, record in enumerate(base)]
    records = base[:size]
    for extra in range(size - len(records)):
        record = base[extra % len(base)]
        sentences = record["text"].split(". ")
        turn = 1 + extra // len(base)
        text = ". ".join(sentences[turn % len(sentences):] + sentences[:turn % len(sentences)])
        rewrite = {**record, "text": text, "url": f"{record['url']}/rewrite-{turn}"}
        if spread_days:
            rewrite["published"] = (dt.date.fromisoformat(record["published"]) + dt.timedelta(days=turn)).isoformat()
        records.append(rewrite)
    return records


def write_corpus(size: int, folder: Path, spread_days: int = 0) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = corpus_records(size, spread_days)
    jsonl, parquet = folder / "corpus.jsonl", folder / "corpus.parquet"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    pq.write_table(pa.Table.from_pylist(records), parquet, row_group_size=ROW_GROUP)
    return jsonl, parquet


def child(engine: str, size: int, master: str, spread_days: int = 0) -> dict:
    """One measured run in this process; returns its figures."""
    from storyfold.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="storyfold-spark-bench-"))
    settings = Settings(progress=False, cache_dir=str(work / "cache"))
    if engine == "spark-global":
        settings = settings.replace(spark_block_days=0)
    jsonl, parquet = write_corpus(size, work, spread_days)
    started = time.perf_counter()
    if engine.startswith("spark"):
        summary, extra = spark_run(parquet, settings, master, work / "events", work / "tables")
        counts = {"articles": summary.articles, "stories": summary.stories, "copies": summary.copies}
        stats = summary.stats
    else:
        from storyfold.api import analyze

        analysis, extra = analyze([str(jsonl)], settings), {}
        counts = {"articles": len(analysis.articles), "stories": len(analysis.stories),
                  "copies": sum(a.duplicate_of is not None for a in analysis.articles)}
        stats = analysis.stats
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return {"engine": engine, "size": size, **counts, "seconds": seconds, "peak_mb": peak_mb,
            "phases": {s.name: s.seconds for s in stats}, **extra}


def spark_run(parquet: Path, settings, master: str, events: Path, tables: Path) -> tuple:
    """The Spark analysis into Parquet tables (nothing of the corpus collected), with an event log read back
    for task seconds per phase, shuffle bytes and the bytes the tasks sent to the driver."""
    from storyfold.engines.spark import parquet_spark, spark_session

    events.mkdir()
    session = spark_session(master, conf={"spark.eventLog.enabled": "true", "spark.eventLog.dir": events.as_uri(),
                                          "spark.eventLog.rolling.enabled": "false",  # one plain JSON-lines file
                                          "spark.eventLog.compress": "false"})
    try:
        summary = parquet_spark([str(parquet)], tables, settings, spark=session)
    finally:
        session.stop()  # closes the event log
    return summary, read_event_log(next(events.iterdir()))


def read_event_log(path: Path) -> dict:
    """Task run seconds and result bytes (sent to the driver) per phase (the engine names each phase's jobs
    by a job group), and shuffle bytes."""
    stage_phase: dict[int, str] = {}
    task_seconds: dict[str, float] = defaultdict(float)
    to_driver: dict[str, float] = defaultdict(float)
    shuffle = 0
    with path.open(encoding="utf-8") as log:
        for line in log:
            event = json.loads(line)
            kind = event.get("Event")
            if kind == "SparkListenerJobStart":
                phase = (event.get("Properties") or {}).get("spark.jobGroup.id", "other")
                stage_phase.update({stage: phase for stage in event.get("Stage IDs", [])})
            elif kind == "SparkListenerTaskEnd":
                metrics = event.get("Task Metrics") or {}
                phase = stage_phase.get(event.get("Stage ID"), "other")
                task_seconds[phase] += metrics.get("Executor Run Time", 0) / 1000
                to_driver[phase] += metrics.get("Result Size", 0) / 2**20
                shuffle += (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
    return {"task_seconds": dict(task_seconds), "to_driver_mb": dict(to_driver), "shuffle_mb": shuffle / 2**20}


def measure(engine: str, size: int, master: str, spread_days: int = 0) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", engine, "--sizes", str(size), "--master", master,
                          "--spread-days", str(spread_days)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def print_tables(rows: list[dict]) -> None:
    print("| articles | engine | seconds | articles/s | spark/local time | driver peak MB | shuffle MB "
          "| to driver MB | stories | copies |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    local_seconds = {r["size"]: r["seconds"] for r in rows if r["engine"] == "local"}
    for row in rows:
        shuffle = f"{row['shuffle_mb']:.1f}" if "shuffle_mb" in row else "-"
        to_driver = f"{sum(row['to_driver_mb'].values()):.1f}" if "to_driver_mb" in row else "-"
        print(f"| {row['articles']} | {row['engine']} | {row['seconds']:.1f} | {row['articles'] / row['seconds']:.1f} "
              f"| {row['seconds'] / local_seconds[row['size']]:.2f} | {row['peak_mb']:.0f} | {shuffle} "
              f"| {to_driver} | {row['stories']} | {row['copies']} |")
    print()
    print("Spark task time per article (core-milliseconds of executor work, from the event log):")
    print()
    print("| articles | engine | " + " | ".join(PHASES) + " | all tasks | local engine, wall ms per article |")
    print("|---:|---|" + "---:|" * (len(PHASES) + 2))
    for row in rows:
        if not row["engine"].startswith("spark"):
            continue
        per = {phase: 1000 * row["task_seconds"].get(phase, 0.0) / row["articles"] for phase in PHASES}
        total = 1000 * sum(row["task_seconds"].values()) / row["articles"]
        local_ms = 1000 * local_seconds[row["size"]] / row["articles"]
        print(f"| {row['articles']} | {row['engine']} | " + " | ".join(f"{per[p]:.1f}" for p in PHASES)
              + f" | {total:.1f} | {local_ms:.1f} |")
    print()
    print("What the tasks sent to the driver, KB per article (task result sizes, from the event log):")
    print()
    print("| articles | engine | " + " | ".join(PHASES) + " |")
    print("|---:|---|" + "---:|" * len(PHASES))
    for row in rows:
        if row["engine"].startswith("spark"):
            sent = {phase: 1024 * row["to_driver_mb"].get(phase, 0.0) / row["articles"] for phase in PHASES}
            print(f"| {row['articles']} | {row['engine']} | " + " | ".join(f"{sent[p]:.2f}" for p in PHASES) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=["local", "spark"],
                        help="local is always run first: the other rows' time ratio is to it")
    parser.add_argument("--spread-days", type=int, default=0, help="date the records over this many days")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (DATASETS / "ecbplus").is_dir():
        print(f"{DATASETS / 'ecbplus'} is not present; nothing to measure", file=sys.stderr)
        return 1
    if args.child:
        print(json.dumps(child(args.child, args.sizes[0], args.master, args.spread_days)))
        return 0
    engines = ["local"] + [engine for engine in args.engines if engine != "local"]
    rows = []
    for size in args.sizes:
        for engine in engines:
            rows.append(measure(engine, size, args.master, args.spread_days))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # raw figures, as they come
    print_tables(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
