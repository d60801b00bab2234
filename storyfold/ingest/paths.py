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


@dataclass(frozen=True, slots=True)
class WalkLimits:
    """How deep folders are walked and how many files one run reads (settings a user can raise)."""

    max_depth: int = 64
    max_files: int = 1_000_000


def walk_inputs(items: Sequence[InputPath], limits: WalkLimits = WalkLimits()) -> Iterator[InputPath | Skipped]:
    """Every file to read under ``items``, within ``limits``; what is left out comes as a skipped entry.

    Symbolic links are followed, but each real folder is read once in the whole run: a link back up
    the tree (a loop) or a second link to a folder already read is reported, not walked again.
    """
    walker = _Walker(limits)
    for item in items:
        for found in walker.walk(item):
            if isinstance(found, InputPath) and not walker.admit():
                yield Skipped(found.source, f"not read: this run reached max_input_files = {limits.max_files:,} "
                                            "files (raise it with --set max_input_files=N)")
                return
            yield found


def walk_files(item: InputPath) -> Iterator[InputPath | Skipped]:
    """The files under ``item`` (itself when it is a file), or why a folder cannot be listed."""
    return walk_inputs([item])


class _Walker:
    def __init__(self, limits: WalkLimits) -> None:
        self.limits = limits
        self.seen: dict[str, str] = {}  # real folder -> the name it was first read under
        self.files = 0

    def admit(self) -> bool:
        self.files += 1
        return self.files <= self.limits.max_files

    def walk(self, item: InputPath) -> Iterator[InputPath | Skipped]:
        if item.path is None or not _is_folder(item.path):
            yield item
            return
        yield from self._folder(item.source, item.path, depth=0)

    def _folder(self, source: str, folder: Path, depth: int) -> Iterator[InputPath | Skipped]:
        real = os.path.realpath(folder)
        if real in self.seen:
            link = "a symbolic link loop" if _is_ancestor(real, source, self.seen) else "a symbolic link"
            yield Skipped(source, f"folder not read twice: it is {self.seen[real]} again ({link}); "
                                  "each folder is read once")
            return
        self.seen[real] = source
        if depth > self.limits.max_depth:
            yield Skipped(source, f"folder not read: deeper than max_folder_depth = {self.limits.max_depth} "
                                  "(raise it with --set max_folder_depth=N)")
            return
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
                yield from self._folder(child_source, Path(entry.path), depth + 1)
            else:
                yield InputPath(child_source, Path(entry.path))


def _is_ancestor(real: str, source: str, seen: dict[str, str]) -> bool:
    """Whether the folder already read is one that ``source`` sits inside (a link pointing up: a loop)."""
    first = seen[real]
    return source.startswith(first.rstrip(os.sep) + os.sep)


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
