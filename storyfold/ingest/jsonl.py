"""JSONL and JSON dumps: one article per record, with the metadata the dump states.

A record carries its page as ``text`` or ``html`` (a few common aliases are read
too) plus optional url/title/date/authors/outlet keys.  Each record is
``path#N``: N is the 1-based line of a JSONL file, or the list index + 1 in a
JSON file.  A bad record is skipped with its line named; the rest of the file is
still read.  JSONL is read line by line, so a large dump never sits in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping

from storyfold.ingest.decode import NotText, decode_bytes, normalise_newlines
from storyfold.ingest.fields import normalise_fields
from storyfold.ingest.text import looks_like_html
from storyfold.model import RawDocument, Skipped

# Where a record keeps its page, in order of preference: markup keeps the most for the cleaner.
HTML_KEYS = ("html", "raw_html", "rawhtml")
TEXT_KEYS = ("text", "content", "body", "article", "maintext")
# A JSON object that wraps the records in a list under one of these keys (API responses, exports).
WRAPPER_KEYS = ("articles", "items", "records", "data", "results")
# How much of a bad line to quote in the reason: enough to find it, not the whole page.
QUOTE_CHARS = 60


# How a record's text was decoded when nothing else is known: JSON is UTF-8 (RFC 8259).
JSON_ENCODING = ("utf-8", 1.0)


def read_jsonl_lines(source: str, lines: Iterable[bytes], max_bytes: int,
                     encoding: tuple[str, float] = JSON_ENCODING) -> Iterator[RawDocument | Skipped]:
    """Records of a JSONL file given as raw lines (bytes, so one bad line cannot stop decoding the rest).

    ``encoding`` is how the file's bytes were decoded when the caller decoded them whole (UTF-16 dumps);
    a line that is not UTF-8 records the encoding it was read in instead.
    """
    seen_record = False
    for number, raw in enumerate(lines, start=1):
        record_source = f"{source}#{number}"
        if not raw.strip():
            continue
        seen_record = True
        if len(raw) > max_bytes:
            yield Skipped(record_source, f"record too large ({len(raw):,} bytes; max_input_bytes is {max_bytes:,})")
            continue
        try:
            text, line_encoding = _line_text(raw, first=number == 1)
            record = json.loads(text)
        except (NotText, ValueError) as exc:
            yield Skipped(record_source, f"malformed JSON on line {number}: {_reason(exc)}")
            continue
        except RecursionError:
            yield Skipped(record_source, f"JSON on line {number} is nested too deeply to be an article record")
            continue
        yield record_document(record_source, record, encoding if line_encoding == JSON_ENCODING else line_encoding)
    if not seen_record:
        yield Skipped(source, "empty file (no JSON records)")


def read_json_document(source: str, text: str, parsed: object | None = None,
                       encoding: tuple[str, float] = JSON_ENCODING) -> Iterator[RawDocument | Skipped]:
    """Records of a whole JSON file: one object, a list of objects, or an object wrapping such a list.

    ``parsed`` is the document when the caller already decoded it (sniffing does); ``encoding`` is how
    the file's bytes were decoded, with its confidence.
    """
    try:
        data = json.loads(text) if parsed is None else parsed
    except ValueError as exc:
        yield Skipped(source, f"malformed JSON: {_reason(exc)}")
        return
    except RecursionError:
        yield Skipped(source, "JSON nested too deeply to hold article records")
        return
    records = _records(data)
    if records is None:
        yield record_document(source, data, encoding)
        return
    if not records:
        yield Skipped(source, "JSON file holds an empty list (no records)")
    for number, record in enumerate(records, start=1):
        yield record_document(f"{source}#{number}", record, encoding)


def record_document(source: str, record: object,
                    encoding: tuple[str, float] = JSON_ENCODING) -> RawDocument | Skipped:
    """One record as a document, or the reason it is not one."""
    if not isinstance(record, Mapping):
        return Skipped(source, f"JSON record is a {type(record).__name__}, not an object with 'text' or 'html'")
    page, key = _page(record)
    if page is None:
        return Skipped(source, "JSON record has no 'text' or 'html' field")
    if not page.strip():
        return Skipped(source, f"JSON record's '{key}' is empty")
    page = normalise_newlines(page)
    is_html = key in HTML_KEYS or looks_like_html(page)
    fields = normalise_fields({k: v for k, v in record.items() if k not in (*HTML_KEYS, *TEXT_KEYS)})
    return RawDocument(source, page, "jsonl", is_html=is_html, fields=fields, encoding=encoding[0],
                       encoding_confidence=encoding[1])


def _page(record: Mapping[str, object]) -> tuple[str | None, str | None]:
    """The record's page and the key it is under.

    Keys differing only in case are one key, and the twin holding text wins, so ``"TEXT": null``
    beside ``"text"`` never hides the page; an empty ``html`` does not hide a full ``text``.
    """
    found: dict[str, str] = {}
    for key, value in record.items():
        name = str(key).lower()
        if isinstance(value, str) and not found.get(name, "").strip():
            found[name] = value
    present = [key for key in (*HTML_KEYS, *TEXT_KEYS) if key in found]
    for key in present:
        if found[key].strip():
            return found[key], key
    return (found[present[0]], present[0]) if present else (None, None)


def _records(data: object) -> list[object] | None:
    """The list of records in a JSON document, or ``None`` when the document is one record."""
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping) and _page(data)[0] is None:
        for key in WRAPPER_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
    return None


def _line_text(raw: bytes, *, first: bool) -> tuple[str, tuple[str, float]]:
    """A line's text and how it was decoded: JSON is UTF-8 (RFC 8259); a BOM may open the file, and
    legacy exports still occur."""
    if first:
        raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8"), JSON_ENCODING
    except UnicodeDecodeError:
        decoded = decode_bytes(raw)
        return decoded.text, (decoded.encoding, decoded.confidence)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        near = exc.doc[exc.pos:exc.pos + QUOTE_CHARS].strip()
        return f"{exc.msg} at column {exc.colno}" + (f" near {near!r}" if near else "")
    return str(exc)
