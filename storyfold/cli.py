"""The `storyfold` command: parses options and hands over to the library API.

Nothing here decides anything about articles or stories; it only reads options,
calls :mod:`storyfold.api`, and writes what comes back.  stdout carries the
result (clean JSON with ``--format json``); progress and errors go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyfold import __version__
from storyfold.errors import InputError, StoryfoldError
from storyfold.settings import SETTINGS, Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news pages from many outlets into verified, cited stories.",
)
stderr = Console(stderr=True)


def _reports_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn a StoryfoldError (misuse: a missing path, a bad setting) into a clear message and exit 2."""

    @wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except StoryfoldError as exc:
            stderr.print(f"[red]error[/] [{exc.code}] {exc}", highlight=False)
            raise typer.Exit(2) from exc

    return wrapper


class OutputFormat(StrEnum):
    json = "json"
    md = "md"


def _parse_overrides(pairs: list[str] | None) -> dict[str, object]:
    """`--set name=value` pairs, with values typed like the setting's default."""
    defaults = {s.name: s.default for s in SETTINGS}
    overrides: dict[str, object] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise typer.BadParameter(f"{pair!r}: expected name=value")
        overrides[name] = _typed(name, value, defaults.get(name))
    return overrides


def _typed(name: str, value: str, default: object) -> object:
    """A command-line string as the setting's type; a clear error instead of a silent guess."""
    if isinstance(default, bool):
        truth = dict.fromkeys(("1", "true", "yes", "on"), True) | dict.fromkeys(("0", "false", "no", "off"), False)
        if value.lower() not in truth:
            raise typer.BadParameter(f"{name}: {value!r} is not a yes/no value (use true or false)")
        return truth[value.lower()]
    try:
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except ValueError:
        raise typer.BadParameter(f"{name}: {value!r} is not a number") from None
    return value


def _settings(pairs: list[str] | None, progress: bool) -> Settings:
    try:
        return Settings(**{"progress": progress, **_parse_overrides(pairs)})
    except (StoryfoldError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from exc


def _check_output(output: Path | None) -> None:
    """Fail before a long analysis, not after it, when the report cannot be written."""
    if output is not None and not output.parent.is_dir():
        raise InputError(f"cannot write the report: folder {output.parent} does not exist",
                         source=str(output), fix="create the folder or choose another --output path")


@contextmanager
def _progress_bar(enabled: bool):
    """A rich progress bar on stderr; yields the callback the API calls."""
    if not enabled or not stderr.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.description:<10}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(output)  # never leave a half-written report behind
    stderr.print(f"wrote {output}")


@app.command()
@_reports_errors
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
) -> None:
    """Ingest, clean, group into stories and analyse; print JSON (the contract) or Markdown."""
    from storyfold.api import analyze as run_analysis
    from storyfold.report import render_json, render_markdown

    settings = _settings(setting, progress)
    _check_output(output)
    with _progress_bar(settings.progress) as callback:
        analysis = run_analysis(paths, settings, progress=callback)
    text = render_json(analysis) if fmt is OutputFormat.json else render_markdown(analysis)
    _write(text, output)
    for entry in analysis.skipped:
        stderr.print(f"[yellow]skipped[/] {entry.source}: {entry.reason}", highlight=False)
    if not analysis.articles:
        stderr.print("[red]no article could be read from the given inputs[/]")
        raise typer.Exit(1)


@app.command()
@_reports_errors
def clean(
    path: Annotated[str, typer.Argument(help="One article: a file, or path#N for a record in a container.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print text and removed spans as JSON.")] = False,
    only_text: Annotated[bool, typer.Option("--text", help="Print only the cleaned text.")] = False,
) -> None:
    """Show one article's cleaned text with the removed spans marked and their reasons."""
    from storyfold.api import load_articles
    from storyfold.report.cleaning import render_cleaning

    base, _, record = path.partition("#") if not Path(path).exists() else (path, "", "")
    analysis = load_articles([base], Settings(progress=False))
    articles = [a for a in analysis.articles if not record or a.source == path]
    if not articles:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in analysis.skipped) or "no article found"
        stderr.print(f"[red]{path}: nothing to show[/] ({reasons})", highlight=False)
        raise typer.Exit(1)
    for article in articles:
        if as_json:
            from storyfold.report.json import article_to_dict

            sys.stdout.write(json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n")
        elif only_text:
            sys.stdout.write(article.text + "\n")
        else:
            render_cleaning(article, Console(highlight=False))


@app.command("eval")
@_reports_errors
def evaluate_command(
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = Path("samples/corpus"),
    gold: Annotated[Path, typer.Option(help="Gold annotations.")] = Path("samples/gold.json"),
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
) -> None:
    """Score every component against the hand-made gold of a corpus and print a table."""
    from storyfold.api import analyze as run_analysis
    from storyfold.evaluate import evaluate, format_table, load_gold
    from storyfold.report.json import analysis_to_dict

    analysis = run_analysis([str(corpus)], Settings(progress=False))
    scores = evaluate(analysis_to_dict(analysis), load_gold(gold), str(corpus))
    if as_json:
        sys.stdout.write(json.dumps({k: v.as_dict() for k, v in scores.items()}, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(scores) + "\n")


@app.command("settings")
def list_settings() -> None:
    """List every setting with its default and what it does."""
    table = Table("name", "default", "help")
    for s in SETTINGS:
        table.add_row(s.name, repr(s.default), s.help)
    Console().print(table)


@app.command()
def version() -> None:
    """Print the version."""
    sys.stdout.write(f"storyfold {__version__}\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
