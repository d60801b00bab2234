"""WARC and WARC.gz archives: each HTML ``response`` record is one page.

Crawls hold requests, metadata, redirects, images and scripts beside the pages;
only successful HTML responses are articles, and everything else is passed over
silently (it is the normal content of an archive, not a problem to report).
warcio streams the archive, so a multi-gigabyte crawl is never held in memory.
A corrupt archive stops at the damage: records already read are kept, and the
rest of the archive is skipped with a reason.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from storyfold.ingest.decode import NotText, decode_bytes, printable
from storyfold.ingest.fields import normalise_fields
from storyfold.ingest.text import looks_like_html
from storyfold.model import RawDocument, Skipped

WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"
# Content types that hold a web page.  Some servers send none; then the payload is sniffed.
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
# Decoding errors that mean the archive's bytes are damaged (truncated gzip member, bad header).
INFLATE_CHUNK = 1 << 20  # bytes read at a time when checking a gzip stream's end
# warcio raises these on damaged bytes; a cut inside a record's headers even gives AttributeError
# (a header it expected is None), so every such failure is read as damage to the archive.
CORRUPTION_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, AttributeError, TypeError,
                     KeyError, IndexError)
# Where each record of an uncompressed WARC starts: its version line at the start of a line.
RECORD_START = b"\nWARC/1."


def is_warc_stream(head: bytes) -> bool:
    """A WARC starts with its version line; a WARC.gz is a gzip member that does."""
    if head.startswith(WARC_MAGIC):
        return True
    if head.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(head, len(WARC_MAGIC)).startswith(WARC_MAGIC)
        except zlib.error:
            return False
    return False


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | Skipped]:
    """The HTML pages in the archive ``stream`` as ``source#N`` documents (N counts HTML responses).

    An archive that yields no page always says why (no record at all, or only non-HTML records),
    so no file ever vanishes from a run without a trace.
    """
    tally = _Tally()
    archive = _QuietArchiveIterator(stream, check_digests=True)
    try:
        for record in archive:
            tally.records += 1
            if not _is_html_response(record):
                tally.other.add(_record_kind(record))
                if _drained_short(record):
                    raise ArchiveLoadFailed(f"{record.rec_type} record is cut short")
                continue
            document = _page_document(f"{source}#{tally.pages + 1}", record, max_bytes)
            if _truncated(record, document):
                raise ArchiveLoadFailed(f"record {record.rec_headers.get_header('WARC-Target-URI')} is cut short")
            tally.pages += 1
            yield document
    except CORRUPTION_ERRORS as exc:
        kept = f"the {tally.pages} page(s) before it were kept" if tally.pages else "no page could be read"
        yield Skipped(source, f"corrupt WARC archive, cut short or damaged ({exc.__class__.__name__}: "
                              f"{_quoted(exc)}); rest of the archive skipped, {kept}")
        return
    unread = _unread_records(stream, tally.records)
    if not gzip_members_complete(stream) or unread:
        lost = f"{unread} record(s) could not be read" if unread else "the records after the cut are missing"
        yield Skipped(source, f"WARC archive cut short or damaged: {lost} "
                              f"({tally.pages} page(s) before it were kept)")
    elif not tally.pages:
        yield Skipped(source, tally.no_page_reason())
    elif archive.err_count:
        yield Skipped(source, f"WARC archive damaged: {archive.err_count} record(s) do not end where their "
                              f"Content-Length says ({tally.pages} page(s) were read and kept)")


class _QuietArchiveIterator(ArchiveIterator):
    """warcio writes a warning straight to stderr for a record with a wrong Content-Length; we count
    it (``err_count``) and report it as a skipped entry instead, so stderr stays one line per input."""

    INC_RECORD = ""


# How much of a parser's message to keep: it may quote the damaged bytes themselves.
MAX_MESSAGE_CHARS = 120


def _quoted(exc: Exception) -> str:
    message = " ".join(printable(str(exc)).split())
    return message[:MAX_MESSAGE_CHARS] + ("..." if len(message) > MAX_MESSAGE_CHARS else "")


class _Tally:
    """What an archive held, so one without pages can say what it held instead."""

    def __init__(self) -> None:
        self.records = 0
        self.pages = 0
        self.other: set[str] = set()

    def no_page_reason(self) -> str:
        if not self.records:
            return "not a readable WARC archive (no record could be read)"
        kinds = ", ".join(sorted(self.other)[:5])
        return f"WARC archive holds no HTML page ({self.records} record(s): {kinds})"


def _record_kind(record: ArcWarcRecord) -> str:
    if record.rec_type != "response" or record.http_headers is None:
        return str(record.rec_type or "record of unknown type")
    status = record.http_headers.get_statuscode() or "?"
    return f"response {status} {_content_type(record).split(';')[0] or 'without content type'}"


def _unread_records(stream: BinaryIO, records_read: int) -> int:
    """How many records an uncompressed archive starts but warcio did not return (a cut in a record's headers).

    warcio stops quietly there; counting the version lines that open records tells.  Gzipped or
    unseekable streams are checked by :func:`gzip_members_complete` instead (0 here).
    """
    try:
        stream.seek(0)
        head = stream.read(len(WARC_MAGIC))
    except (OSError, ValueError):
        return 0
    if head != WARC_MAGIC:
        return 0
    starts, tail = 1, b""
    while chunk := stream.read(INFLATE_CHUNK):
        window = tail + chunk
        starts += window.count(RECORD_START)
        tail = window[-(len(RECORD_START) - 1):]
        # the kept tail is one byte shorter than a marker, so no marker is counted twice
    return max(0, starts - records_read)


def gzip_members_complete(stream: BinaryIO) -> bool:
    """Whether a gzipped stream ends exactly at the end of a gzip member.

    warcio stops quietly when a .warc.gz is cut inside a member, which would pass a partial
    archive off as whole; re-inflating (output discarded, bounded memory) tells. Plain
    (uncompressed) or unseekable streams are taken as complete.
    """
    try:
        stream.seek(0)
        if stream.read(len(GZIP_MAGIC)) != GZIP_MAGIC:
            return True
        stream.seek(0)
    except (OSError, ValueError):
        return True
    inflater = zlib.decompressobj(wbits=31)
    inside_member = False
    while chunk := stream.read(INFLATE_CHUNK):
        while chunk:
            inside_member = True
            try:
                inflater.decompress(chunk)
            except zlib.error:
                return False
            if not inflater.eof:
                break  # the member goes on in the next chunk
            chunk, inside_member = inflater.unused_data, False
            inflater = zlib.decompressobj(wbits=31)
    return not inside_member


def _drained_short(record: ArcWarcRecord) -> bool:
    """Read past a record we do not use (warcio would anyway) and tell whether its bytes ran out early."""
    while record.raw_stream.read(INFLATE_CHUNK):
        pass
    unread = getattr(record.raw_stream, "limit", 0)
    return isinstance(unread, int) and unread > 0


def _truncated(record: ArcWarcRecord, document: RawDocument | Skipped) -> bool:
    """A record cut off: its stated payload digest fails, or fewer bytes than its Content-Length remain."""
    has_digest = record.rec_headers.get_header("WARC-Payload-Digest") is not None
    if has_digest and record.digest_checker.passed is not True:
        return True
    fully_read = isinstance(document, RawDocument) or "too large" not in document.reason
    unread = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader counts down the Content-Length
    return fully_read and isinstance(unread, int) and unread > 0


def _is_html_response(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return False  # redirects and errors carry no article
    content_type = _content_type(record)
    return not content_type or any(kind in content_type for kind in HTML_CONTENT_TYPES)


def _content_type(record: ArcWarcRecord) -> str:
    return (record.http_headers.get_header("Content-Type") or "").lower()


def _page_document(source: str, record: ArcWarcRecord, max_bytes: int) -> RawDocument | Skipped:
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Skipped(source, f"page too large (over max_input_bytes = {max_bytes:,} bytes)")
    if not payload.strip():
        return Skipped(source, "empty page (WARC response with no body)")
    try:
        decoded = decode_bytes(payload, declared=_declared_charset(record))
    except NotText as exc:
        return Skipped(source, str(exc))
    if not (_content_type(record) or looks_like_html(decoded.text)):
        return Skipped(source, "WARC response without a content type is not an HTML page")
    fields = normalise_fields({"url": record.rec_headers.get_header("WARC-Target-URI")})
    return RawDocument(source, decoded.text, "warc", is_html=True, fields=fields, encoding=decoded.encoding,
                       encoding_confidence=decoded.confidence)


def _declared_charset(record: ArcWarcRecord) -> str | None:
    content_type = record.http_headers.get_header("Content-Type") or ""
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
