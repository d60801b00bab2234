"""read_inputs on the inputs people really have, good and bad."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.errors import InputError
from storyfold.ingest import read_inputs
from storyfold.model import RawDocument, Skipped
from storyfold.settings import Settings

ARTICLE = (
    "Floodwaters rose across the lower Marlow valley on Sunday, forcing 1,200 people from their homes, "
    "the regional emergency service said.\n\nCrews in boats reached the village of Ebbing by noon.\n"
)
CURLY = "The mayor said the café’s owner was “shocked” – and the bridge cost €2 million."
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Flood</title></head>"
    "<body><article><h1>Flood closes valley roads</h1><p>{}</p></article></body></html>"
)


def read(paths: list[str | Path], **settings: object) -> list[RawDocument | Skipped]:
    return list(read_inputs(paths, Settings(**settings)))


def documents(items: list[RawDocument | Skipped]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def skipped(items: list[RawDocument | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


# --------------------------------------------------------------------- folders and bad files


def test_folder_with_binary_empty_and_good_file(tmp_path: Path) -> None:
    (tmp_path / "a_photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "b_empty.txt").write_text("   \n\n  ")
    (tmp_path / "c_good.txt").write_text(ARTICLE, encoding="utf-8")
    items = read([tmp_path])
    assert [d.source for d in documents(items)] == [str(tmp_path / "c_good.txt")]
    reasons = {Path(s.source).name: s.reason for s in skipped(items)}
    assert set(reasons) == {"a_photo.txt", "b_empty.txt"}
    assert "binary" in reasons["a_photo.txt"]
    assert "empty" in reasons["b_empty.txt"]


def test_folder_is_walked_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text(ARTICLE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE + "More.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(ARTICLE)
    (tmp_path / ".notes.txt").write_text(ARTICLE)
    sources = [d.source for d in documents(read([str(tmp_path)]))]
    assert sources == [os.path.join(str(tmp_path), "sub", "a.txt"), os.path.join(str(tmp_path), "z.txt")]


def test_missing_path_raises_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt"):
        read_inputs([missing], Settings())


def test_glob_matching_nothing_is_an_error_and_glob_expands_sorted(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="matches no file"):
        read_inputs([str(tmp_path / "*.html")], Settings())
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(ARTICLE)
    sources = [Path(d.source).name for d in documents(read([str(tmp_path / "*.txt")]))]
    assert sources == ["a.txt", "b.txt"]


def test_too_large_file_is_skipped_with_the_setting_named(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE * 50)
    [item] = read([tmp_path / "big.txt"], max_input_bytes=1000)
    assert isinstance(item, Skipped)
    assert "too large" in item.reason and "max_input_bytes" in item.reason


def test_broken_symlink_and_unreadable_file_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(tmp_path / "gone.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE)
    locked.chmod(0)
    try:
        items = read([tmp_path])
    finally:
        locked.chmod(0o644)
    reasons = {Path(s.source).name: s.reason for s in skipped(items)}
    assert "broken symbolic link" in reasons["link.txt"]
    if os.geteuid() != 0:  # root reads everything
        assert "permission denied" in reasons["locked.txt"]


# --------------------------------------------------------------------- encodings


def test_utf16_with_bom_decodes(tmp_path: Path) -> None:
    (tmp_path / "win.txt").write_bytes(("\ufeff" + CURLY + "\r\n" + ARTICLE).encode("utf-16-le"))
    [doc] = read([tmp_path / "win.txt"])
    assert isinstance(doc, RawDocument)
    assert doc.content.startswith(CURLY + "\n")
    assert "\r" not in doc.content and "\ufeff" not in doc.content
    assert doc.encoding == "utf-16"


def test_cp1252_text_decodes_curly_quotes_and_euro(tmp_path: Path) -> None:
    (tmp_path / "legacy.txt").write_bytes((CURLY + "\r\n\r\n" + ARTICLE).encode("cp1252"))
    [doc] = read([tmp_path / "legacy.txt"])
    assert isinstance(doc, RawDocument)
    assert doc.content.startswith(CURLY + "\n\n")


def test_html_meta_charset_is_honoured_and_html_detected_by_content(tmp_path: Path) -> None:
    page = PAGE.replace("utf-8", "windows-1252").format("Gr\u00fc\u00dfe aus K\u00f6ln, sagte sie.")
    (tmp_path / "page.dat").write_bytes(page.encode("cp1252"))
    [doc] = read([tmp_path / "page.dat"])
    assert isinstance(doc, RawDocument)
    assert doc.is_html and doc.format == "html"
    assert "Grüße aus Köln" in doc.content


def test_html_fragment_saved_as_html_and_html_named_txt(tmp_path: Path) -> None:
    (tmp_path / "fragment.html").write_text("<div class='story'><p>" + ARTICLE + "</p></div>")
    (tmp_path / "page.txt").write_text(PAGE.format(ARTICLE))
    (tmp_path / "notes.txt").write_text("<3 from the valley\n" + ARTICLE)
    flags = {Path(d.source).name: d.is_html for d in documents(read([tmp_path]))}
    assert flags == {"fragment.html": True, "page.txt": True, "notes.txt": False}


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    [doc] = read([tmp_path / "bom.txt"])
    assert isinstance(doc, RawDocument) and doc.content == ARTICLE


# --------------------------------------------------------------------- capture headers


def test_capture_header_on_the_same_line_as_the_page_text(tmp_path: Path) -> None:
    raw = " date 2025-04-09 Support our newsroom today. " + ARTICLE
    (tmp_path / "cap.txt").write_text(raw)
    [doc] = read([tmp_path / "cap.txt"])
    assert isinstance(doc, RawDocument)
    assert doc.content == raw  # offsets stay into the raw text
    assert doc.fields["published"] == "2025-04-09"
    assert doc.content[int(doc.fields["header_end"]):].startswith("Support our newsroom")


def test_multi_line_capture_header(tmp_path: Path) -> None:
    raw = (
        "title: Flood closes valley roads\nurl: https://www.valley-news.example/flood\n"
        "source: Valley News\nauthor: Mira Holt and Jan Berg\npublished: 9 April 2025\nlanguage: en-GB\n\n" + ARTICLE
    )
    (tmp_path / "cap.txt").write_text(raw)
    [doc] = read([tmp_path / "cap.txt"])
    assert isinstance(doc, RawDocument)
    assert doc.fields["title"] == "Flood closes valley roads"
    assert doc.fields["url"] == "https://www.valley-news.example/flood"
    assert doc.fields["outlet"] == "Valley News"
    assert doc.fields["authors"] == ["Mira Holt", "Jan Berg"]
    assert doc.fields["published"] == "2025-04-09"
    assert doc.fields["language"] == "en"
    assert doc.content[int(doc.fields["header_end"]):] == ARTICLE


@pytest.mark.parametrize("opening", [
    "Date night at the Marlow cinema was cancelled on Sunday.",
    "Dates for the new ferry timetable were announced on Sunday.",
    "Source code for the flood model was published by the university.",
    "Title holders Marlow Rovers lost 2-1 on Sunday.",
])
def test_body_sentence_starting_like_a_key_is_not_a_header(tmp_path: Path, opening: str) -> None:
    (tmp_path / "body.txt").write_text(opening + "\n\n" + ARTICLE)
    [doc] = read([tmp_path / "body.txt"])
    assert isinstance(doc, RawDocument)
    assert "header_end" not in doc.fields and "published" not in doc.fields


def test_seed_capture_headers(seeds_dir: Path) -> None:
    docs = {Path(d.source).name[:3]: d for d in documents(read([seeds_dir]))}
    assert {k: docs[k].fields.get("published") for k in ("000", "003", "004")} == {
        "000": "2025-04-09", "003": "2025-04-09", "004": "2025-04-08"}
    assert "published" not in docs["001"].fields and "header_end" not in docs["001"].fields
    seed_000 = docs["000"]
    assert seed_000.content[int(seed_000.fields["header_end"]):].startswith("Your support helps")


# --------------------------------------------------------------------- JSON and JSONL


def test_jsonl_with_a_malformed_line_keeps_the_others(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ARTICLE, "title": "Flood", "published": "2025-04-09T10:00:00Z",
                    "authors": ["Mira Holt"], "source": {"id": None, "name": "Valley News"}}),
        '{"text": "broken record, "title": 1}',
        "",
        json.dumps({"url": "https://x.example/a", "title": "No body here"}),
        json.dumps({"html": PAGE.format("Crews in boats reached the village."), "site": "Ebbing Post"}),
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n")
    items = read([tmp_path / "dump.jsonl"])
    src = str(tmp_path / "dump.jsonl")
    first, bad, empty, html = items
    assert isinstance(first, RawDocument) and first.source == f"{src}#1"
    assert first.fields == {"title": "Flood", "published": "2025-04-09", "authors": ["Mira Holt"],
                            "outlet": "Valley News"}
    assert isinstance(bad, Skipped) and bad.source == f"{src}#2" and "line 2" in bad.reason
    assert isinstance(empty, Skipped) and empty.source == f"{src}#4" and "no 'text' or 'html'" in empty.reason
    assert isinstance(html, RawDocument) and html.source == f"{src}#5" and html.is_html
    assert html.fields == {"outlet": "Ebbing Post"}


def test_empty_jsonl_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "none.jsonl").write_text("\n\n")
    [item] = read([tmp_path / "none.jsonl"])
    assert isinstance(item, Skipped) and "empty" in item.reason


def test_json_list_and_single_object(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps([{"text": ARTICLE, "date": "April 9, 2025"}, {"text": "  "}]))
    (tmp_path / "one.json").write_text(json.dumps({"content": ARTICLE, "publishedAt": "2025-04-08"}))
    items = read([tmp_path / "list.json", tmp_path / "one.json"])
    listed, blank, single = items
    assert isinstance(listed, RawDocument) and listed.source.endswith("list.json#1")
    assert listed.fields["published"] == "2025-04-09"
    assert isinstance(blank, Skipped) and blank.source.endswith("list.json#2") and "empty" in blank.reason
    assert isinstance(single, RawDocument) and single.source.endswith("one.json")
    assert single.fields["published"] == "2025-04-08"


def test_jsonl_recognised_by_content_and_gzipped_dump(tmp_path: Path) -> None:
    record = json.dumps({"text": ARTICLE, "outlet": "Valley News"})
    (tmp_path / "export.txt").write_text(record + "\n" + record.replace("Valley", "Hill") + "\n")
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress((record + "\n").encode()))
    items = read([tmp_path / "export.txt", tmp_path / "feed.jsonl.gz"])
    assert [(Path(d.source).name, d.fields["outlet"]) for d in documents(items)] == [
        ("export.txt#1", "Valley News"), ("export.txt#2", "Hill News"), ("feed.jsonl.gz#1", "Valley News")]


# --------------------------------------------------------------------- WARC


def _warc(records: list[tuple[str, str, bytes]]) -> bytes:
    """A WARC.gz with a request + response per (url, content type, body)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, content_type, body in records:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_warc_gz_html_responses_become_documents(tmp_path: Path) -> None:
    latin = PAGE.format("Caf\u00e9 owners cleaned up.").replace("utf-8", "iso-8859-1").encode("latin-1")
    data = _warc([
        ("https://a.example/flood", "text/html; charset=utf-8", PAGE.format("Crews reached Ebbing.").encode()),
        ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("https://b.example/cafe", "text/html", latin),
    ])
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    items = read([tmp_path])
    assert all(isinstance(item, RawDocument) for item in items)
    first, second = items
    assert first.source.endswith("crawl.warc.gz#1") and first.fields["url"] == "https://a.example/flood"
    assert second.source.endswith("crawl.warc.gz#2") and "Café owners" in second.content
    assert first.is_html and first.format == "warc"


