"""Build ``corpus/archive.warc.gz`` from the HTML pages in ``warc_src/``.

The WARC is committed so the corpus works without running anything; this script
is how it was made and how to remake it after editing a page.  Output is
byte-for-byte deterministic: record ids are derived from the URL, dates are the
pages' capture dates, and warcio's gzip members carry no timestamp.

    python samples/build_warc.py
"""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import BufferWARCWriter

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "warc_src"
OUTPUT = HERE / "corpus" / "archive.warc.gz"
# A fixed namespace so the same URL always gets the same WARC-Record-ID.
RECORD_ID_NAMESPACE = uuid.UUID("6f1d3c7e-2b9a-4c55-9e0f-5a7b1c2d3e4f")

# (file in warc_src, target URI, capture date): the order here is the ordinal N in gold's ``archive.warc.gz#N``.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("rivertown_gazette.html",
     "https://www.rivertowngazette.example/world/2025/03/18/fertiliser-plant-explosion-kills-three",
     "2025-03-18T15:02:11Z"),
    ("lowland_chronicle.html",
     "https://www.lowlandchronicle.example/explainers/stavrynsk-chemical-plant-explosion-what-we-know",
     "2025-03-19T20:10:45Z"),
    ("coastal_times.html",
     "https://coastaltimes.example/ports/2025/03/13/lissard-warehouse-fire-firefighters-hurt",
     "2025-03-13T08:00:03Z"),
)


def record_id(uri: str, kind: str) -> str:
    """A stable ``<urn:uuid:...>`` so rebuilding never changes the file."""
    return f"<urn:uuid:{uuid.uuid5(RECORD_ID_NAMESPACE, kind + ' ' + uri)}>"


def response_record(writer: BufferWARCWriter, name: str, uri: str, captured: str) -> None:
    body = (SOURCE_DIR / name).read_bytes()
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": captured, "WARC-Record-ID": record_id(uri, "response")},
    )
    writer.write_record(record)


def request_record(writer: BufferWARCWriter, uri: str, captured: str) -> None:
    """A GET request before each response, as crawlers write them (readers must skip it)."""
    path = "/" + uri.split("/", 3)[3]
    host = uri.split("/")[2]
    headers = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", host), ("User-Agent", "storyfold-sample/1.0")],
                               is_http_request=True)
    record = writer.create_warc_record(
        uri, "request", http_headers=headers,
        warc_headers_dict={"WARC-Date": captured, "WARC-Record-ID": record_id(uri, "request")},
    )
    writer.write_record(record)


def build() -> bytes:
    """All records, each its own gzip member; warcio writes them with no timestamp, so bytes are stable."""
    writer = BufferWARCWriter(gzip=True)
    for name, uri, captured in PAGES:
        request_record(writer, uri, captured)
        response_record(writer, name, uri, captured)
    return writer.get_contents()


def main() -> None:
    data = build()
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes, sha1 {hashlib.sha1(data).hexdigest()[:12]})")


if __name__ == "__main__":
    main()
