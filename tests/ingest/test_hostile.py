"""Hostile inputs a real crawl holds on day one: each class from the fuzz corpus, pinned by one test."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.ingest import read_inputs
from storyfold.ingest.decode import decode_bytes
from storyfold.model import Article, RawDocument, Skipped
from storyfold.settings import Settings

ARTICLE = (
    "Regional councillors in Ostberg approved a new tram line on Tuesday, a decision that affects about "
    "40,000 residents of the northern districts.\n\nThe project, costed at 210 million euros, had been "
    "discussed for nine months before the vote, the council's transport chair, Clara Novak, said.\n"
)
PAGE = ("<!DOCTYPE html><html><head><title>Tram line approved</title></head><body><article>"
        "<h1>Tram line approved</h1><p>{}</p></article></body></html>")


def read(paths: list[str | Path], **settings: object) -> list[RawDocument | Skipped]:
    return list(read_inputs(paths, Settings(**settings)))


def by_kind(items: list[RawDocument | Skipped]) -> tuple[list[RawDocument], list[Skipped]]:
    return ([i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, Skipped)])


def warc(pages: list[tuple[str, str]], *, gz: bool = False) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for n, (content_type, body) in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{n}", "response",
                                                      payload=io.BytesIO(body.encode()), http_headers=headers))
    return buffer.getvalue()


# ----------------------------------------------------------------- text that cannot be encoded


def test_lone_surrogate_in_a_jsonl_record_becomes_a_replacement_character(tmp_path: Path) -> None:
    line = json.dumps({"text": ARTICLE + " \ud800", "title": "Tram \udcff line"})  # json escapes them as \ud800
    (tmp_path / "dump.jsonl").write_text(line + "\n", "ascii")
    [doc] = read([tmp_path / "dump.jsonl"])
    assert isinstance(doc, RawDocument)
    assert doc.content.endswith("\ufffd") and doc.fields["title"] == "Tram \ufffd line"
    json.dumps(doc.content, ensure_ascii=False).encode("utf-8")  # what failed the whole run before


@pytest.mark.skipif(sys.platform == "win32", reason="file names are bytes only on POSIX")
def test_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9-report.txt")
    with open(raw, "wb") as stream:
        stream.write(ARTICLE.encode())
    [doc] = read([tmp_path])
    assert doc.source == str(tmp_path / "caf\\xe9-report.txt")
    doc.source.encode("utf-8")
    assert Article.from_raw(doc).id  # the id hashes the escaped name


# ----------------------------------------------------------------- JSON


def test_deeply_nested_jsonl_line_is_skipped_and_the_rest_of_the_file_read(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "dump.jsonl").write_text(f"{deep}\n{json.dumps({'text': ARTICLE})}\n")
    docs, skipped = by_kind(read([tmp_path / "dump.jsonl"]))
    assert [d.source for d in docs] == [f"{tmp_path / 'dump.jsonl'}#2"]
    assert skipped[0].source.endswith("#1") and "nested too deeply" in skipped[0].reason


def test_deeply_nested_json_file_is_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("{" + '"a":{' * 60_000 + "}" * 60_001)
    [entry] = read([tmp_path / "deep.json"])
    assert isinstance(entry, Skipped) and "deep" in entry.reason


def test_a_null_twin_after_lower_casing_does_not_hide_the_text(tmp_path: Path) -> None:
    records = [{"text": ARTICLE, "TEXT": None}, {"TEXT": None, "Text": ARTICLE + "Second."},
               {"html": "", "text": ARTICLE + "Third."}]
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    docs, skipped = by_kind(read([tmp_path / "dump.jsonl"]))
    assert len(docs) == 3 and not skipped
    assert docs[1].content.endswith("Second.") and docs[2].content.endswith("Third.")


def test_null_fields_are_left_out(tmp_path: Path) -> None:
    record = {"text": ARTICLE, "url": None, "title": None, "authors": [None, {"name": None}], "source": None,
              "published": None, "language": None}
    (tmp_path / "dump.jsonl").write_text(json.dumps(record) + "\n")
    [doc] = read([tmp_path / "dump.jsonl"])
    assert isinstance(doc, RawDocument) and doc.fields == {}


@pytest.mark.parametrize("content", ["[]", '{"articles": []}'])
def test_json_file_without_records_is_skipped_not_silent(tmp_path: Path, content: str) -> None:
    (tmp_path / "export.json").write_text(content)
    [entry] = read([tmp_path])
    assert isinstance(entry, Skipped) and "no records" in entry.reason


def test_stdin_jsonl_dump_with_bad_first_lines_is_still_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['{"text": "cut off', "not json at all", json.dumps({"text": ARTICLE}),
             json.dumps({"text": ARTICLE + "Two."}), json.dumps({"text": ARTICLE + "Three."})]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(lines).encode())))
    docs, skipped = by_kind(read(["-"]))
    assert [d.source for d in docs] == ["-#3", "-#4", "-#5"]
    assert [s.source for s in skipped] == ["-#1", "-#2"]


# ----------------------------------------------------------------- encodings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_text_without_a_byte_order_mark_is_read(tmp_path: Path, codec: str) -> None:
    text = ARTICLE.replace("euros", "\u20ac \u201cover budget\u201d")
    (tmp_path / "capture.txt").write_bytes(text.encode(codec))
    [doc] = read([tmp_path])
    assert isinstance(doc, RawDocument) and doc.content == text
    assert doc.encoding == codec[:6] and doc.encoding_confidence is not None and doc.encoding_confidence > 0.5


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_utf8_cut_inside_its_last_character_stays_utf8(tmp_path: Path, cut: int) -> None:
    data = (ARTICLE + "The caf\u00e9 owner said \u201cfine\u201d \U0001f600").encode()
    (tmp_path / "capture.txt").write_bytes(data[:-cut])
    [doc] = read([tmp_path])
    assert isinstance(doc, RawDocument) and doc.encoding == "utf-8"
    assert "caf\u00e9" in doc.content and doc.content.endswith("\ufffd")


def test_utf8_with_a_few_bad_bytes_is_utf8_with_replacement_characters() -> None:
    data = ("Le caf\u00e9 “noir” co\u00fbte 3 \u20ac. " * 10).encode()
    damaged = data.replace(b"3 ", b"3\xff ", 1).replace(b"3 ", b"3\xfe ", 1)  # two stray bytes
    decoded = decode_bytes(damaged)
    assert decoded.encoding == "utf-8" and decoded.replaced == 2
    assert decoded.text.count("caf\u00e9") == 10  # no mojibake ("cafÃ©")
    assert 0.8 < decoded.confidence < 1.0


def test_legacy_code_page_is_still_recognised() -> None:
    decoded = decode_bytes("The caf\u00e9 owner said \u201cno\u201d to the r\u00e9sum\u00e9.".encode("cp1252"))
    assert decoded.encoding == "cp1252" and "caf\u00e9" in decoded.text


def test_the_encoding_decision_is_recorded_on_the_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    [doc] = read([tmp_path])
    article = Article.from_raw(doc)
    assert (article.encoding, article.encoding_confidence) == ("utf-16", 1.0)


# ----------------------------------------------------------------- WARC: never a silent file


def test_warc_with_only_non_html_records_says_so(tmp_path: Path) -> None:
    (tmp_path / "assets.warc").write_bytes(warc([("image/png", "PNG"), ("text/css", "body{}")]))
    [entry] = read([tmp_path])
    assert isinstance(entry, Skipped) and "no HTML page" in entry.reason and "image/png" in entry.reason


def test_zero_byte_warc_is_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc").write_bytes(b"")
    [entry] = read([tmp_path])
    assert isinstance(entry, Skipped) and "empty" in entry.reason


def test_random_bytes_after_a_warc_version_line_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "crawl.warc").write_bytes(b"WARC/1.0\r\n" + bytes(range(256)) * 4)
    items = read([tmp_path])
    assert items and all(isinstance(i, Skipped) for i in items)


@pytest.mark.parametrize("where", [0.70, 0.80, 0.95])
def test_plain_warc_cut_mid_record_keeps_pages_before_the_cut_and_reports_it(tmp_path: Path, where: float) -> None:
    data = warc([("text/html", PAGE.format(ARTICLE + f" Page {n}.")) for n in range(3)])
    (tmp_path / "crawl.warc").write_bytes(data[:int(len(data) * where)])
    docs, skipped = by_kind(read([tmp_path]))
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["1", "2"]
    assert len(skipped) == 1 and "cut short" in skipped[0].reason and "2 page(s)" in skipped[0].reason


def test_gzipped_jsonl_cut_short_keeps_its_records_and_says_so(tmp_path: Path) -> None:
    data = gzip.compress("".join(json.dumps({"text": ARTICLE + str(n)}) + "\n" for n in range(50)).encode())
    (tmp_path / "dump.jsonl.gz").write_bytes(data[: len(data) * 3 // 4])
    docs, skipped = by_kind(read([tmp_path]))
    assert docs and any("cut short" in s.reason for s in skipped)


# ----------------------------------------------------------------- folders


def test_symlink_loop_is_reported_not_walked(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..", target_is_directory=True)
    docs, skipped = by_kind(read([tmp_path]))
    assert [Path(d.source).name for d in docs] == ["a.txt"]
    [loop] = skipped
    assert loop.source == str(tmp_path / "sub" / "up") and "loop" in loop.reason


def test_folder_depth_limit_is_reported_and_can_be_raised(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*[f"d{n}" for n in range(5)])
    deep.mkdir(parents=True)
    (deep / "a.txt").write_text(ARTICLE)
    docs, skipped = by_kind(read([tmp_path], max_folder_depth=3))
    assert not docs and "max_folder_depth" in skipped[0].reason
    assert by_kind(read([tmp_path], max_folder_depth=5))[0]


def test_file_limit_per_run_is_reported(tmp_path: Path) -> None:
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(ARTICLE + str(n))
    docs, skipped = by_kind(read([tmp_path], max_input_files=2))
    assert len(docs) == 2 and "max_input_files" in skipped[0].reason
