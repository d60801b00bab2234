"""What every command shares: the console on stderr, error reporting, settings from options, writing output.

Command modules (``batch``, and the store, web and engine groups) import from here; nothing in this module
decides anything about articles or stories.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from enum import StrEnum
from functools import wraps
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from storyfold.errors import InputError, StoryfoldError
from storyfold.settings import SETTINGS, Settings

stderr = Console(stderr=True)


def reports_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Turn a StoryfoldError (misuse: a missing path, a bad setting) into a clear message and exit 2."""

    @wraps(command)
    def wrapper(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except StoryfoldError as exc:
            stderr.print(f"[red]error[/] [{exc.code}] {exc}", highlight=False, soft_wrap=True)
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
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(output)  # never leave a half-written report behind
    stderr.print(f"wrote {output}")


