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

from storyfold.analyze.claims import ArticleTokens
from storyfold.analyze.timeline import is_future_act
from storyfold.dates import parse_iso_date

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
GOVERNOR_HOPS = 4  # dependency steps from a date up to the verb or event noun it dates
# Links from a date phrase to the word it dates: "on Thursday" (prep), "yesterday" (npadvmod).
_DATE_LINKS = frozenset({"pobj", "prep", "npadvmod", "compound", "amod", "nummod", "advmod", "det"})


def resolve_day(mention: str, published: str | None, future: bool = False) -> date | None:
    """The calendar day a date mention names, or None when it is not day-precise or
    needs a publication date the article does not have.  A weekday of an act still to come
    ("will present on Thursday") is the next such day, not the last."""
    base = parse_iso_date(published)
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
        target = WEEKDAYS.index(weekday.group(1).casefold())
        if future:
            return base + timedelta(days=(target - base.weekday()) % WEEK_DAYS)
        return base - timedelta(days=(base.weekday() - target) % WEEK_DAYS)
    return None


def date_governor(index: ArticleTokens, first: int) -> tuple[int | None, bool]:
    """(the verb or event noun a date phrase dates, whether that act is still to come):
    "a check on March 11" dates the check, "published yesterday" the publishing."""
    i = first
    for _ in range(GOVERNOR_HOPS):
        token = index.tokens[i]
        if token.head == i or token.dep not in _DATE_LINKS:
            break
        head = index.tokens[token.head]
        if head.pos in {"VERB", "AUX"} or (head.pos == "NOUN" and token.dep == "prep"):
            return token.head, is_future_act(index.tokens, index.children, token.head)
        i = token.head
    return None, False


def _explicit_day(mention: str, base: date | None) -> date | None:
    settings = dict(_DATEPARSER_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    text = _WEEKDAY.sub("", mention).strip(" ,")  # "Tuesday, April 8" -> "April 8"
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
