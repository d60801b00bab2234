"""Ingest: turn what people really have into :class:`~storyfold.model.RawDocument` records.

Plain-text captures, HTML pages, JSONL/JSON dumps, WARC(.gz) archives, folders,
globs and ``-`` for stdin.  The format is recognised by content first (a WARC's
version line, HTML markup, a JSON object) and by the file name second, because
scrapers name files carelessly.  Bad content never stops a run: it becomes a
:class:`~storyfold.model.Skipped` entry with a reason the user can act on.
Only misuse raises: a path that does not exist, a glob that matches nothing.
Everything streams: one file (or one record) is in memory at a time.
"""

from __future__ import annotations

import io
import json
import logging
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from storyfold.ingest.decode import NotText, decode_bytes, escaped_name, repair_text
from storyfold.ingest.jsonl import read_json_document, read_jsonl_lines
from storyfold.ingest.paths import InputPath, WalkLimits, resolve_inputs, walk_inputs
from storyfold.ingest.text import text_document
from storyfold.ingest.warc import is_warc_stream, read_warc
from storyfold.model import RawDocument, Skipped
from storyfold.settings import Settings

__all__ = ["read_bytes", "read_inputs"]

# Enough of a file to recognise it: a WARC version line, a gzip header, a BOM, the first JSON line.
SNIFF_BYTES = 4096
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
JSON_SUFFIXES = (".json",)
# UTF-16/32 files cannot be split into lines as bytes; they are decoded whole instead.
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")

log = logging.getLogger(__name__)

Item = RawDocument | Skipped


def read_inputs(paths: Sequence[str | Path], settings: Settings) -> Iterator[RawDocument | Skipped]:
    """Documents (and skipped inputs, with reasons) from files, folders, globs and ``-`` (stdin).

    Every path is checked first: a missing path or an empty glob raises
    :class:`~storyfold.errors.InputError` before anything is read.  Everything yielded is safe to
    encode: lone surrogates in text become U+FFFD, undecodable bytes in file names ``\\xNN``.
    """
    limits = WalkLimits(settings.max_folder_depth, settings.max_input_files)
    return (_encodable(item) for item in _read_all(resolve_inputs(paths), settings.max_input_bytes, limits))


def _read_all(items: list[InputPath], max_bytes: int, limits: WalkLimits) -> Iterator[Item]:
    for found in walk_inputs(items, limits):
        if isinstance(found, Skipped):
            yield found
        elif found.path is None:
            yield from _soft(found.source, partial(_read_stdin_document, found.source, max_bytes))
        else:
            yield from _soft(found.source, partial(_read_file, found.source, found.path, max_bytes))


def _soft(source: str, read: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """One odd file must never end a run over thousands: whatever it raises becomes a skipped entry.

    Records already read from it are kept; the reason names the failure so the user can look.  The
    traceback goes to the debug log only (``storyfold --debug``): the skipped entry is the report.
    """
    try:
        yield from read()
    except Exception as exc:  # parsers raise more than ValueError on hostile input (RecursionError, ...)
        log.debug("could not read %s", source, exc_info=True)
        yield Skipped(source, f"could not read: {exc.__class__.__name__}: {str(exc)[:200]}")


def _encodable(item: Item) -> Item:
    """The one place ingest output is made safe for every encoder downstream (JSON, SQLite, terminals)."""
    item.source = escaped_name(item.source)
    if isinstance(item, Skipped):
        item.reason = repair_text(item.reason)
    else:
        item.content = repair_text(item.content)
        item.fields = repaired_fields(item.fields)
    return item


def repaired_fields(value: object) -> object:
    """Container fields with every string repaired (fields nest: authors lists, ``{"name": ...}`` objects)."""
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, dict):
        return {repair_text(str(k)): repaired_fields(v) for k, v in value.items()}
    if isinstance(value, list):
        return [repaired_fields(v) for v in value]
    return value


def _read_stdin_document(source: str, max_bytes: int) -> Iterator[Item]:
    return read_bytes(source, sys.stdin.buffer.read(max_bytes + 1), max_bytes)


def _read_file(source: str, path: Path, max_bytes: int) -> Iterator[Item]:
    if path.exists() and not path.is_file():
        yield Skipped(source, "not a regular file (device, socket or pipe)")
        return
    try:
        with path.open("rb") as stream:
            yield from _read_stream(source, stream, max_bytes)
    except OSError as exc:
        yield Skipped(source, _unreadable_reason(path, exc))


