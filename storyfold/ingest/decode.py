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


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` to text with ``\\n`` newlines; ``declared`` is a charset a container stated (HTTP header).

    Raises :class:`NotText` for binary or undecodable input.
    """
    bom_encoding = _bom_encoding(data)
    if bom_encoding:
        return _decoded(data, bom_encoding)
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise NotText("not a text file (binary: contains NUL bytes)")
    for encoding in _stated_encodings(data, declared):
        try:
            return _decoded(data, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return _guessed(data)


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


def _guessed(data: bytes) -> Decoded:
    try:
        text = data.decode(PREFERRED_LEGACY)
    except UnicodeDecodeError:
        text = None
    if text is not None and mess_ratio(text) <= MAX_PREFERRED_MESS:
        return _decoded(data, PREFERRED_LEGACY)
    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise NotText("not a text file (no text encoding fits its bytes)")
    return _decoded(data, best.encoding)


def _decoded(data: bytes, encoding: str) -> Decoded:
    name = codecs.lookup(encoding).name
    name = WEB_ALIASES.get(name, name)
    text = data.decode(name)
    return Decoded(normalise_newlines(text.removeprefix("\ufeff")), name)
