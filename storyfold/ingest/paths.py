"""What the user named on the command line, expanded into the files to read.

Paths are checked before anything is read, so a mistyped path fails the run at
once (a misuse, :class:`~storyfold.errors.InputError`) instead of after minutes
of work.  Folders are walked lazily, in sorted order so runs are reproducible,
skipping hidden files and folders (``.git``, ``.DS_Store``, editor backups).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyfold.errors import InputError
from storyfold.model import Skipped

STDIN = "-"
GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputPath:
    """One thing to read: ``source`` is the name shown to the user, ``path`` where it is on disk."""

    source: str
    path: Path | None  # None for stdin


def resolve_inputs(paths: Sequence[str | Path]) -> list[InputPath]:
    """Each argument checked and globs expanded; raises :class:`InputError` for a path that is not there."""
    resolved: list[InputPath] = []
    for given in paths:
        name = os.fspath(given)
        if name == STDIN:
            resolved.append(InputPath(STDIN, None))
        elif os.path.lexists(name):
            resolved.append(InputPath(name, Path(name)))
        elif GLOB_CHARS & set(name):
            resolved += _glob(name)
        else:
            raise InputError("no such file or folder", source=name,
                             fix="check the spelling, or quote a glob pattern so storyfold expands it")
    return resolved


def _glob(pattern: str) -> list[InputPath]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        raise InputError("the pattern matches no file", source=pattern,
                         fix="check the pattern; use ** to match inside sub-folders")
    return [InputPath(match, Path(match)) for match in matches]


def walk_files(item: InputPath) -> Iterator[InputPath | Skipped]:
    """The files under ``item`` (itself when it is a file), or why a folder cannot be listed."""
    if item.path is None or not item.path.is_dir():
        yield item
        return
    yield from _walk(item.source, item.path, seen=set())


def _walk(source: str, folder: Path, seen: set[str]) -> Iterator[InputPath | Skipped]:
    real = os.path.realpath(folder)
    if real in seen:
        return  # a symlink loop would otherwise be walked forever
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield Skipped(source, f"cannot read folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child_source = os.path.join(source, entry.name)
        if _is_dir(entry):
            yield from _walk(child_source, Path(entry.path), seen)
        else:
            yield InputPath(child_source, Path(entry.path))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
