"""Bytes to text: find the encoding people's files really use, or say why there is none.

Captures come as UTF-8 (with or without a byte-order mark), UTF-16 from Windows
tools, and legacy 8-bit code pages from old sites and exports.  Order matters:
a byte-order mark is certain, strict UTF-8 is nearly so (legacy text almost never
happens to be valid UTF-8), an HTML page's own ``<meta charset>`` beats a
statistical guess, Windows-1252 is kept when it reads clean, and charset-normalizer's
guess comes last.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

# Byte-order marks, longest first so UTF-32 is not mistaken for UTF-16.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A text file has no NUL bytes; one in the first few KB means an image, PDF or archive.
# (UTF-16/32 text has NULs too, which is why the byte-order mark is checked first.)
BINARY_SNIFF_BYTES = 8192
# HTML declares its charset in the first KB or so (the HTML spec tells browsers to look at 1,024 bytes;
# real pages put long <head> scripts first, so we look further).
META_CHARSET_SNIFF_BYTES = 4096
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# charset-normalizer reports "chaos" (0 = clean text, 1 = noise); above this the bytes are not text at all.
MAX_CHAOS = 0.5
# Windows-1252 is by far the most common legacy encoding of web pages and office exports, while
# charset-normalizer's statistics on a short article often pick a DOS or Central European code page
# that decodes the same bytes into plausible-looking nonsense ("cafÚÆs").  So Windows-1252 is tried
# first and kept when its text reads clean (charset-normalizer's mess ratio; Polish or Cyrillic bytes
# read as Windows-1252 score above 1).
PREFERRED_LEGACY = "cp1252"
MAX_PREFERRED_MESS = 0.1
NEWLINES = re.compile(r"\r\n?|\u2028|\u2029")
# Web pages that declare Latin-1 or ASCII are in practice Windows-1252 (curly quotes, euro sign): the
# WHATWG encoding standard maps these labels to it, and so do browsers.
WEB_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


class NotText(ValueError):
    """The bytes are not text in any encoding we can read; the message is the user-facing reason."""


# Lone surrogates (from a JSON "\ud800" escape or a file name's undecodable bytes) cannot be encoded
# as UTF-8: one of them would make the final write of a whole run fail.  Text gets U+FFFD instead.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# UTF-8 damaged by a few bad bytes (a cut at the end, a flipped byte) is still UTF-8: legacy text that
# happens to contain valid multi-byte UTF-8 sequences is vanishingly rare.  Up to this share of bad
# sequences among all non-ASCII sequences the file is read as UTF-8 with replacement characters.
MAX_BAD_UTF8_SHARE = 0.2
# A cut at the end leaves at most the first 3 bytes of a 4-byte sequence.
MAX_CUT_BYTES = 3
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-16/32 without a byte-order mark: text of mostly Latin script has a NUL in one fixed position of
# every code unit.  At least this share of the units must show it to call the bytes wide text.
MIN_WIDE_NUL_SHARE = 0.3
WIDE_CANDIDATES = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
# Decoded wide text must read as text: control characters other than tab and newlines mean binary.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
# How sure each decision is (recorded on the article so a reader can judge mojibake risk).
CONFIDENCE = {"bom": 1.0, "utf-8": 0.99, "ascii": 1.0, "stated": 0.9, "utf-8-cut": 0.9, "cp1252": 0.8}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    confidence: float = 1.0  # 0..1: how sure the encoding decision is
    replaced: int = 0  # bad byte sequences replaced by U+FFFD


def repair_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so any encoder accepts it."""
    if LONE_SURROGATE.search(text) is None:
        return text
    return LONE_SURROGATE.sub(REPLACEMENT, text)