@pytest.mark.parametrize("damage", [
    lambda more: more[:-30],  # the archive was cut off inside the second page
    lambda more: b"HTTP/1.1 200 OK\r\nthis is not a WARC record\r\n\r\n" + more,  # garbage between records
])
def test_corrupt_warc_keeps_records_already_read(tmp_path: Path, damage) -> None:
    good = _warc([("https://a.example/one", "text/html", PAGE.format("First page.").encode())])
    more = _warc([("https://a.example/two", "text/html", PAGE.format("Second page.").encode())])
    (tmp_path / "broken.warc.gz").write_bytes(good + damage(more))
    items = read([tmp_path / "broken.warc.gz"])
    assert len(items) == 2
    assert isinstance(items[0], RawDocument) and "First page." in items[0].content
    assert isinstance(items[1], Skipped) and "corrupt WARC" in items[1].reason
    assert "1 page(s) before it were kept" in items[1].reason


def test_sample_corpus_sources_match_gold_keys() -> None:
    corpus = Path(__file__).resolve().parents[2] / "samples" / "corpus"
    gold = json.loads((corpus.parent / "gold.json").read_text("utf-8"))
    found = {Path(d.source).relative_to(corpus).as_posix() for d in documents(read([corpus]))}
    assert found == set(gold["articles"])


