"""Day-precise dates of a claim, resolved against the article's publication date.

Outlets date one event differently ("on Tuesday" in a piece published Wednesday,
"on April 8"); comparing them needs calendar days.  Only day-precise mentions are
resolved (a weekday, today/yesterday, or a day with its month): "last year" or
"in February" cannot disagree with a day.  The timeline component does the full
job; this is the small resolver discrepancies need.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1}
_MONTH_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# News reports an event from the past week; a weekday is the latest such day on or
# before publication, and no further back than this.
WEEK_DAYS = 7
_DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


def resolve_day(mention: str, published: str | None) -> date | None:
    """The calendar day a date mention names, or None when it is not day-precise or
    needs a publication date the article does not have."""
    base = _parse_iso(published)
    lowered = mention.casefold()
    if _MONTH_DAY.search(mention):
        if base is None and not _YEAR.search(mention):
            return None  # "April 8" in an undated article: the year is unknown
        return _explicit_day(mention, base)
    if base is None:
        return None
    for word, shift in _RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", lowered):
            return base + timedelta(days=shift)
    weekday = _WEEKDAY.search(lowered)
    if weekday:
        back = (base.weekday() - WEEKDAYS.index(weekday.group(1).casefold())) % WEEK_DAYS
        return base - timedelta(days=back)
    return None


def _explicit_day(mention: str, base: date | None) -> date | None:
    settings = dict(_DATEPARSER_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    text = _WEEKDAY.sub("", mention).strip(" ,")  # "Tuesday, April 8" -> "April 8"
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
