"""Latency of the web UI under concurrent clients: story page, list page and story API (p50/p95, errors).

The server (uvicorn, one process) runs on 127.0.0.1 only; clients are threads of this process, bounded by a
request count and a time limit.  The corpus is a store when ``--db`` is given; otherwise the sample corpus's
analysis replicated into ``--articles`` articles (copies of its stories under new ids, each a separate story,
text and analysis unchanged) served by the batch reader.  A static file is measured in the same run as the peer:
the server's floor on this machine at this moment (the machine is shared, so compare ratios).

    python benchmarks/web_latency.py [--articles 10000] [--clients 20] [--requests 400] [--db STORE]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TIME_LIMIT_SECONDS = 120  # per endpoint: the whole benchmark stays bounded on a busy machine


def replicated_corpus(articles: int):
    """The sample analysis copied until it holds ``articles`` articles, every copy its own story."""
    from storyfold.api import analyze
    from storyfold.model import Analysis
    from storyfold.report.memory import AnalysisCorpus
    from storyfold.settings import Settings

    base = analyze([str(REPO / "samples" / "corpus")], Settings(progress=False))
    result = Analysis()
    copies = max(1, articles // max(1, len(base.articles)))
    for n in range(copies):
        renamed = {a.id: f"{a.id}x{n}" for a in base.articles}
        for article in base.articles:
            clone = copy.copy(article)
            clone.id = renamed[article.id]
            clone.duplicate_of = renamed.get(article.duplicate_of) if article.duplicate_of else None
            result.articles.append(clone)
        for story in base.stories:
            clone = copy.deepcopy(story)
            clone.id = f"{story.id}x{n}"
            clone.articles = [renamed[i] for i in story.articles]
            for record in [*clone.summary, *clone.facts, *clone.quotes, *clone.timeline]:
                record.sources = [renamed.get(i, i) for i in record.sources]
                for ev in record.evidence:
                    ev.article = renamed.get(ev.article, ev.article)
            result.stories.append(clone)
    return AnalysisCorpus(result), max(base.stories, key=lambda s: len(s.articles)).id + "x0"


def measure(url: str | list[str], clients: int, requests: int) -> dict:
    """Latency of GETs by ``clients`` threads; a list of URLs is requested round-robin (cache misses)."""
    import itertools

    import httpx

    urls = itertools.cycle([url] if isinstance(url, str) else url)

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT_SECONDS

    def worker(count: int) -> None:
        nonlocal errors
        with httpx.Client(timeout=30) as client:
            for _ in range(count):
                if time.monotonic() > deadline:
                    return
                with lock:
                    target = next(urls)
                started = time.perf_counter()
                try:
                    ok = client.get(target).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors += not ok

    per_client = max(1, requests // clients)
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, [per_client] * clients))
    latencies.sort()
    return {"n": len(latencies), "errors": errors, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000}


def build_app(args: argparse.Namespace):
    """The app over a store (``--db``) or the replicated corpus; with a label and the story to request."""
    from storyfold.web.app import create_app

    if args.db:
        from storyfold.store import Store

        with Store.open(args.db, readonly=True) as store:
            rows = store.list_stories(limit=200)
            story_id = max(rows, key=lambda r: len(r["articles"]))["id"] if rows else "none"
            count = store.count_stories()
        return create_app(lambda: Store.open(args.db, readonly=True)), f"store {args.db}", story_id, count
    reader, story_id = replicated_corpus(args.articles)
    label = f"batch reader over the sample corpus replicated to {len(reader.analysis.articles)} articles"
    return create_app(reader), label, story_id, reader.count_stories()


def serve(args: argparse.Namespace) -> None:
    """Child process: build the corpus, say what it serves on stdout, then serve on loopback."""
    import uvicorn

    app, label, story_id, count = build_app(args)
    ids = ",".join(r["id"] for r in app.state.readers.get().list_stories(limit=args.requests, offset=8))
    print(f"READY\t{label}\t{story_id}\t{count}\t{ids}", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=args.serve, log_level="warning")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--db", type=Path, default=None, help="a store to serve instead of the replicated corpus")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args)
        return
    import subprocess

    from tests.web.browser import free_port

    port = free_port()
    child_args = [sys.executable, __file__, "--serve", str(port), "--articles", str(args.articles)]
    child_args += ["--db", str(args.db)] if args.db else []
    child = subprocess.Popen(child_args, stdout=subprocess.PIPE, text=True)
    try:
        _, label, story_id, count, ids = child.stdout.readline().rstrip("\n").split("\t")
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        print(f"{label}: {count} stories; server in its own process; {args.clients} concurrent clients, "
              f"{args.requests} requests per endpoint")
        endpoints = {"static file (peer)": "/static/app.css", "story page": f"/stories/{story_id}",
                     "story page, a different story each time (uncached)": [f"/stories/{i}" for i in ids.split(",")],
                     "list page": "/", "story API": f"/api/stories/{story_id}"}
        print("| endpoint | requests | errors | p50 (ms) | p95 (ms) |\n|---|---|---|---|---|")
        for name, path in endpoints.items():
            target = [base + p for p in path] if isinstance(path, list) else base + path
            if isinstance(path, str):
                measure(target, 2, 10)  # warm-up (not for the uncached list: it must stay cold)
            r = measure(target, args.clients, args.requests)
            print(f"| {name} | {r['n']} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} |", flush=True)
    finally:
        child.terminate()
        child.wait(timeout=20)


def _wait_for(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/static/app.css", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the benchmark server did not start")


if __name__ == "__main__":
    main()
