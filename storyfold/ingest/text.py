"""Plain-text and HTML captures: sniff HTML by content, read a scraper's key/value header.

Scrapers often write a few ``key value`` or ``key: value`` lines before the page
text (``date 2025-04-09``, ``title: ...``, ``url: https://...``), and some run the
page text on along the same line.  A header is only ever read at the very start
of the capture, only with known keys, and a key written without a colon must be
followed by a value that delimits itself (a date, a URL, a language code), so a
body sentence that happens to begin with "Date" or "Source" is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfold.ingest.fields import field_name, iso_date, link_outlet_as_url, normalise_value
from storyfold.model import RawDocument

# HTML announces itself near the top: a doctype, <html>, <head> or <body>, possibly after a comment or BOM.
HTML_SNIFF_CHARS = 2048
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# A header line is short; a longer "title: ..." line is body text that happens to start with a key.
MAX_HEADER_VALUE_CHARS = 300
# Real capture headers have a handful of lines; stop looking after this many.
MAX_HEADER_FIELDS = 12
# Values that delimit themselves, so page text may follow them on the same line.
ISO_DATE_VALUE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
SELF_DELIMITING = {
    "published": re.compile(ISO_DATE_VALUE),
    "url": re.compile(r"https?://\S+", re.IGNORECASE),
    "language": re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?(?=\s|$)"),
}
# "key:" or "key" followed by blanks, at the start of what is left of the header.
HEADER_KEY = re.compile(r"[ \t]*([A-Za-z][A-Za-z_-]{1,20})(?:[ \t]*(:)[ \t]*|[ \t]+)")
BLANKS = re.compile(r"[ \t\n]*")


def looks_like_html(text: str, name: str = "") -> bool:
    """HTML is recognised by its opening markup, whatever the file is called.

    A file named ``.html`` that opens with a tag counts too: saved fragments often lack ``<html>``.
    """
    head = text[:HTML_SNIFF_CHARS].lstrip("\ufeff \t\n")
    if not head.startswith("<"):
        return False
    return bool(HTML_START.search(head)) or name.lower().endswith(HTML_SUFFIXES)


def text_document(source: str, text: str, encoding: str | None, confidence: float | None = None) -> RawDocument:
    """A plain-text or HTML capture as one document, with any header fields it starts with."""
    if looks_like_html(text, source):
        return RawDocument(source, text, "html", is_html=True, encoding=encoding, encoding_confidence=confidence)
    header = parse_capture_header(text)
    fields: dict[str, object] = dict(header.fields)
    if header.end:
        fields["header_end"] = header.end
    return RawDocument(source, text, "text", fields=fields, encoding=encoding, encoding_confidence=confidence)


@dataclass(frozen=True, slots=True)
class CaptureHeader:
    fields: dict[str, object]
    end: int  # offset in the text where the page itself begins (0: no header)


def parse_capture_header(text: str) -> CaptureHeader:
    """The key/value lines a scraper put before the page text, and where they end."""
    fields: dict[str, object] = {}
    pos = 0
    while len(fields) < MAX_HEADER_FIELDS:
        parsed = _header_field(text, pos)
        if parsed is None:
            break
        name, value, value_end = parsed
        if value not in (None, "", []):
            fields.setdefault(name, value)
        pos = BLANKS.match(text, value_end).end()
    return CaptureHeader(link_outlet_as_url(fields), pos)


def _header_field(text: str, pos: int) -> tuple[str, object, int] | None:
    """``(field, value, end)`` for a header field at ``pos``, or ``None`` when the header is over."""
    key = HEADER_KEY.match(text, pos)
    if not key:
        return None
    name = field_name(key.group(1))
    if name is None:
        return None
    start = key.end()
    delimited = SELF_DELIMITING.get(name)
    value = delimited.match(text, start) if delimited else None
    if value and _ends_at_boundary(text, value.end()):
        return name, normalise_value(name, value.group()), value.end()
    if key.group(2) or key.group(1).islower():
        return _whole_line_field(text, name, start, has_colon=bool(key.group(2)))
    return None


def _whole_line_field(text: str, name: str, start: int, *, has_colon: bool) -> tuple[str, object, int] | None:
    """A value that runs to the end of the line: only in ``key: value`` form or a lowercase scraper key."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    raw = text[start:end].strip()
    if not raw or len(raw) > MAX_HEADER_VALUE_CHARS:
        return None
    if name == "published":
        value = iso_date(raw)
        if value is None and not has_colon:
            return None  # "date night ideas ..." is a sentence, not a header
        return name, value, end
    if not has_colon:
        return None  # "source close to the talks said ..." - text keys need a colon
    return name, normalise_value(name, raw), end


def _ends_at_boundary(text: str, end: int) -> bool:
    return end >= len(text) or text[end] in " \t\n"
