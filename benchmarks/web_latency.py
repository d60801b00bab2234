"""Latency of the web UI over a real store under concurrent clients: p50/p95 per page, errors, and peers.

The store holds ``--articles`` articles built from the real texts in ../shared/datasets (ECB+ articles and NeuS
leads, reworded and re-dated like a news stream, with planted wire copies: ``benchmarks/scale.py``'s corpus),
added through ``Store.add_articles`` in one batch, parsed with spaCy (the NLP cache under ``--cache-dir`` makes a
rebuild cheaper; ``--no-nlp`` uses the regex sentence splitter: a fast build, but its stories have no entities,
quotes, facts or timeline, so their pages are much lighter than real ones).  The store is built once and kept
under ``--cache-dir`` (reused while its size and NLP choice match); ``--db`` serves an existing store instead.

The server (uvicorn, 127.0.0.1 only) runs three times: in one process as ``storyfold serve`` runs it (rendered
views cached for a few seconds), in one process with that cache off, so every request renders from the stored
analysis, and as ``storyfold serve --workers N`` (``--workers``, 2 by default: one process per core).  Clients
are threads of this process, bounded by a request count and a time limit.  Peers measured in the same run:

* a static file over the same server: the server's floor on this machine at this moment;
* the server process's CPU time per request (user + system, from psutil): what a request costs the server,
  much less sensitive than latency to what else the shared machine runs;
* in this process, with no HTTP: the raw ``SELECT analysis`` + ``json.loads`` of the same stories (what any page
  over the store must at least pay) and the full story view render (``story_view`` + template), per story.

The machine is shared: compare ratios within one run, not absolute times across runs.

    python benchmarks/web_latency.py [--articles 1000] [--clients 20] [--requests 400] [--no-nlp] [--db STORE]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
TIME_LIMIT_SECONDS = 120  # per endpoint: the whole benchmark stays bounded on a busy machine
CACHE_DIR = Path("/tmp/storyfold-bench-cache")  # outside the user's cache, shared with the other benchmarks
NO_NLP_MODEL = "storyfold-bench-no-spacy"  # a model name that does not exist: storyfold.nlp's regex fallback
SEARCH_WORDS = ("police", "earthquake", "killed", "president", "fire", "court", "election", "storm", "arrested",
                "company", "minister", "shooting", "hospital", "announced", "government", "protest")
PEER_STORIES = 200  # stories the in-process peers read and render


# ---------------------------------------------------------------------------------------------- the store

def store_path(args: argparse.Namespace) -> Path:
    return args.db or args.cache_dir / f"web-latency-{args.articles}{'-nlp' if args.nlp else ''}.db"


def ensure_store(args: argparse.Namespace) -> Path:
    """The store to serve: ``--db`` as given, else the cached benchmark store (built when missing)."""
    path = store_path(args)
    if args.db or _complete(path):
        return path
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(f"building a {args.articles}-article store at {path} (NLP {'spaCy' if args.nlp else 'off'}) ...",
          flush=True)
    build_store(path, args.articles, nlp=args.nlp, cache_dir=args.cache_dir)
    path.with_suffix(".done").write_text(str(args.articles))
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def _complete(path: Path) -> bool:
    """A cached store is reused only when its build finished (a killed build leaves no marker)."""
    return path.exists() and path.with_suffix(".done").exists()


def build_store(path: Path, size: int, *, nlp: bool, cache_dir: Path) -> None:
    """Add ``size`` realistic articles in one batch (one transaction, one story assignment)."""
    from scale import base_texts, build_corpus

    from storyfold.nlp import parse_articles
    from storyfold.settings import Settings
    from storyfold.store import Store

    rows = base_texts()
    if not rows:
        raise SystemExit("no datasets under ../shared/datasets: pass --db STORE instead")
    articles = build_corpus(size, rows)[0]  # (articles, planted copies, ...): only the articles are needed
    settings = Settings(progress=False, cache_dir=str(cache_dir), use_cache=nlp,
                        **({} if nlp else {"spacy_model": NO_NLP_MODEL}))
    parsed = parse_articles(articles, settings)
    with Store.open(path, settings=settings) as store:
        store.add_articles(articles, parsed)


# ---------------------------------------------------------------------------------------------- measuring

def measure(urls: list[str], clients: int, requests: int) -> dict:
    """Latency of GETs by ``clients`` threads, the URLs requested round-robin.

    Each thread keeps one ``http.client`` connection open (keep-alive, as a browser does): the standard
    library's client costs a fraction of httpx's CPU per request, and the clients share the machine's two
    cores with the server, so a heavier client would be measured as server latency.
    """
    targets = itertools.cycle(urls)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT_SECONDS

    def worker(count: int) -> None:
        nonlocal errors
        connection: http.client.HTTPConnection | None = None
        for _ in range(count):
            if time.monotonic() > deadline:
                break
            with lock:
                target = urlsplit(next(targets))
            started = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(target.netloc, timeout=30)
                connection.request("GET", f"{target.path}?{target.query}" if target.query else target.path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok, connection = False, None
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += not ok
        if connection is not None:
            connection.close()

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, [max(1, requests // clients)] * clients))
    return {"n": len(latencies), "errors": errors, **percentiles(latencies)}


def percentiles(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    if not ordered:
        return {"p50": float("nan"), "p95": float("nan")}
    return {"p50": statistics.median(ordered) * 1000, "p95": ordered[int(0.95 * (len(ordered) - 1))] * 1000}


def timed(calls: list[Callable[[], object]]) -> dict:
    """p50/p95 of each call once, in this process (no HTTP, no concurrency)."""
    seconds = []
    for call in calls:
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return {"n": len(seconds), "errors": 0, **percentiles(seconds)}


def in_process_peers(db: Path, story_ids: list[str]) -> dict[str, dict]:
    """The raw read of each story's analysis, and its full view render, without a server."""
    import json

    from storyfold.report.html import render_story_body
    from storyfold.store import Store

    with Store.open(db, readonly=True) as store:
        raw = timed([lambda i=i: json.loads(store.conn.execute(
            "SELECT analysis FROM stories WHERE id = ?", (i,)).fetchone()[0]) for i in story_ids])
        rendered = timed([lambda i=i: render_story_body(store, i) for i in story_ids])
    return {"peer: SELECT analysis + json.loads (in process)": raw,
            "peer: story view render, no HTTP (in process)": rendered}


