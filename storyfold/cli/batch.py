"""The batch commands: analyze a set of inputs in one run, show one article's cleaning, evaluate, settings."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyfold import __version__
from storyfold.cli.app import app
from storyfold.cli.common import (
    ExitCode,
    OutputFormat,
    check_output,
    progress_bar,
    report_skipped,
    reports_errors,
    settings_from_options,
    stderr,
    write_output,
)
from storyfold.cli.spark import (
    DEFAULT_MASTER,
    MASTER_HELP,
    Engine,
    run_on_spark,
    stream_json_on_spark,
    write_parquet_output,
)
from storyfold.errors import InputError
from storyfold.model import Skipped
from storyfold.settings import SETTINGS, Settings


@app.command()
@reports_errors
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
    engine: Annotated[Engine, typer.Option(help="local (this process) or spark (Apache Spark; also reads "
                                                "Parquet article rows).")] = Engine.local,
    spark_master: Annotated[str, typer.Option("--spark-master", help=MASTER_HELP)] = DEFAULT_MASTER,
    parquet: Annotated[Path | None, typer.Option("--parquet", help="Also write the result as Parquet tables "
                                                                   "in DIR (for `storyfold import`).")] = None,
) -> None:
    """Ingest, clean, group into stories and analyse; print JSON (the contract) or Markdown.

    Exit code 0: every input read; 1: some inputs skipped (listed on stderr, the result is still written);
    2: misuse; 3: the run failed.
    """
    from storyfold.api import analyze as run_analysis
    from storyfold.report import render_json, render_markdown

    settings = settings_from_options(setting, progress and engine is Engine.local)
    check_output(output)
    if engine is Engine.spark and fmt is OutputFormat.json:  # streamed: the driver never holds the analysis
        summary = stream_json_on_spark(paths, settings, spark_master, parquet, output)
        _exit_status(summary.skipped, summary.articles)
        return
    if engine is Engine.spark:
        analysis = run_on_spark(paths, settings, spark_master, parquet)
    else:
        with progress_bar(settings.progress) as callback:
            analysis = run_analysis(paths, settings, progress=callback)
        if parquet is not None:
            write_parquet_output(analysis, parquet)
    if fmt is OutputFormat.html:
        from storyfold.report.html import render_analysis_html

        text = render_analysis_html(analysis)
    else:
        text = render_json(analysis) if fmt is OutputFormat.json else render_markdown(analysis)
    write_output(text, output)
    _exit_status(analysis.skipped, len(analysis.articles))


def _exit_status(skipped_inputs: list[Skipped], articles: int) -> None:
    """List the skipped inputs on stderr; exit 1 when any, or when no article could be read."""
    skipped = report_skipped(skipped_inputs)
    if not articles:
        stderr.print("[red]no article could be read from the given inputs[/]")
    if skipped or not articles:
        raise typer.Exit(ExitCode.SKIPPED)


@app.command()
@reports_errors
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
        report_skipped(analysis.skipped)
        stderr.print(f"[red]{escape(path)}: nothing to show[/]", highlight=False)
        raise typer.Exit(ExitCode.SKIPPED)
    for article in articles:
        if as_json:
            from storyfold.report.json import article_to_dict

            sys.stdout.write(json.dumps(article_to_dict(article), ensure_ascii=False, indent=2) + "\n")
        elif only_text:
            sys.stdout.write(article.text + "\n")
        else:
            render_cleaning(article, Console(highlight=False))


@app.command("eval")
@reports_errors
def evaluate_command(
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder (default: the bundled samples/corpus).")] = None,
    gold: Annotated[Path | None, typer.Option(help="Gold annotations (default: samples/gold.json).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    judged: Annotated[bool, typer.Option(help="Also score judged precision on real articles (ECB+ in "
                                              "../shared/datasets; skipped when absent).")] = True,
) -> None:
    """Score every component against the hand-made gold of a corpus and print a table."""
    from storyfold.api import analyze as run_analysis
    from storyfold.evaluate import evaluate, format_table, load_gold
    from storyfold.report.json import analysis_to_dict

    corpus = corpus or _bundled_samples() / "corpus"
    gold = gold or _bundled_samples() / "gold.json"
    analysis = run_analysis([str(corpus)], Settings(progress=False))
    scores = evaluate(analysis_to_dict(analysis), load_gold(gold), str(corpus))
    judged_scores = _judged_scores(gold.parent) if judged else {}
    if as_json:
        payload = {k: v.as_dict() for k, v in scores.items()}
        if judged_scores:
            payload["judged"] = {k: v.as_dict() for k, v in judged_scores.items()}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(scores) + "\n")
        if judged_scores:
            from storyfold.judged import format_judged_table

            sys.stdout.write("\n" + format_judged_table(judged_scores) + "\n")


def _judged_scores(samples: Path) -> dict:
    """Judged precision on real articles, next to the repository; {} when the texts are absent."""
    from storyfold.judged import DEFAULT_DATASET, judged_precision

    judged_dir = samples / "judged"
    dataset = samples.resolve().parent / DEFAULT_DATASET
    if not judged_dir.is_dir() or not dataset.is_dir():
        return {}
    return judged_precision(dataset, judged_dir, Settings(progress=False))


def _bundled_samples() -> Path:
    """The sample corpus: ./samples when run from the repository, else the checkout the package was installed from."""
    candidates = [Path("samples"), Path(__file__).resolve().parents[2] / "samples"]
    for folder in candidates:
        if (folder / "gold.json").is_file() and (folder / "corpus").is_dir():
            return folder
    looked = ", ".join(str(c.resolve()) for c in candidates)
    raise InputError(f"no sample corpus found (looked in {looked})", source="samples",
                     fix="run from the storyfold repository, or pass --corpus FOLDER and --gold FILE")


@app.command("settings")
def list_settings() -> None:
    """List every setting with its default and what it does."""
    table = Table("name", "default", "help")
    table.columns[0].no_wrap = True  # a cut name cannot be typed back into --set
    for s in SETTINGS:
        table.add_row(s.name, repr(s.default), s.help)
    Console().print(table)


@app.command()
def version() -> None:
    """Print the version."""
    sys.stdout.write(f"storyfold {__version__}\n")


