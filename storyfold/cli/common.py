"""What every command shares: the console on stderr, error reporting, settings from options, writing output.

Command modules (``batch``, and the store, web and engine groups) import from here; nothing in this module
decides anything about articles or stories.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from storyfold.errors import InputError, OutputError, StoryfoldError
from storyfold.ingest.decode import escaped_name, printable, repair_text
from storyfold.model import Skipped
from storyfold.settings import SETTINGS, Settings

stderr = Console(stderr=True)
log = logging.getLogger("storyfold.cli")
DEBUG_ENV = "STORYFOLD_DEBUG"  # same as --debug, for scripts that cannot change the command line


class ExitCode(IntEnum):
    """What ``storyfold`` exits with, so a script can tell a partial read from a failed run."""

    OK = 0  # every input was read
    SKIPPED = 1  # some inputs were skipped (each reported on stderr); the result is still written
    MISUSE = 2  # bad command line: a missing path, an unknown setting, a bad option
    FAILED = 3  # the run failed: nothing (or not everything) could be produced
    INTERRUPTED = 130  # Ctrl-C, as shells report it


# Exceptions that are the CLI framework's own way to end a command (usage errors, exits): left to it.
# typer vendors its own click, so both families are named.
PASS_THROUGH = (typer.Exit, typer.Abort, typer.exceptions.TyperException, click.exceptions.Exit,
                click.exceptions.ClickException, click.exceptions.Abort)


class _State:
    debug = False


def debug_enabled() -> bool:
    return _State.debug or bool(os.environ.get(DEBUG_ENV))


def global_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks for failures (default: one line).")]
    = False,
) -> None:
    """Options every command shares; registered as the app's callback."""
    _State.debug = debug
    configure_logging(debug_enabled())


class OneLineFormatter(logging.Formatter):
    """A log record as one line (``warning: message (ValueError: why)``); the traceback only in debug mode."""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        line = " ".join(printable(repair_text(record.getMessage())).split())
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            why = f"{exc.__class__.__name__}: {' '.join(str(exc).split())}"[:300]
            if why not in line:
                line = f"{line} ({why})"
            if self.debug:
                line += "\n" + self.formatException(record.exc_info)
        return f"{record.levelname.lower()}: {line}"