# ---------------------------------------------------------------------------------------------- the server

def serve(args: argparse.Namespace) -> None:
    """Child process: serve the store on loopback (the view cache off with ``--no-view-cache``)."""
    import uvicorn

    from storyfold.store import Store
    from storyfold.web.app import create_app
    from storyfold.web.cache import ViewCache

    app = create_app(lambda: Store.open(args.db, readonly=True))
    if args.no_view_cache:
        app.state.cache = ViewCache(max_entries=0)
    uvicorn.run(app, host="127.0.0.1", port=args.serve, log_level="warning")


def run_server(db: Path, *, view_cache: bool, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """The server child: this file's ``--serve`` (one process), or with ``workers`` > 1 ``storyfold serve
    --workers`` itself (its view cache is always on)."""
    from tests.web.browser import free_port

    port = free_port()
    if workers > 1:
        command = [sys.executable, "-c", "from storyfold.cli import main; main()", "serve", "--db", str(db),
                   "--port", str(port), "--workers", str(workers)]
    else:
        command = [sys.executable, __file__, "--serve", str(port), "--db", str(db)]
        command += [] if view_cache else ["--no-view-cache"]
    child = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    _wait_for(base, child)
    return child, base


def server_cpu_seconds(server: psutil.Process) -> float:
    """User + system CPU of the server and its worker processes."""
    processes = [server, *server.children(recursive=True)]
    total = 0.0
    for process in processes:
        try:
            total += sum(process.cpu_times()[:2])
        except psutil.NoSuchProcess:
            continue
    return total


def _wait_for(base: str, child: subprocess.Popen) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        try:
            httpx.get(base + "/static/app.css", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    child.kill()
    raise SystemExit("the benchmark server did not start")


def endpoints(story_ids: list[str], article_ids: list[str], biggest: str, pages: int) -> dict[str, list[str]]:
    """Each measured endpoint as the URLs requested round-robin (a list of many: a different one each time)."""
    return {
        "static file (peer: server floor)": ["/static/app.css"],
        "list page, first page": ["/"],
        "list page, pages 1..N": [f"/?page={n}" for n in range(1, pages + 1)],
        "story page, the biggest story": [f"/stories/{biggest}"],
        "story page, a different story each time": [f"/stories/{i}" for i in story_ids],
        "story API, a different story each time": [f"/api/stories/{i}" for i in story_ids],
        "article API, a different article each time": [f"/api/articles/{i}" for i in article_ids],
        "search API, a different word each time": [f"/api/search?q={w}" for w in SEARCH_WORDS],
    }


def sample_ids(db: Path, count: int) -> tuple[list[str], list[str], str, int, int, int]:
    """Story ids (newest first), article ids, the biggest story, list pages, and the store's sizes."""
    from storyfold.store import Store
    from storyfold.web.stories import PAGE_SIZE

    with Store.open(db, readonly=True) as store:
        rows = store.list_stories(limit=100_000)
        articles = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    story_ids = [r["id"] for r in rows][:count]
    article_ids = [a for r in rows for a in r["articles"]][:count]
    biggest = max(rows, key=lambda r: len(r["articles"]))
    pages = max(1, min(50, -(-len(rows) // PAGE_SIZE)))
    return story_ids, article_ids, biggest["id"], pages, len(rows), articles


def run(args: argparse.Namespace) -> None:
    db = ensure_store(args)
    story_ids, article_ids, biggest, pages, stories, articles = sample_ids(db, args.requests)
    print(f"store {db}: {articles} articles, {stories} stories; server on 127.0.0.1 (one process, then --workers); "
          f"{args.clients} concurrent clients; up to {args.requests} requests per endpoint; machine shared, "
          "compare ratios\n")
    print("| endpoint | view cache | requests | errors | p50 (ms) | p95 (ms) | server CPU per request (ms) |\n"
          "|---|---|---|---|---|---|---|")
    runs = [(True, 1), (False, 1)] + ([(True, args.workers)] if args.workers > 1 else [])
    for view_cache, workers in runs:
        child, base = run_server(db, view_cache=view_cache, workers=workers)
        server = psutil.Process(child.pid)
        label = ("on" if view_cache else "off") + (f", {workers} workers" if workers > 1 else "")
        try:
            for name, paths in endpoints(story_ids, article_ids, biggest, pages).items():
                urls = [base + p for p in paths]
                if len(urls) == 1:
                    measure(urls, 2, 10)  # warm-up of a single URL (never of the many-URL runs: they stay cold)
                cpu = server_cpu_seconds(server)
                r = measure(urls, args.clients, args.requests)
                per_request = (server_cpu_seconds(server) - cpu) / max(1, r["n"]) * 1000
                print(f"| {name} | {label} | {r['n']} | {r['errors']} | {r['p50']:.1f} | "
                      f"{r['p95']:.1f} | {per_request:.2f} |", flush=True)
        finally:
            child.terminate()
            child.wait(timeout=20)
    for name, r in in_process_peers(db, story_ids[:PEER_STORIES]).items():
        print(f"| {name} | - | {r['n']} | 0 | {r['p50']:.2f} | {r['p95']:.2f} | - |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="size of the benchmark store (10000: the target)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    parser.add_argument("--db", type=Path, default=None, help="serve this existing store instead")
    parser.add_argument("--workers", type=int, default=2,
                        help="a third pass through `storyfold serve --workers N` (1: skip it)")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="where the built store is kept")
    parser.add_argument("--nlp", action=argparse.BooleanOptionalAction, default=True,
                        help="parse with spaCy when building (--no-nlp: the regex splitter, a fast build of a "
                             "store whose stories have no entities, quotes or facts)")
    parser.add_argument("--build-only", action="store_true", help="build (or find) the store and stop")
    parser.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-view-cache", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args)
    elif args.build_only:
        print(ensure_store(args))
    else:
        run(args)


if __name__ == "__main__":
    main()
