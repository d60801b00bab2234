"""The web commands: ``serve`` (the web UI), ``report`` (one story as HTML or Markdown), ``outlets load``.

They read a store (``--db``) when the store is available, or a batch analysis of ``--corpus`` paths (no store:
pages are the same, history is empty, uploads re-run the batch analysis).
"""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from storyfold.cli.app import app
from storyfold.cli.common import check_output, reports_errors, stderr, write_output
from storyfold.errors import InputError, StoreError

outlets_app = typer.Typer(help="Outlet lenses: your own attributes of outlets (country, ownership, lean, ...).",
                          no_args_is_help=True)
app.add_typer(outlets_app, name="outlets")

DB_HELP = "Store file (default: $STORYFOLD_DB, else the per-user store)."
DbOption = Annotated[Path | None, typer.Option("--db", help=DB_HELP)]
CorpusOption = Annotated[list[str] | None, typer.Option("--corpus", help="Serve a batch analysis of these paths "
                                                                         "instead of a store.")]


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


def _store_class() -> Any:
    try:
        from storyfold.store import Store
    except ImportError as exc:
        raise StoreError("the store is not available in this installation", source="storyfold.store",
                         fix="use --corpus PATH to read a batch analysis instead") from exc
    return Store


def _open_store(db: Path | None, *, readonly: bool) -> Any:
    return _store_class().open(db, readonly=readonly)


# How `serve --workers N` hands its options to the worker processes: uvicorn starts each worker from an import
# string, so the app is rebuilt there by `worker_app` from these variables.
WORKER_DB_VARIABLE = "STORYFOLD_SERVE_DB"
WORKER_HOST_VARIABLE = "STORYFOLD_SERVE_HOST"
WORKER_UPLOADS_VARIABLE = "STORYFOLD_SERVE_UPLOADS"


@app.command()
@reports_errors
def serve(
    db: DbOption = None,
    corpus: CorpusOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_uploads: Annotated[bool, typer.Option("--allow-uploads", help="Let browsers add articles (always on "
                                                                        "when bound to loopback).")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Server processes over one store (each reads it on its own; "
                                                     "SQLite lets one of them write at a time).")] = 1,
) -> None:
    """Serve the web UI and the JSON API over a store (or a batch analysis with --corpus)."""
    import uvicorn

    if workers > 1:
        _serve_workers(db, corpus, host=host, port=port, allow_uploads=allow_uploads, workers=workers)
        return
    app_, closer = build_app(db, corpus, host=host, allow_uploads=allow_uploads)
    stderr.print(f"storyfold web UI on http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
    try:
        uvicorn.run(app_, host=host, port=port, log_level="warning")
    finally:
        closer()


def _serve_workers(db: Path | None, corpus: list[str] | None, *, host: str, port: int, allow_uploads: bool,
                   workers: int) -> None:
    """Several uvicorn worker processes, each building the app over the same store (see :func:`worker_app`)."""
    import os

    import uvicorn

    if corpus:
        raise InputError("--workers needs a store: each worker would redo the batch analysis of --corpus",
                         source="--workers", fix="add the corpus to a store (storyfold add) and serve it with --db")
    store = _open_store(db, readonly=False)  # found, checked and migrated once, before any worker starts
    path = Path(store.path)
    store.close()
    os.environ.update({WORKER_DB_VARIABLE: str(path), WORKER_HOST_VARIABLE: host,
                       WORKER_UPLOADS_VARIABLE: "1" if allow_uploads else ""})
    stderr.print(f"storyfold web UI on http://{host}:{port}/ ({workers} workers; Ctrl-C to stop)", highlight=False)
    uvicorn.run("storyfold.cli.web:worker_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def worker_app() -> Any:
    """The app of one `serve --workers` process, from the variables its parent set."""
    import os

    web, _close = build_app(Path(os.environ[WORKER_DB_VARIABLE]), None, host=os.environ[WORKER_HOST_VARIABLE],
                            allow_uploads=bool(os.environ.get(WORKER_UPLOADS_VARIABLE)))
    return web


def build_app(db: Path | None, corpus: list[str] | None, *, host: str, allow_uploads: bool) -> tuple[Any, Any]:
    """The FastAPI app over a store or a batch analysis, and a function that closes what it opened."""
    from storyfold.report.memory import RebuildingCorpus
    from storyfold.settings import Settings
    from storyfold.web.app import create_app, is_loopback

    uploads = allow_uploads or is_loopback(host)
    if corpus:
        folder = Path(tempfile.mkdtemp(prefix="storyfold-uploads-"))
        reader = RebuildingCorpus(corpus, Settings(progress=False), folder=folder)
        return create_app(reader, writer=reader, allow_uploads=uploads, upload_folder=folder), lambda: None
    writer = _open_store(db, readonly=False)
    path = Path(writer.path)
    web = create_app(lambda: _open_store(path, readonly=True), writer=writer, allow_uploads=uploads,
                     upload_folder=path.parent / "uploads")

    def close() -> None:
        web.state.readers.close()
        writer.close()

    return web, close


@app.command()
@reports_errors
def report(
    story: Annotated[str, typer.Argument(help="Story id (a merged-away id gives the surviving story).")],
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="html (one self-contained file) or md.")]
    = ReportFormat.html,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    db: DbOption = None,
    corpus: CorpusOption = None,
) -> None:
    """Write one story's report: self-contained HTML (no network) or Markdown."""
    check_output(output)
    reader = _batch_reader(corpus) if corpus else _open_store(db, readonly=True)
    try:
        write_output(story_report(reader, story, fmt), output)
    finally:
        getattr(reader, "close", lambda: None)()


def story_report(reader: Any, story: str, fmt: ReportFormat) -> str:
    from storyfold.report.html import render_story_report
    from storyfold.report.markdown import render_markdown
    from storyfold.report.memory import analysis_from_reader

    current = reader.resolve_story_id(story)
    if current is None:
        raise InputError("no such story", source=story, fix="list the stories with storyfold serve or /api/stories")
    if fmt is ReportFormat.html:
        record = reader.get_story(current)
        return render_story_report(reader, [current], title=record["title"] if record else "storyfold report")
    return render_markdown(analysis_from_reader(reader, [current]))


def _batch_reader(paths: list[str]) -> Any:
    from storyfold.api import analyze
    from storyfold.report.memory import AnalysisCorpus
    from storyfold.settings import Settings

    return AnalysisCorpus(analyze(paths, Settings(progress=False)))


@outlets_app.command("load")
@reports_errors
def outlets_load(
    file: Annotated[Path, typer.Argument(help="CSV (header: name or domain, then attribute columns) or JSON.")],
    db: DbOption = None,
) -> None:
    """Load your outlet attributes into the store; rows replace outlets of the same name."""
    from storyfold.lenses import load_outlets_file

    rows = load_outlets_file(file)
    store = _open_store(db, readonly=False)
    try:
        count = store.set_outlets(rows)
    finally:
        store.close()
    keys = sorted({k for r in rows for k in r["attributes"]})
    stderr.print(f"loaded {count} outlets ({', '.join(keys) or 'no attributes'}) from {file}", highlight=False)