# Characters that must not reach a terminal raw: C0/C1 controls (escape sequences, carriage returns that
# overwrite a line) and the bidirectional overrides that make "evil\u202etxt.exe" read as another name.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control and bidi-override characters as ``\\xNN``/``\\uNNNN``, for one-line messages."""
    return UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def escaped_name(name: str) -> str:
    """A file name safe to show and encode: undecodable bytes become ``\\xNN`` (as ``ls -b`` does)."""
    if LONE_SURROGATE.search(name) is None:
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte (from JSON or argv)
        return name.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` to text with ``\\n`` newlines; ``declared`` is a charset a container stated (HTTP header).

    Raises :class:`NotText` for binary or undecodable input.
    """
    bom_encoding = _bom_encoding(data)
    if bom_encoding:
        return _with_bom(data, bom_encoding)
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        wide = _wide_text(data)
        if wide is None:
            raise NotText("not a text file (binary: contains NUL bytes)")
        return wide
    for number, encoding in enumerate(_stated_encodings(data, declared)):
        try:
            return _decoded(data, encoding, _utf8_confidence(data) if number == 0 else CONFIDENCE["stated"])
        except (UnicodeDecodeError, LookupError):
            continue
    return _damaged_utf8(data) or _guessed(data)


def normalise_newlines(text: str) -> str:
    """Every line break as ``\\n``, so offsets agree whatever system wrote the file."""
    return NEWLINES.sub("\n", text)


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _stated_encodings(data: bytes, declared: str | None) -> list[str]:
    """Strict UTF-8 first, then what the container or the page itself declares."""
    stated = ["utf-8"]
    if declared:
        stated.append(declared)
    match = META_CHARSET.search(data[:META_CHARSET_SNIFF_BYTES])
    if match:
        stated.append(match.group(1).decode("ascii", "ignore"))
    return stated


def _with_bom(data: bytes, encoding: str) -> Decoded:
    """A byte-order mark settles the encoding; damaged units in the rest become U+FFFD."""
    text = data.decode(encoding, "replace")
    replaced = text.count(REPLACEMENT) - data.decode(encoding, "ignore").count(REPLACEMENT)
    return Decoded(normalise_newlines(text.removeprefix("\ufeff")), codecs.lookup(encoding).name,
                   CONFIDENCE["bom"], replaced)


def _utf8_confidence(data: bytes) -> float:
    return CONFIDENCE["utf-8"] if UTF8_MULTIBYTE.search(data) else CONFIDENCE["ascii"]


def _wide_text(data: bytes) -> Decoded | None:
    """BOM-less UTF-32 or UTF-16 (Windows tools write both), told apart by where the NUL bytes sit."""
    sample = data[:BINARY_SNIFF_BYTES]
    for encoding in WIDE_CANDIDATES:
        width = 4 if "32" in encoding else 2
        share = _nul_share(sample, width, encoding.endswith("le"))
        if share < MIN_WIDE_NUL_SHARE:
            continue
        cut = len(data) - len(data) % width
        try:
            text = data[:cut].decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(CONTROL_CHARS.findall(text)) <= MAX_CONTROL_SHARE * len(text):
            return Decoded(normalise_newlines(text.removeprefix("\ufeff")), encoding.removesuffix("-le")
                           .removesuffix("-be"), round(min(1.0, 0.5 + share / 2), 2), int(cut != len(data)))
    return None


def _nul_share(sample: bytes, width: int, little_endian: bool) -> float:
    """The share of code units whose high bytes are all NUL (the mark of Latin text in UTF-16/32)."""
    units = len(sample) // width
    if not units:
        return 0.0
    high = slice(1, width) if little_endian else slice(0, width - 1)
    zero = bytes(width - 1)
    hits = sum(sample[i * width:(i + 1) * width][high] == zero for i in range(units))
    # UTF-32 units also look like UTF-16 units with NULs; a UTF-16 text must not look like UTF-32
    return hits / units


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad or cut bytes: kept as UTF-8, the bad bytes as U+FFFD (not read as a code page)."""
    tail_cut = _cut_at_end(data)
    good = len(UTF8_MULTIBYTE.findall(data))
    text = data.decode("utf-8", "replace")
    bad = text.count(REPLACEMENT) - data.count("\ufffd".encode())
    if tail_cut and bad == 1:
        confidence = CONFIDENCE["utf-8-cut"]
    elif good and bad <= MAX_BAD_UTF8_SHARE * (good + bad):
        confidence = round(good / (good + bad), 2)
    else:
        return None
    return Decoded(normalise_newlines(text.removeprefix("\ufeff")), "utf-8", confidence, bad)


def _cut_at_end(data: bytes) -> bool:
    """Whether the only UTF-8 error is a sequence cut short by the end of the data."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(data) - MAX_CUT_BYTES
    return False


def _guessed(data: bytes) -> Decoded:
    try:
        text = data.decode(PREFERRED_LEGACY)
    except UnicodeDecodeError:
        text = None
    if text is not None and mess_ratio(text) <= MAX_PREFERRED_MESS:
        return _decoded(data, PREFERRED_LEGACY, CONFIDENCE["cp1252"])
    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise NotText("not a text file (no text encoding fits its bytes)")
    return _decoded(data, best.encoding, round(max(0.0, 1.0 - best.chaos), 2))


def _decoded(data: bytes, encoding: str, confidence: float) -> Decoded:
    name = codecs.lookup(encoding).name
    name = WEB_ALIASES.get(name, name)
    text = data.decode(name)
    return Decoded(normalise_newlines(text.removeprefix("\ufeff")), name, confidence)