class _StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it), never raising.

    Libraries' own warnings (trafilatura's "discarding data", charset notes) are noise to a user
    reading a run's report: only their errors show, unless ``--debug``.
    """

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def filter(self, record: logging.LogRecord) -> bool:
        ours = record.name == "storyfold" or record.name.startswith("storyfold.")
        return self.debug or ours or record.levelno >= logging.ERROR

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # a log line must never end the run
            self.handleError(record)


def configure_logging(debug: bool) -> None:
    """One line per warning or error on stderr (ours and the libraries'), tracebacks only with ``--debug``.

    Soft failures inside the pipeline are logged with their traceback; without this the
    user would see pages of them for failures that were handled.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler(debug)
    handler.setFormatter(OneLineFormatter(debug))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("storyfold").setLevel(logging.DEBUG if debug else logging.WARNING)


def reports_errors(command: Callable[..., None]) -> Callable[..., None]:
    """No exception ever leaves a command unhandled: each becomes one line on stderr and an exit code.

    StoryfoldError: its own exit code (2 misuse, 3 failed run).  Anything else is a bug or an
    environment failure: exit 3, with the traceback only under ``--debug``.
    """

    @wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except PASS_THROUGH:
            raise
        except StoryfoldError as exc:
            _print_failure(f"[red]error[/] [{exc.code}] {escape(_shown(str(exc)))}")
            raise typer.Exit(exc.exit_code) from exc
        except KeyboardInterrupt:
            _print_failure("[red]interrupted[/]: this batch run wrote nothing (`storyfold add` keeps what it "
                           "finished when interrupted)")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            _silence_stdout()  # `storyfold analyze ... | head`: the reader left, not a failure of ours
            raise typer.Exit(ExitCode.OK) from None
        except Exception as exc:
            log.debug("unhandled failure", exc_info=True)
            why = escape(_shown(f"{exc.__class__.__name__}: {exc}"))[:500]
            hint = "" if debug_enabled() else " (run with `storyfold --debug ...` for the traceback)"
            _print_failure(f"[red]error[/]: the run failed: {why}{hint}")
            if debug_enabled():
                stderr.print_exception()
            raise typer.Exit(ExitCode.FAILED) from exc

    return wrapper


def run_guarded(app: Callable[..., object]) -> None:
    """Run the typer app as the ``storyfold`` entry point: an exception no command caught is one line, exit 3."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _print_failure("[red]interrupted[/]")
        raise SystemExit(ExitCode.INTERRUPTED) from None
    except Exception as exc:
        _print_failure(f"[red]error[/]: the run failed: {escape(_shown(f'{exc.__class__.__name__}: {exc}'))[:500]}")
        if debug_enabled():
            stderr.print_exception()
        raise SystemExit(ExitCode.FAILED) from None


def _shown(text: str) -> str:
    """Untrusted text (file names, messages quoting input) as it can be printed: one line, encodable."""
    return " ".join(printable(escaped_name(text)).split())


def _print_failure(markup: str) -> None:
    stderr.print(markup, highlight=False, soft_wrap=True)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def report_skipped(entries: Iterable[Skipped]) -> int:
    """One line on stderr per skipped input; returns how many (the CLI exits 1 when any)."""
    count = 0
    for entry in entries:
        stderr.print(f"[yellow]skipped[/] {escape(_shown(entry.source))}: {escape(_shown(entry.reason))}",
                     highlight=False, soft_wrap=True)
        count += 1
    return count


class OutputFormat(StrEnum):
    json = "json"
    md = "md"
    html = "html"


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


def settings_from_options(pairs: list[str] | None, progress: bool) -> Settings:
    try:
        return Settings(**{"progress": progress, **_parse_overrides(pairs)})
    except (StoryfoldError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from exc


def check_output(output: Path | None) -> None:
    """Fail before a long analysis, not after it, when the report cannot be written."""
    if output is not None and not output.parent.is_dir():
        raise InputError(f"cannot write the report: folder {output.parent} does not exist",
                         source=str(output), fix="create the folder or choose another --output path")


@contextmanager
def progress_bar(enabled: bool):
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


def write_output(text: str, output: Path | None) -> None:
    """Write the result to ``output`` (atomically) or stdout; a failed write never loses the result.

    The file is written to a temporary name beside it and renamed, so a reader never sees half a
    report.  If the write fails (disk full, permission, folder gone), the result is saved to a
    fallback file and :class:`~storyfold.errors.OutputError` names where (exit 3).
    """
    text = repair_text(text if text.endswith("\n") else text + "\n")  # a last guard: encoders refuse surrogates
    try:
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            atomic_write(output, text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        target = "stdout" if output is None else str(output)
        saved = save_elsewhere(text, output)
        raise OutputError(f"cannot write the result to {target} ({exc.strerror or exc}); "
                          f"the result was saved to {saved}", fix="free space or pick another --output") from exc
    if output is not None:
        stderr.print(f"wrote {escape(_shown(str(output)))}", highlight=False)


def atomic_write(output: Path, text: str) -> None:
    """``text`` to ``output`` via a temporary file in the same folder and a rename (all or nothing)."""
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_elsewhere(text: str, output: Path | None) -> str:
    """Where the result went when it could not go where asked: the temp folder, the working folder, home."""
    suffix = output.suffix if output is not None and output.suffix else ".out"
    name = f"storyfold-result-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}{suffix}"
    for folder in (Path(tempfile.gettempdir()), Path.cwd(), Path.home()):
        try:
            atomic_write(folder / name, text)
            return str(folder / name)
        except OSError:
            continue
    sys.stderr.write(text)  # nowhere on disk could take it: the terminal is the last place left
    return "stderr (no folder could be written)"
