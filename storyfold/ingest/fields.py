"""Metadata a container states (JSON keys, capture header lines), in one vocabulary.

Dumps name the same thing many ways (``date``/``published``/``publishedAt``,
``source``/``outlet``/``site``, ``author`` as a string or a list, ``source`` as
a NewsAPI-style ``{"name": ...}`` object).  Everything downstream reads only
``published`` (ISO date), ``title``, ``url``, ``outlet``, ``authors`` (list) and
``language``, so the mapping lives here, once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

import dateparser

# Container key -> our field name.  Keys are compared case-insensitively with "_" and "-" removed.
FIELD_ALIASES: dict[str, str] = {
    "published": "published", "date": "published", "publishedat": "published", "datepublished": "published",
    "pubdate": "published", "publicationdate": "published", "publishdate": "published",
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "canonicalurl": "url", "uri": "url",
    "outlet": "outlet", "source": "outlet", "site": "outlet", "sitename": "outlet", "publisher": "outlet",
    "author": "authors", "authors": "authors", "byline": "authors",
    "language": "language", "lang": "language",
}
# Several authors in one string are joined by these; a name itself never contains them.
AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\||,|&|\band\b)\s*", re.IGNORECASE)
ISO_DATE_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# A language code as containers write it: "en", "en-GB", "pt_BR"; we keep the primary subtag.
LANGUAGE_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$")
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
# dateparser must not fill a missing day or year from today's date: unknown stays unknown.
DATEPARSER_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                       "PREFER_DATES_FROM": "past"}


def field_name(key: str) -> str | None:
    """Our name for a container key, or ``None`` when we do not use it."""
    return FIELD_ALIASES.get(re.sub(r"[-_\s]", "", key.lower()))


def normalise_fields(record: Mapping[str, object]) -> dict[str, object]:
    """The fields of ``record`` that we use, each normalised; unusable values are left out."""
    fields: dict[str, object] = {}
    for key, value in record.items():
        name = field_name(str(key))
        if name is None or name in fields:
            continue
        normalised = normalise_value(name, value)
        if normalised not in (None, "", []):
            fields[name] = normalised
    return link_outlet_as_url(fields)


def link_outlet_as_url(fields: dict[str, object]) -> dict[str, object]:
    """A "source" that is a link is the article's URL, not the outlet's name."""
    outlet = fields.get("outlet")
    if isinstance(outlet, str) and URL.match(outlet):
        fields.setdefault("url", fields.pop("outlet"))
        fields.pop("outlet", None)
    return fields


def normalise_value(name: str, value: object) -> object:
    """One field's value in our form (ISO date, list of names, primary language subtag, trimmed text)."""
    if name == "published":
        return iso_date(value)
    if name == "authors":
        return author_list(value)
    if name == "language":
        return language_code(value)
    if name == "outlet" and isinstance(value, Mapping):
        value = value.get("name") or value.get("title")
    return clean_text(value)


def clean_text(value: object) -> str | None:
    """Text with its whitespace collapsed; ``None`` for non-text and blank values (dumps hold both)."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def author_list(value: object) -> list[str]:
    """Author names from a string ("A and B", "A; B") or a list of strings or ``{"name": ...}`` objects."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("name")
        text = clean_text(item)
        if text:
            names += [part for part in AUTHOR_SEPARATORS.split(text) if part]
    return list(dict.fromkeys(names))


def language_code(value: object) -> str | None:
    """The primary subtag of a language tag ("en-GB" -> "en"), so languages compare across sources."""
    text = clean_text(value)
    match = LANGUAGE_CODE.match(text or "")
    return match.group(1).lower() if match else None


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for a date a container states; ``None`` when it is not a full, real date."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = clean_text(value)
    if not text:
        return None
    match = ISO_DATE_PREFIX.match(text)
    if match:
        return _valid_iso(*map(int, match.groups()))
    if not YEAR.search(text):
        return None
    parsed = dateparser.parse(text, settings=DATEPARSER_SETTINGS)
    return parsed.strftime("%Y-%m-%d") if parsed else None


def _valid_iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
