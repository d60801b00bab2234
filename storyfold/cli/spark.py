"""The Spark command: ``storyfold analyze-spark``, the batch analysis run on Apache Spark.

Kept in its own module so the batch module need not know about Spark; it can later become
``storyfold analyze --engine spark`` by calling :func:`run_on_spark` from ``analyze``.  PySpark is imported
inside the command only (``storyfold --help`` must not start a JVM or import PySpark).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyfold.cli.app import app
from storyfold.cli.common import (
    ExitCode,
    OutputFormat,
    check_output,
    report_skipped,
    reports_errors,
    settings_from_options,
    stderr,
    write_output,
)
from storyfold.errors import InputError
from storyfold.model import Analysis
from storyfold.settings import Settings

MASTER_HELP = "Spark master: local[*] (all cores here), local[N], or a cluster URL such as spark://host:7077."


def run_on_spark(paths: list[str], settings: Settings, master: str, parquet: Path | None) -> Analysis:
    """The analysis on Spark, with a clear error when the extra is not installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InputError("PySpark is not installed", source="--engine spark",
                         fix='install the extra: pip install "storyfold[spark]" (and Java 17)') from None
    from storyfold.engines.spark import analyze_spark

    return analyze_spark(paths, settings, master=master, parquet_dir=parquet)


@app.command("analyze-spark")
@reports_errors
def analyze_spark_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs (on storage every executor reads).")],
    master: Annotated[str, typer.Option("--spark-master", help=MASTER_HELP)] = "local[*]",
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format (json or md).")]
    = OutputFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    parquet: Annotated[Path | None, typer.Option("--parquet", help="Also write articles, stories, skipped "
                                                                   "as Parquet tables in DIR.")] = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
) -> None:
    """Like ``analyze``, run on Spark: the same JSON contract or Markdown report.

    Exit code 0: every input read; 1: some inputs skipped (listed on stderr); 2: misuse; 3: the run failed.
    """
    from storyfold.report import render_json, render_markdown

    if fmt is OutputFormat.html:
        raise InputError("the Spark command writes json or md", source="--format html", fix="use --format json|md")
    settings = settings_from_options(setting, progress=False)
    check_output(output)
    analysis = run_on_spark(paths, settings, master, parquet)
    write_output(render_json(analysis) if fmt is OutputFormat.json else render_markdown(analysis), output)
    skipped = report_skipped(analysis.skipped)
    if not analysis.articles:
        stderr.print("[red]no article could be read from the given inputs[/]")
    if skipped or not analysis.articles:
        raise typer.Exit(ExitCode.SKIPPED)
