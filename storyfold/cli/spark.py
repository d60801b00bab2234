"""The Spark side of the CLI: ``analyze --engine spark`` calls :func:`run_on_spark` from here.

Kept in its own module so the batch module only adds an option and a dispatch.  PySpark is imported
inside functions only (``storyfold --help`` must not start a JVM or import PySpark).  ``analyze-spark``
stays as a hidden alias of ``analyze --engine spark`` for scripts written against the first version.
"""

from __future__ import annotations

import time
from dataclasses import fields
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from storyfold.cli.app import app
from storyfold.cli.common import OutputFormat, reports_errors
from storyfold.errors import InputError
from storyfold.model import Analysis
from storyfold.settings import Settings

# The Spark master when none is given: every core of this machine (the engine's own default).
DEFAULT_MASTER = "local[*]"
MASTER_HELP = ("Spark master for --engine spark: local[*] (all cores here), local[N], or a cluster URL such as "
               "spark://host:7077 or yarn.")


class Engine(StrEnum):
    local = "local"
    spark = "spark"


def run_on_spark(paths: list[str], settings: Settings, master: str, parquet: Path | None) -> Analysis:
    """The analysis on Spark, with a clear error when the extra is not installed."""
    _require("pyspark", "--engine spark", 'install the extra: pip install "storyfold[spark]" (and Java 17)')
    from storyfold.engines.spark import analyze_spark

    return analyze_spark(paths, settings, master=master, parquet_dir=parquet)


def add_on_spark(paths: list[str], store: Any, master: str) -> Any:
    """``storyfold add --engine spark``: the per-article steps on Spark, the store's own add per batch.

    Returns one ``AddReport`` for the whole add (the batches' counts summed, their lists joined), so the
    add command prints the same summary whichever engine read the inputs.
    """
    _require("pyspark", "--engine spark", 'install the extra: pip install "storyfold[spark]" (and Java 17)')
    from storyfold.engines.spark import add_spark

    started = time.perf_counter()
    reports = add_spark(paths, store, master)
    total = merged_reports(reports)
    total.seconds = time.perf_counter() - started
    return total


def merged_reports(reports: list[Any]) -> Any:
    """Reports of several store batches as one: numbers summed, lists joined."""
    total = type(reports[0])()
    for report in reports:
        for field in fields(report):
            value, sum_so_far = getattr(report, field.name), getattr(total, field.name)
            if isinstance(value, list):
                sum_so_far.extend(value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                setattr(total, field.name, sum_so_far + value)
    return total


def write_parquet_output(analysis: Analysis, folder: Path) -> None:
    """The local engine's result as the same Parquet tables (without parses: it does not keep them)."""
    _require("pyarrow", "--parquet", 'install the extra: pip install "storyfold[spark]" (it brings pyarrow)')
    from storyfold.engines.parquet import write_parquet

    write_parquet(analysis, folder)


def _require(module: str, option: str, fix: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise InputError(f"{module} is not installed", source=option, fix=fix) from None


@app.command("analyze-spark", hidden=True)
@reports_errors
def analyze_spark_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or Parquet (on storage every "
                                                    "executor reads).")],
    master: Annotated[str, typer.Option("--spark-master", help=MASTER_HELP)] = DEFAULT_MASTER,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    parquet: Annotated[Path | None, typer.Option("--parquet", help="Also write Parquet tables in DIR.")] = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
) -> None:
    """Alias of ``storyfold analyze --engine spark``."""
    from storyfold.cli.batch import analyze

    analyze(paths, fmt=fmt, output=output, setting=setting, progress=False, engine=Engine.spark,
            spark_master=master, parquet=parquet)
