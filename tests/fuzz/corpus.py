"""A hostile corpus built in code: valid articles in every format mixed with malformed and mutated files.

Used by the slow fuzz test (a few hundred files) and by ``benchmarks/fuzz.py`` (3,000).  A fixed seed
makes every run build the same files.  The manifest says, per file, what a correct run must report:

* ``articles``: record sources that must come out as articles (every valid article);
* ``must_skip``: file sources that must come out (at least) as a skipped entry with a reason;
* every file at all must be accounted for: an article or a skipped entry whose source starts with it.

The articles are fictional: sentences drawn from templates with invented places, people and numbers, so
no two articles share their wording and none copies a real page.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyfold.ingest.decode import escaped_name

PLACES = ["Velmora", "Carrow", "Ostberg", "Linden Vale", "Marlow", "Ebbing", "Tarsk", "Quillon", "Braemouth",
          "Hollin", "Saint Ives Bay", "Dunmere", "Korrin", "Alvesta", "Penwick", "Rusk Harbour"]
PEOPLE = ["Elena Marsh", "Tomas Reyes", "Ilse Varga", "Kofi Mensah", "Anya Petrova", "Rahul Desai", "Mei Lin",
          "Oskar Lund", "Fatima Haddad", "Jonas Berg", "Clara Novak", "Diego Alvarez", "Sanna Koski"]
ROLES = ["the regional governor", "a council spokesperson", "the harbour master", "the health minister",
         "the fire chief", "a union representative", "the school board chair", "the police commissioner"]
SUBJECTS = ["a new tram line", "the flood defences", "a hospital wing", "the ferry service", "a wind farm",
            "the water tariff", "a library closure", "the port expansion", "a teachers' strike", "the bypass road",
            "a bridge repair", "the recycling plant", "a housing project", "the night bus network"]
VERBS = ["approved", "delayed", "rejected", "reviewed", "funded", "paused", "expanded", "questioned"]
SENTENCES = [
    "Officials in {place} {verb} {subject} on {weekday}, a decision that affects about {n:,} residents.",
    "{person}, {role}, said the plan had been discussed for {m} months before the vote.",
    "\u201cWe owe people a clear answer,\u201d {person} told reporters outside the town hall in {place}.",
    "The cost was put at {n2} million euros, and {m} members of the assembly voted against it.",
    "Critics in {place2} argued that {subject} would do little for families on the edge of town.",
    "Work is expected to start within {m} weeks if no appeal is lodged, {role} said.",
    "Local businesses, including a bakery run by {person2}, said they had not been consulted.",
    "A report published in {place2} last year had warned that {subject} was running behind schedule.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
OUTLETS = ["Harbour Tribune", "Coast Courier", "Valley Ledger", "Northern Dispatch", "Island Daily"]
# Shares of the corpus: valid files, then malformed ones (the rest are mutated copies of valid ones).
VALID_SHARE = 0.35
MALFORMED_SHARE = 0.45


@dataclass
class Manifest:
    folder: Path
    articles: set[str] = field(default_factory=set)  # record sources that must be articles
    must_skip: set[str] = field(default_factory=set)  # file sources that must have a skipped entry
    files: set[str] = field(default_factory=set)  # every file source in the corpus
    kinds: dict[str, str] = field(default_factory=dict)  # file source -> what it is (for failure messages)


class _Builder:
    def __init__(self, folder: Path, seed: int) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.manifest = Manifest(folder)
        self.count = 0
        self.dry = False
        self.last_payload: tuple[str, bytes] = ("", b"")

    # ----------------------------------------------------------- articles

    def article_text(self) -> str:
        rng = self.rng
        values = {"place": rng.choice(PLACES), "place2": rng.choice(PLACES), "person": rng.choice(PEOPLE),
                  "person2": rng.choice(PEOPLE), "role": rng.choice(ROLES), "subject": rng.choice(SUBJECTS),
                  "verb": rng.choice(VERBS), "weekday": rng.choice(WEEKDAYS), "n": rng.randint(800, 90000),
                  "n2": rng.randint(2, 400), "m": rng.randint(2, 30)}
        sentences = rng.sample(SENTENCES, k=rng.randint(5, len(SENTENCES)))
        paragraphs = [" ".join(s.format(**values) for s in sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
        return "\n\n".join(paragraphs)

    def title(self) -> str:
        return f"{self.rng.choice(PLACES)} {self.rng.choice(VERBS)} {self.rng.choice(SUBJECTS)}"

    def capture(self) -> str:
        day = f"2025-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        return f"date {day}\n{self.rng.choice(OUTLETS)}\n\n{self.title()}\n\n{self.article_text()}\n"

    def html(self) -> str:
        paragraphs = "".join(f"<p>{p}</p>" for p in self.article_text().split("\n\n"))
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{self.title()}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{self.title()}</h1>"
                f"{paragraphs}</article><footer>Contact us</footer></body></html>")

    def record(self) -> dict[str, object]:
        return {"url": f"https://news.example/{self.rng.randrange(10**9)}", "title": self.title(),
                "published": "2025-03-04", "outlet": self.rng.choice(OUTLETS), "text": self.article_text()}

    # ----------------------------------------------------------- writing

    def name(self, suffix: str, odd: bool = False) -> bytes:
        self.count += 1
        stem = f"f{self.count:05d}"
        if odd:
            stem += self.rng.choice([" with space", "-caf\u00e9", "[red]markup[/red]", "\u65b0\u95fb",
                                     "-\u202eevil", " 'quote\"", "-" + "x" * 150]).replace("/", "_")
        raw = stem.encode("utf-8")
        if odd and self.rng.random() < 0.3:
            raw += b"-\xff\xfe"  # bytes that are not UTF-8: legal in a Linux file name
        return raw + suffix.encode()

    def write(self, raw_name: bytes, data: bytes, kind: str) -> str:
        if self.dry:  # a payload for a mutated file: kept, not written
            self.last_payload = (raw_name.decode("utf-8", "replace"), data)
            return self.source(raw_name)
        path = os.path.join(os.fsencode(self.folder), raw_name)
        with open(path, "wb") as stream:
            stream.write(data)
        source = self.source(raw_name)
        self.manifest.files.add(source)
        self.manifest.kinds[source] = kind
        return source

    def source(self, raw_name: bytes) -> str:
        return escaped_name(os.path.join(str(self.folder), os.fsdecode(raw_name)))

    def valid(self, kind: str, raw_name: bytes, data: bytes, records: int = 0) -> None:
        source = self.write(raw_name, data, kind)
        if self.dry:
            return
        if records:
            self.manifest.articles |= {f"{source}#{n}" for n in range(1, records + 1)}
        else:
            self.manifest.articles.add(source)

    def invalid(self, kind: str, raw_name: bytes, data: bytes) -> str:
        source = self.write(raw_name, data, kind)
        self.manifest.must_skip.add(source)
        return source


def _warc(pages: list[tuple[str, str, str]], gz: bool = False) -> bytes:
    """(url, content type, body) records as a WARC (digests included, as crawlers write them)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, content_type, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def _valid_file(b: _Builder) -> None:
    rng = b.rng
    odd = rng.random() < 0.2
    choice = rng.randrange(14)
    if choice == 12:
        odd_char = rng.choice(["\u200b", "\u200d", "\x01", "\x0b", "\ufeff"])
        page = b.html().replace("<article>", f"<article{odd_char} class='story'>", 1)
        page = page.replace("<p>", f"<p{odd_char}>", 1)
        b.valid("html with a zero-width or control character inside a tag", b.name(".html", odd), page.encode())
    elif choice == 13:
        words = " ".join(b.article_text().replace("\n", " ") for _ in range(rng.randint(40, 120)))
        b.valid("long capture on a single line", b.name(".txt"), words.encode())
    elif choice == 0:
        b.valid("text utf-8", b.name(".txt", odd), b.capture().encode())
    elif choice == 1:
        b.valid("html", b.name(".html", odd), b.html().encode())
    elif choice == 2:
        records = [b.record() for _ in range(rng.randint(1, 3))]
        b.valid("jsonl", b.name(".jsonl", odd), "".join(json.dumps(r) + "\n" for r in records).encode(), len(records))
    elif choice == 3:
        records = [b.record() for _ in range(rng.randint(1, 3))]
        b.valid("json list", b.name(".json", odd), json.dumps(records).encode(), len(records))
    elif choice == 4:
        pages = [(f"https://news.example/{n}", "text/html; charset=utf-8", b.html()) for n in range(rng.randint(1, 3))]
        pages.insert(rng.randint(0, len(pages)), ("https://news.example/logo.png", "image/png", "PNG"))
        b.valid("warc", b.name(".warc.gz" if rng.random() < 0.5 else ".warc", odd), _warc(pages, gz=rng.random() < 0.5),
                len(pages) - 1)
    elif choice == 5:
        codec = rng.choice(["utf-16-le", "utf-16-be", "utf-32-le"])
        b.valid(f"{codec} without BOM", b.name(".txt"), b.capture().encode(codec))
    elif choice == 6:
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
        codec = rng.choice(list(bom))
        b.valid(f"{codec} with BOM", b.name(".txt"), bom[codec] + b.capture().encode(codec))
    elif choice == 7:
        b.valid("cp1252", b.name(".txt"), (b.capture() + "Caf\u00e9 owners said \u201cno\u201d.\n").encode("cp1252"))
    elif choice == 8:
        data = (b.capture().rstrip() + " \u2014 the r\u00e9sum\u00e9 \u2019s end \u20ac").encode()
        b.valid("utf-8 cut at the end", b.name(".txt"), data[:-rng.randint(1, 2)])
    elif choice == 9:
        data = bytearray(b.capture().replace("residents", "r\u00e9sidents \u2014").encode())
        for _ in range(rng.randint(1, 2)):
            data.insert(rng.randrange(len(data) // 2, len(data)), 0xFF)
        b.valid("utf-8 with bad bytes", b.name(".txt"), bytes(data))
    elif choice == 10:
        record = b.record()
        text = record.pop("text")
        line = json.dumps({"TEXT": None, **record, "text": text}).replace(" euros", " euros \\ud800", 1)
        b.valid("jsonl null twin + lone surrogate", b.name(".jsonl", odd), (line + "\n").encode(), 1)
    else:
        deep = "[" * 100_000 + "]" * 100_000
        good = json.dumps(b.record())
        source = b.write(b.name(".jsonl", odd), f"{deep}\n{good}\n".encode(), "jsonl deep line then good line")
        if b.dry:
            return
        b.manifest.articles.add(f"{source}#2")
        b.manifest.must_skip.add(source)  # line 1 is skipped (its source is file#1)


SCRIPT_ONLY = [
    "<html><body><noscript>var tracker = initialise({id: 42}); tracker.send('pageview');</noscript></body></html>",
    "<html><body><template><div class='card'>{{ headline }} {{ teaser }}</div></template></body></html>",
    "<html><body><svg><text>window.__STATE__ = {\"user\": null, \"ads\": [1, 2, 3]}</text></svg></body></html>",
]


def _malformed_file(b: _Builder) -> None:
    rng = b.rng
    choice = rng.randrange(14)
    if choice == 0:
        b.invalid("random binary", b.name(".txt"), bytes(rng.randrange(256) for _ in range(rng.randint(64, 4096))))
    elif choice == 1:
        b.invalid("random bytes after WARC/1.0", b.name(rng.choice([".warc", ".txt"])),
                  b"WARC/1.0\r\n" + bytes(rng.randrange(256) for _ in range(512)))
    elif choice == 2:
        b.invalid("zero-byte", b.name(rng.choice([".warc", ".txt", ".jsonl", ".html"])), b"")
    elif choice == 3:
        b.invalid("whitespace only", b.name(".txt"), b"  \n\t\n  ")
    elif choice == 4:
        data = gzip.compress("".join(json.dumps(b.record()) + "\n" for _ in range(3)).encode())
        b.invalid("gzip cut short", b.name(".jsonl.gz"), data[:len(data) // 2])
    elif choice == 5:
        b.invalid("malformed JSON", b.name(".json"), b'{"text": "unterminated, "title": ')
    elif choice == 6:
        b.invalid("JSON nested 100k deep", b.name(".json"), b"[" * 100_000 + b"]" * 100_000)
    elif choice == 7:
        b.invalid("JSON without text", b.name(".jsonl"), b'{"title": "No body here", "url": null}\n')
    elif choice == 8:
        b.invalid("WARC with only images", b.name(".warc"),
                  _warc([("https://x.example/a.png", "image/png", "PNG"), ("https://x.example/s.js", "text/javascript",
                                                                          "var a = 1;")]))
    elif choice == 9:
        b.invalid("script-only HTML", b.name(".html"), rng.choice(SCRIPT_ONLY).encode())
    elif choice == 10:
        pages = [(f"https://news.example/p{n}", "text/html", b.html()) for n in range(3)]
        data = _warc(pages)
        cut = rng.randint(len(data) * 2 // 3, len(data) - 40)
        source = b.write(b.name(".warc"), data[:cut], "plain WARC cut mid-record")
        b.manifest.must_skip.add(source)
        kept = _warc(pages[:2])
        if cut >= len(kept) + 40:  # the first two records are whole before the cut
            b.manifest.articles |= {f"{source}#1", f"{source}#2"}
    elif choice == 11:
        b.invalid("JSONL of only broken lines", b.name(".jsonl"), b'{"text": "cut\n{{{\nnot json at all\n')
    elif choice == 12:
        loop = b.folder / f"loop{b.count:05d}"
        loop.mkdir()
        (loop / "back").symlink_to("..", target_is_directory=True)
        source = str(loop / "back")
        b.manifest.files.add(source)
        b.manifest.kinds[source] = "symlink loop"
        b.manifest.must_skip.add(source)
        b.count += 1
    else:
        b.count += 1
        link = b.folder / f"f{b.count:05d}-broken.txt"
        link.symlink_to(b.folder / "does-not-exist.txt")
        b.manifest.files.add(str(link))
        b.manifest.kinds[str(link)] = "broken symlink"
        b.manifest.must_skip.add(str(link))


def _mutated_file(b: _Builder) -> None:
    """A fresh valid payload with bytes flipped, cut or duplicated: an article or a skip, never silence or a crash.

    Fresh, not a copy of a file in the corpus: a text repeated across files is rightly taken for
    boilerplate by the cleaner, which would make the original's loss the corpus's fault.
    """
    rng = b.rng
    b.dry = True
    try:
        _valid_file(b)
    finally:
        b.dry = False
    name, data = b.last_payload
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        operation = rng.randrange(3)
        position = rng.randrange(max(1, len(mutated)))
        if operation == 0 and mutated:
            mutated[position] = rng.randrange(256)
        elif operation == 1:
            del mutated[position:position + rng.randint(1, 200)]
        else:
            mutated[position:position] = mutated[position:position + rng.randint(1, 50)]
    suffix = "".join(Path(name).suffixes[-2:]) or ".txt"
    b.write(b.name(suffix), bytes(mutated), f"mutated {name}")


def build_corpus(folder: Path, files: int, seed: int = 12) -> Manifest:
    """Write about ``files`` hostile files into ``folder`` (created) and return what a run must report."""
    folder.mkdir(parents=True, exist_ok=True)
    builder = _Builder(folder, seed)
    for _ in range(files):
        roll = builder.rng.random()
        if roll < VALID_SHARE:
            _valid_file(builder)
        elif roll < VALID_SHARE + MALFORMED_SHARE:
            _malformed_file(builder)
        else:
            _mutated_file(builder)
    return builder.manifest


def check_result(manifest: Manifest, result: dict[str, object]) -> dict[str, list[str]]:
    """What a run got wrong: valid articles lost, must-skip files not skipped, files with no trace."""
    articles = {a["source"] for a in result["articles"]}  # type: ignore[index, union-attr]
    skipped = {s["source"]: s["reason"] for s in result["skipped"]}  # type: ignore[index, union-attr]
    seen = articles | set(skipped)

    def traced(source: str) -> bool:
        return any(s == source or s.startswith(source + "#") or s.startswith(source + os.sep) for s in seen)

    def skipped_with_reason(source: str) -> bool:
        return any((s == source or s.startswith(source + "#")) and skipped[s] for s in skipped)

    return {
        "lost": sorted(manifest.articles - articles),
        "not_skipped": sorted(f"{s} ({manifest.kinds.get(s)})" for s in manifest.must_skip
                              if not skipped_with_reason(s)),
        "silent": sorted(f"{s} ({manifest.kinds.get(s)})" for s in manifest.files if not traced(s)),
    }
