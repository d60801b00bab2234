"""The store commands: add, stories, show, search, history, remove, check, export (thin over storyfold.store)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyfold.cli.app import app
from storyfold.cli.common import (
    ExitCode,
    progress_bar,
    report_skipped,
    reports_errors,
    settings_from_options,
    stderr,
    write_output,
)
from storyfold.cli.spark import DEFAULT_MASTER, MASTER_HELP, Engine, add_on_spark
from storyfold.corpus import MARK_END, MARK_START

DB_HELP = "Store file (else $STORYFOLD_DB, else the per-user default)."
DbOption = Annotated[Path | None, typer.Option("--db", help=DB_HELP)]


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ShowFormat(StrEnum):
    json = "json"
    md = "md"


def _open(db: Path | None, *, readonly: bool = False, settings: Any = None):
    from storyfold.store import Store

    store = Store.open(db, readonly=readonly, settings=settings)
    if store.migrated_from:
        stderr.print(f"migrated {escape(str(store.path))} from schema {store.migrated_from}", highlight=False)
    return store


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@app.command()
@reports_errors
def add(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
    engine: Annotated[Engine, typer.Option(help="local (this process) or spark (read, clean and parse as Spark "
                                                "tasks; the store adds each batch).")] = Engine.local,
    spark_master: Annotated[str, typer.Option("--spark-master", help=MASTER_HELP)] = DEFAULT_MASTER,
    report_file: Annotated[Path | None, typer.Option(
        "--report", help="Also write what happened to each input as JSON (status, article, story, reason).")] = None,
) -> None:
    """Add articles to the store: new ones join or start stories; the same file twice changes nothing.

    Exit code 0: every input added or already there; 1: some inputs skipped; 2: misuse; 3: the add failed.
    """
    settings = settings_from_options(setting, progress and engine is Engine.local)
    with _open(db, settings=settings) as store, progress_bar(settings.progress) as callback:
        if engine is Engine.spark:
            report = add_on_spark(paths, store, spark_master)
        else:
            report = store.add(paths, progress=callback)
    _print_add_summary(report)
    if report_file is not None:
        write_output(_json(_add_record(report)), report_file)
    if report_skipped(report.skipped):
        raise typer.Exit(ExitCode.SKIPPED)


def _add_record(report: Any) -> dict[str, Any]:
    """The --report JSON: the counts of the summary, then one row per input (skipped ones with their reason)."""
    return {**report.counts(), "seconds": round(report.seconds, 3), "files": report.files}


def _print_add_summary(report: Any) -> None:
    table = Table(show_header=False, box=None, title="storyfold add")
    for label, value in (("added", report.added), ("duplicates", report.duplicates),
                         ("already in the store", report.unchanged), ("skipped", len(report.skipped)),
                         ("stories created", report.stories_created), ("stories grown", report.stories_grown),
                         ("stories merged", report.stories_merged),
                         ("stories re-analysed", report.stories_reanalysed), ("time", f"{report.seconds:.1f} s")):
        table.add_row(label, str(value))
    stderr.print(table)


@app.command()
@reports_errors
def stories(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Only stories published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only stories published on or before YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only stories this outlet covered.")] = None,
    min_sources: Annotated[int | None, typer.Option(help="At least N independent sources.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    limit: Annotated[int, typer.Option(help="At most N stories.")] = 50,
) -> None:
    """List stories in the store, newest first."""
    with _open(db, readonly=True) as store:
        rows = store.list_stories(since=since, until=until, outlet=outlet, min_sources=min_sources, limit=limit)
    if fmt is ListFormat.json:
        write_output(_json(rows), None)
        return
    table = Table("id", "last published", "sources", "articles", "title")
    for row in rows:
        table.add_row(row["id"], row["last_published"] or "-", str(row["independent_sources"]),
                      str(len(row["articles"])), escape(row["title"]))
    Console().print(table)


@app.command()
@reports_errors
def show(
    story: Annotated[str, typer.Argument(help="Story id (a merged-away id shows the surviving story).")],
    db: DbOption = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.json,
    changes: Annotated[bool, typer.Option("--changes", help="Show the story's history instead.")] = False,
) -> None:
    """One story's analysis (the contract's story shape), or its history with --changes."""
    with _open(db, readonly=True) as store:
        record = store.get_story(story)
        if record is None:
            _unknown_story(story)
        if changes:
            _print_history(store.story_history(story))
            return
        if fmt is ShowFormat.json:
            text = _json(record)
        else:  # the same Markdown renderer as `storyfold report --format md` and `analyze --format md`
            from storyfold.report.markdown import render_markdown
            from storyfold.report.memory import analysis_from_reader

            text = render_markdown(analysis_from_reader(store, [record["id"]]))
    write_output(text, None)


def _unknown_story(story: str) -> None:
    stderr.print(f"[red]error[/] no story {escape(story)} in this store (see `storyfold stories`)", highlight=False)
    raise typer.Exit(ExitCode.MISUSE)


@app.command()
@reports_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to find in article titles/text and story titles/entities.")],
    db: DbOption = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    limit: Annotated[int, typer.Option(help="At most N hits.")] = 20,
) -> None:
    """Full-text search over the store, best first, with highlighted snippets."""
    with _open(db, readonly=True) as store:
        hits = store.search(query, limit=limit)
    if fmt is ListFormat.json:
        write_output(_json(hits), None)
        return
    table = Table("kind", "id", "title", "snippet")
    for hit in hits:
        snippet = escape(hit["snippet"]).replace(MARK_START, "[bold yellow]").replace(MARK_END, "[/]")
        table.add_row(hit["kind"], hit["id"], escape(hit["title"]), snippet)
    Console().print(table)


@app.command()
@reports_errors
def history(story: Annotated[str, typer.Argument(help="Story id.")], db: DbOption = None) -> None:
    """What changed in a story and when: articles joined, facts gaining sources, discrepancies, merges."""
    with _open(db, readonly=True) as store:
        if store.resolve_story_id(story) is None:
            _unknown_story(story)
        _print_history(store.story_history(story))


def _print_history(events: list[dict]) -> None:
    table = Table("at", "story", "what", "detail")
    for event in events:
        detail = ", ".join(f"{k}={v}" for k, v in event["detail"].items() if not isinstance(v, list)) or \
            ", ".join(f"{k}: {len(v)}" for k, v in event["detail"].items())
        table.add_row(event["at"], event["story"], event["kind"], escape(detail))
    Console().print(table)


@app.command()
@reports_errors
def remove(articles: Annotated[list[str], typer.Argument(help="Article ids.")], db: DbOption = None) -> None:
    """Remove articles from the store; their stories are re-analysed."""
    with _open(db) as store:
        report = store.remove(articles)
    stderr.print(f"removed {report.removed}; stories re-analysed {report.stories_reanalysed}")
    if report_skipped(report.skipped):
        raise typer.Exit(ExitCode.SKIPPED)


@app.command()
@reports_errors
def check(db: DbOption = None) -> None:
    """SQLite integrity and storyfold's invariants (sources exist, evidence offsets match, one story each)."""
    with _open(db, readonly=True) as store:
        found = store.check()
    for problem in found:
        stderr.print(f"[red]problem[/] {escape(problem)}", highlight=False)
    if found:
        raise typer.Exit(ExitCode.FAILED)
    stderr.print(f"ok: {escape(str(store.path))} is consistent", highlight=False)


class ExportFormat(StrEnum):
    jsonl = "jsonl"


@app.command()
@reports_errors
def export(
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
) -> None:
    """Write the store out as contract JSON lines (articles, then stories)."""
    import io

    with _open(db, readonly=True) as store:
        buffer = io.StringIO()
        store.export_jsonl(buffer)
    if output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        write_output(buffer.getvalue().rstrip("\n"), output)