def _read_stream(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    """Archives and JSONL stream record by record; anything else is read whole, up to the size limit."""
    head = stream.read(SNIFF_BYTES)
    name = source.lower()
    stream.seek(0)
    if not head:
        yield Skipped(source, "empty file")
    elif name.endswith(WARC_SUFFIXES) or is_warc_stream(head):
        yield from read_warc(source, stream, max_bytes)
    elif name.endswith(JSONL_SUFFIXES) and not head.startswith(WIDE_BOMS):
        yield from read_jsonl_lines(source, stream, max_bytes)
    else:
        data = stream.read(max_bytes + 1)
        yield from read_bytes(source, data, max_bytes)


def read_bytes(source: str, data: bytes, max_bytes: int) -> Iterator[Item]:
    """The documents in one input's bytes (a file read whole, or stdin), recognised by content."""
    name = source.lower()
    if len(data) > max_bytes:
        yield Skipped(source, f"too large (over max_input_bytes = {max_bytes:,} bytes; raise it to read this file)")
    elif is_warc_stream(data[:SNIFF_BYTES]):
        yield from read_warc(source, io.BytesIO(data), max_bytes)
    elif data.startswith(b"\x1f\x8b"):
        yield from _read_gzip(source, data, max_bytes)
    elif not data.strip():
        yield Skipped(source, "empty file" if not data else "empty file (whitespace only)")
    elif name.endswith(JSONL_SUFFIXES) and not data.startswith(WIDE_BOMS):
        yield from read_jsonl_lines(source, data.splitlines(), max_bytes)
    else:
        yield from _read_text(source, data)


def _read_text(source: str, data: bytes) -> Iterator[Item]:
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        yield Skipped(source, str(exc))
        return
    text = decoded.text
    parsed = _parsed_json(text)
    if not text.strip():
        yield Skipped(source, "empty file (whitespace only)")
    elif source.lower().endswith(JSONL_SUFFIXES) or (parsed is None and _looks_like_jsonl(text)):
        lines = (line.encode("utf-8") for line in text.split("\n"))
        yield from read_jsonl_lines(source, lines, len(data), (decoded.encoding, decoded.confidence))
    elif parsed is not None or source.lower().endswith(JSON_SUFFIXES):
        yield from read_json_document(source, text, parsed, (decoded.encoding, decoded.confidence))
    else:
        yield text_document(source, text, decoded.encoding, decoded.confidence)


# A JSONL dump is recognised among this many first lines, so a few bad lines at the top
# (a cut first record, a log line) do not turn the whole dump into one raw-JSON "article".
JSONL_SNIFF_LINES = 50
MIN_JSONL_LINES = 2


def _parsed_json(text: str) -> object | None:
    """The parsed document when a file with no telling name is one JSON object or list (a capture never is).

    Parsed once here and handed to the reader, so a large JSON file is not decoded twice.
    """
    stripped = text.strip()
    if (stripped[:1], stripped[-1:]) not in (("{", "}"), ("[", "]")):
        return None
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):
        return None


def _looks_like_jsonl(text: str) -> bool:
    """Lines that each hold one JSON object, most of them among the first lines: a JSONL dump."""
    lines = [line.strip() for line in text.strip().split("\n", JSONL_SNIFF_LINES)[:JSONL_SNIFF_LINES]]
    lines = [line for line in lines if line]
    objects = sum(line.startswith("{") and line.endswith("}") for line in lines)
    return objects >= MIN_JSONL_LINES and objects * 2 >= len(lines)


def _read_gzip(source: str, data: bytes, max_bytes: int) -> Iterator[Item]:
    """A gzipped dump (``feeds.jsonl.gz``): read as the file it contains, within the size limit.

    Every gzip member is read (``cat a.gz b.gz`` is a valid gzip file), and a file cut short
    says so after yielding what it held, instead of passing a partial dump off as whole.
    """
    try:
        inner, complete = _gunzip(data, max_bytes)
    except zlib.error as exc:
        yield Skipped(source, f"corrupt gzip file ({exc})")
        return
    inner_name = source[:-3] if source.lower().endswith(".gz") else source
    for item in read_bytes(inner_name, inner, max_bytes):
        item.source = source + item.source[len(inner_name):]
        yield item
    if not complete:
        yield Skipped(source, "gzip file cut short: the records after the cut are missing")


def _gunzip(data: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """(decompressed bytes up to ``max_bytes + 1``, whether the compressed stream ended properly)."""
    out = bytearray()
    while data and len(out) <= max_bytes:
        inflater = zlib.decompressobj(wbits=31)
        out += inflater.decompress(data, max_bytes + 1 - len(out))
        if not inflater.eof:
            return bytes(out), len(out) > max_bytes  # over the limit is reported by the reader, not as a cut
        data = inflater.unused_data
    return bytes(out), True


def _unreadable_reason(path: Path, exc: OSError) -> str:
    if path.is_symlink() and not path.exists():
        return "broken symbolic link (its target does not exist)"
    if isinstance(exc, PermissionError):
        return "cannot read (permission denied)"
    if isinstance(exc, IsADirectoryError):
        return "cannot read (is a folder)"
    return f"cannot read ({exc.strerror or exc})"
