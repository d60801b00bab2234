"""Property tests: every reader, on any bytes, returns documents or reasons, never an exception.

And whatever comes out is safe for every encoder downstream (no lone surrogate reaches JSON or SQLite).
"""

from __future__ import annotations

import io
import json
import string
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyfold.ingest import read_bytes
from storyfold.ingest.decode import NotText, decode_bytes, escaped_name, normalise_newlines, repair_text
from storyfold.ingest.jsonl import read_jsonl_lines, record_document
from storyfold.ingest.text import looks_like_html, parse_capture_header, text_document
from storyfold.ingest.warc import read_warc
from storyfold.model import RawDocument, Skipped

MAX_BYTES = 1_000_000
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROSE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400)


def _encodable(item: RawDocument | Skipped) -> None:
    """What a reader returns can be written as UTF-8 JSON."""
    json.dumps(item.source, ensure_ascii=False).encode("utf-8")
    if isinstance(item, RawDocument):
        assert isinstance(item.content, str) and item.content.strip()
    else:
        assert item.reason.strip()


@FUZZ
@given(st.binary(max_size=3000))
@example(b"\xff\xfe")
@example("caf\u00e9 \u2014 ".encode()[:-1])
def test_decode_returns_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        assert str(exc)
        return
    assert "\r" not in decoded.text
    assert 0.0 <= decoded.confidence <= 1.0
    decoded.text.encode("utf-8", "surrogatepass")


@FUZZ
@given(PROSE)
def test_valid_utf8_is_read_as_utf8(text: str) -> None:
    data = text.encode("utf-8")
    if b"\x00" in data[:8192] or not data.strip():
        return
    decoded = decode_bytes(data)
    assert decoded.encoding in ("utf-8", "utf-8-sig")
    assert decoded.text == normalise_newlines(text).removeprefix("\ufeff")


# Latin-script text, as Windows tools write it in UTF-16: mostly code points below U+0100.
LATIN_TEXT = st.text(st.sampled_from(string.ascii_letters + string.digits + " .,;'\"-\n\u00e9\u00fc\u00f1\u00e7"),
                     min_size=40, max_size=400)


@FUZZ
@given(LATIN_TEXT, st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
def test_bom_less_wide_text_is_detected(text: str, codec: str) -> None:
    text = f"\u201c{text}\u201d \u2014 \u20ac"
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding in ("utf-16", "utf-32")


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200).map(
    lambda t: "\u00e9t\u00e9 \u2014 " + t), st.integers(1, 3))
def test_utf8_cut_at_the_end_stays_utf8(text: str, cut: int) -> None:
    data = text.encode("utf-8")[:-cut]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("\u00e9t\u00e9")


@FUZZ
@given(st.text(max_size=500))
def test_capture_header_and_html_sniffing_never_fail(text: str) -> None:
    header = parse_capture_header(text)
    assert 0 <= header.end <= len(text)
    looks_like_html(text, "page.html")
    document = text_document("capture.txt", text, "utf-8")
    assert document.format in ("text", "html")


@FUZZ
@given(st.lists(st.binary(max_size=300), max_size=8))
@example([b"[" * 50_000 + b"]" * 50_000, b'{"text": "Council approves budget."}'])
@example([b'{"TEXT": null, "text": "Council approves budget."}'])
def test_jsonl_lines_give_one_item_per_line_and_keep_going(lines: list[bytes]) -> None:
    items = list(read_jsonl_lines("dump.jsonl", lines, MAX_BYTES))
    assert items, "an input always yields a document or a reason"
    for item in items:
        _encodable(item)
    if lines and lines[-1] == b'{"text": "Council approves budget."}':
        assert isinstance(items[-1], RawDocument)


@FUZZ
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=30))
def test_any_json_value_is_a_record_or_a_reason(value: object) -> None:
    item = record_document("dump.json#1", value)
    assert isinstance(item, RawDocument | Skipped)


@FUZZ
@given(st.binary(max_size=2000))
@example(b"")
def test_warc_reader_on_bytes_after_a_version_line(tail: bytes) -> None:
    items = list(read_warc("crawl.warc", io.BytesIO(b"WARC/1.0\r\n" + tail), MAX_BYTES))
    assert items, "a WARC with no page says why"
    for item in items:
        _encodable(item)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.json", "e.warc", "-"]))
def test_read_bytes_yields_something_for_every_input(data: bytes, name: str) -> None:
    items = list(read_bytes(name, data, MAX_BYTES))
    assert items
    for item in items:
        assert isinstance(item, RawDocument | Skipped)


@FUZZ
@given(st.text(max_size=80))
def test_repaired_text_and_escaped_names_always_encode(text: str) -> None:
    repair_text(text).encode("utf-8")
    escaped_name(text).encode("utf-8")


# ----------------------------------------------------------------- the date resolver

MENTIONS = st.sampled_from([
    "on Tuesday", "yesterday", "tomorrow", "last week", "next month", "next year", "last year", "December 31",
    "January 1", "in March", "on March 3", "this week", "Friday", "9999-12-31", "0001-01-01", "last night",
])
EDGE_DAYS = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(1, 3, 1)),
                      st.dates(min_value=date(9999, 10, 1), max_value=date(9999, 12, 31)))


@FUZZ
@given(MENTIONS, EDGE_DAYS, st.booleans())
def test_date_resolver_never_overflows_near_year_1_or_9999(mention: str, published: date, future: bool) -> None:
    from storyfold.analyze.core.dates import resolve_date, resolve_day, resolve_period

    found = resolve_date(mention, published.isoformat(), future)
    assert found is None or date(1, 1, 1) <= found[0] <= date(9999, 12, 31)
    resolve_period(f"{mention} and {mention}", published.isoformat(), future)
    resolve_day(mention, (published + timedelta(days=0)).isoformat())
