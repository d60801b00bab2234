"""The Spark side of the CLI: ``analyze --engine spark`` calls :func:`run_on_spark` from here.

Kept in its own module so the batch module only adds an option and a dispatch.  PySpark is imported
inside functions only (``storyfold --help`` must not start a JVM or import PySpark).  ``analyze-spark``
stays as a hidden alias of ``analyze --engine spark`` for scripts written against the first version.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from dataclasses import fields
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from storyfold.cli.app import app
from storyfold.cli.common import OutputFormat, reports_errors, stderr
from storyfold.errors import InputError, OutputError
from storyfold.ingest.decode import repair_text
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


def stream_json_on_spark(paths: list[str], settings: Settings, master: str, parquet: Path | None,
                         output: Path | None) -> Any:
    """``analyze --engine spark`` as JSON, streamed to ``output`` (or stdout) as the tasks render it.

    The driver holds one partition of rendered articles or stories at a time, never the whole analysis;
    the file appears complete or not at all (see :class:`StreamedFile`).  Returns the run's ``SparkSummary``.
    """
    _require("pyspark", "--engine spark", 'install the extra: pip install "storyfold[spark]" (and Java 17)')
    from storyfold.engines.spark import stream_analysis_json

    if output is None:
        summary = stream_analysis_json(paths, _to_stdout, settings, master=master, parquet_dir=parquet)
        _to_stdout("\n")
        sys.stdout.flush()
        return summary
    sink = StreamedFile(output)
    try:
        summary = stream_analysis_json(paths, sink.write, settings, master=master, parquet_dir=parquet)
        sink.write("\n")
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return summary


def _to_stdout(text: str) -> None:
    sys.stdout.write(repair_text(text))  # a last guard, as write_output's: encoders refuse lone surrogates


class StreamedFile:
    """A report written piece by piece to a temporary file beside ``output``, renamed over it when whole.

    A reader never sees half a report.  When a write fails (disk full, folder gone), the bytes written so
    far are copied to a fallback file (the temp folder, the working folder, home) and the stream goes on
    there, so the result is not lost: :meth:`close` then raises ``OutputError`` naming where it went.
    Writes are unbuffered, so the bytes on disk are exactly the ones counted.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.fd, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
        self.path = Path(name)
        self.size = 0
        self.failure: OSError | None = None
        suffix = output.suffix or ".out"
        self._fallbacks = [folder / f"storyfold-result-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}{suffix}"
                           for folder in (Path(tempfile.gettempdir()), Path.cwd(), Path.home())]

    def write(self, text: str) -> None:
        data = memoryview(repair_text(text).encode("utf-8"))
        while data:
            try:
                done = os.write(self.fd, data)
            except OSError as exc:
                self._move_elsewhere(exc)
                continue
            self.size += done
            data = data[done:]

    def _move_elsewhere(self, exc: OSError) -> None:
        """Carry on in the next fallback file, with what was written so far copied over."""
        self.failure = self.failure or exc
        os.close(self.fd)
        while self._fallbacks:
            target = self._fallbacks.pop(0)
            try:
                with self.path.open("rb") as done, target.open("wb") as copy:
                    copy.write(done.read(self.size))
                fd = os.open(target, os.O_WRONLY | os.O_APPEND)
            except OSError:
                target.unlink(missing_ok=True)
                continue
            self._drop_written()
            self.fd, self.path = fd, target
            return
        self._drop_written()
        self.fd = -1
        raise OutputError(f"cannot write the result to {self.output} ({self.failure.strerror or self.failure}), "
                          "nor to a fallback file", fix="free space or pick another --output") from exc

    def _drop_written(self) -> None:
        if self.path.name.endswith(".tmp"):  # the partial file beside the output; a fallback copy is kept
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        """Make the file durable and put it in place; ``OutputError`` if it had to go elsewhere."""
        os.fsync(self.fd)
        os.close(self.fd)
        if self.failure is not None:
            raise OutputError(f"cannot write the result to {self.output} ({self.failure.strerror or self.failure}); "
                              f"the result was saved to {self.path}", fix="free space or pick another --output")
        os.replace(self.path, self.output)
        stderr.print(f"wrote {escape(str(self.output))}", highlight=False)

    def abort(self) -> None:
        """The run failed before the end: no partial report is left anywhere."""
        with contextlib.suppress(OSError):  # already closed when every fallback failed
            os.close(self.fd)
        self.path.unlink(missing_ok=True)


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