# --------------------------------------------------------------------- stdin


def test_stdin_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    [doc] = read(["-"])
    assert isinstance(doc, RawDocument) and doc.source == "-" and doc.content == ARTICLE
    lines = json.dumps({"text": ARTICLE}) + "\n" + json.dumps({"text": ARTICLE + "Later."}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode("utf-8"))))
    assert [d.source for d in documents(read(["-"]))] == ["-#1", "-#2"]


@pytest.mark.parametrize("keep", [0.35, 0.55, 0.75, 0.9])
def test_warc_cut_anywhere_says_so(tmp_path: Path, keep: float) -> None:
    """Wherever the archive is cut, the user is told: no partial archive passes for a whole one."""
    pages = [(f"https://a.example/{n}", "text/html", PAGE.format(f"Page number {n} " * 40).encode()) for n in range(3)]
    data = _warc(pages)
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * keep)])
    items = read([tmp_path / "cut.warc.gz"])
    reasons = [s.reason for s in skipped(items)]
    assert len(documents(items)) < 3
    assert len(reasons) == 1 and ("cut short" in reasons[0] or "corrupt WARC" in reasons[0]), reasons


def test_gzipped_dump_cut_short_keeps_lines_and_says_so(tmp_path: Path) -> None:
    lines = [json.dumps({"url": f"https://b.example/{n}", "text": ARTICLE + f" Item {n}." * 30}) for n in range(40)]
    data = gzip.compress("\n".join(lines).encode())
    (tmp_path / "dump.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    items = read([tmp_path / "dump.jsonl.gz"])
    assert documents(items), "the lines before the cut are kept"
    assert any("cut short" in s.reason for s in skipped(items))


def test_one_hostile_file_does_not_end_the_folder_run(tmp_path: Path) -> None:
    (tmp_path / "a_deep.json").write_text("[" * 100_000, "utf-8")  # nesting that breaks JSON parsers
    (tmp_path / "b_good.txt").write_text(ARTICLE, "utf-8")
    items = read([tmp_path])
    assert [Path(d.source).name for d in documents(items)] == ["b_good.txt"]
    assert [Path(s.source).name for s in skipped(items)] == ["a_deep.json"]
