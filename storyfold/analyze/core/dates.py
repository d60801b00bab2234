"""The one date resolver: what calendar day a date mention names, given its article.

The timeline, the date discrepancies and the summary all ask "which day is this?";
two resolvers used to answer differently.  Resolution has two halves:

* **the text's cues** (:func:`date_cues`, from the dependency parse): the tense and
  aspect of the verb the date hangs on ("said on Tuesday" is past; "will vote on
  Thursday", "votes Thursday", "is holding talks Thursday" are ahead), future words
  on the way up ("ahead of the June 3 primary", "effective December 31", "scheduled
  for"), a date that names an event noun ("the June 3 primary") rather than the
  verb's act, and the well-known dates that name one event ("the Sept. 11
  hijackers" is 2001, never the article's year);
* **the calendar** (:func:`resolve`): a weekday is the latest such day on or before
  publication for a past act, the next one for an act ahead; a month (and day)
  without a year is the latest such date for a past act, the next for one ahead, and
  the nearest to publication otherwise (an event noun, a present tense) — and when
  the nearest is far from publication the year is marked uncertain instead of
  guessed; relative words ("yesterday", "last week") are arithmetic; anything with
  an explicit year goes to dateparser.

A mention is also read as the days it allows (:func:`resolve_span`, a :class:`DateSpan`): one
day, or a range ("earlier this week" runs from Monday to publication, "last month" over the
whole month, "in early March" over its first half), so a day can be checked against another
outlet's range.

Durations, ages, decades and eras ("in the last decade", "the 1990s") name no day and
resolve to None.  Dates near year 1 or 9999 resolve to None, never an OverflowError.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from storyfold.analyze.core.lexicon import (
    ANNIVERSARY_LEMMAS,
    FUTURE_AUXILIARIES,
    FUTURE_LEMMAS,
    FUTURE_WORDS,
    INFINITIVE_PAST_MODIFIERS,
    MONTHS,
    PAST_AUXILIARIES,
    PAST_WORDS,
    PRESENT_AUXILIARIES,
    REQUEST_FOR_LEMMAS,
    REQUEST_LEMMAS,
    SAME_FORM_PAST_LEMMAS,
    WEEKDAYS,
    WELL_KNOWN_DATES,
)
from storyfold.analyze.core.tokens import TokenIndex
from storyfold.dates import parse_iso_date
from storyfold.nlp import Token

PAST, FUTURE, PRESENT, UNKNOWN = "past", "future", "present", "unknown"
DAYS_IN_WEEK = 7
MONTHS_IN_YEAR = 12
# A month (and day) with no year and no tense is put in the year that brings it nearest to
# publication; past this many days from publication that guess is marked uncertain.
UNCERTAIN_YEAR_DAYS = 120
# Dependency links from a date phrase up to the word it dates.
_UP_LINKS = frozenset({"pobj", "prep", "npadvmod", "compound", "amod", "nummod", "advmod", "det", "appos",
                       "poss", "case", "nmod", "attr", "acomp", "dobj", "quantmod", "conj", "cc"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})

_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")(?:[a-z]*)\.?(?![a-z])", re.IGNORECASE)
_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(r"\b" + _MONTH_NAME + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME + r"(?!\s*,?\s*\d{4})",
                        re.IGNORECASE)
_MONTH_ONLY = re.compile(r"^(?:(?:in|on|since|by|from|of|early|late|mid|the|end of|start of|until)[\s-]+)*"
                         + _MONTH_NAME + r"$", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "May" is also a modal verb: as a month it needs a day or year beside it.
_MODAL_MAY = re.compile(r"^\s*may\s*$", re.IGNORECASE)
# A decade or era ("built in the 1970s", "the '90s", "in the last decade") is not a date.
_DECADE = re.compile(r"(?:\b(?:1[89]|20)\d0|['’]\d0)['’]?s\b|\bdecades?\b|\bcentur(?:y|ies)\b", re.IGNORECASE)
# Public names for the components that scan text for dates with the same patterns.
ISO_PATTERN, MONTH_PATTERN, YEAR_PATTERN = _ISO, _MONTH, _YEAR
_FUTURE_WORD = re.compile(r"\b(?:" + "|".join(FUTURE_WORDS) + r")\b", re.IGNORECASE)
_PAST_WORD = re.compile(r"\b(?:" + "|".join(PAST_WORDS) + r")\b", re.IGNORECASE)
# "last Thursday", "next Friday": the weekday before (after) the publication day, never that day.
_STRICT_WEEKDAY = re.compile(r"\b(?:last|past|previous|next|coming)\s+(?:" + "|".join(WEEKDAYS) + r")\b",
                             re.IGNORECASE)
_RANGE_PART = r"(?:and|or|to|through|until|till)(?:\s+(?:again|then))?(?:\s+(?:in|on|by|from))?"
_RANGE_SPLIT = re.compile(r"[\s,]+" + _RANGE_PART + r"\s+|\s*[-–—]\s*(?=[A-Za-z])", re.IGNORECASE)

# Relative expressions resolved by calendar arithmetic: (pattern, unit, shift).
RELATIVE = (
    (re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I), "day", 0),
    (re.compile(r"\b(?:yesterday|last night)\b", re.I), "day", -1),
    (re.compile(r"\btomorrow\b", re.I), "day", 1),
    (re.compile(r"\b(?:last|past|previous) week\b", re.I), "week", -1),
    (re.compile(r"\b(?:this|earlier this|later this) week\b", re.I), "week", 0),
    (re.compile(r"\bnext week\b", re.I), "week", 1),
    (re.compile(r"\b(?:last|previous) month\b", re.I), "month", -1),
    (re.compile(r"\b(?:this|earlier this|later this) month\b", re.I), "month", 0),
    (re.compile(r"\bnext month\b", re.I), "month", 1),
    (re.compile(r"\b(?:last|previous) year\b", re.I), "year", -1),
    (re.compile(r"\b(?:this|earlier this|later this) year\b", re.I), "year", 0),
    (re.compile(r"\bnext year\b", re.I), "year", 1),
)


@dataclass(frozen=True, slots=True)
class DateCues:
    """What the text around a date says about it: the tense of its act, whether it dates an
    event noun rather than the verb, and the year of a well-known event it names."""

    tense: str = UNKNOWN
    noun_event: bool = False
    anniversary: bool = False
    verb: int | None = None
    # The verb asks for an event ("has called for a vigil on Friday"): a weekday may date the request
    # or the event, so which way to count from the publication date is unknown.
    requested: bool = False
    # The explicit year the text around a yearless date is narrating ("in 2007 ... Palin fired the
    # board ... In July alone, they lost"), when it is before the publication year.
    narrative_year: int | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved date: first day, precision, last day of a range, and whether the year is sure."""

    day: date
    precision: str
    end: date | None = None
    year_certain: bool = True
    named_event: bool = False  # a well-known date naming its event ("the Sept. 11 hijackers")


# ------------------------------------------------------------------ calendar


def resolve(mention: str, published: str | None, cues: DateCues = DateCues()) -> Resolved | None:
    """The date a mention names given its article's publication date and the text's cues;
    None for durations, ages, eras, anniversaries, and relative dates with no publication date."""
    try:
        return _resolve(mention, parse_iso_date(published), cues)
    except (ValueError, OverflowError):
        return None  # a date at the calendar's edge (year 1, 9999) names no day we can shift


def _resolve(mention: str, base: date | None, cues: DateCues) -> Resolved | None:
    if _DECADE.search(mention) or cues.anniversary:
        return None
    iso = _ISO.search(mention)
    if iso:
        return Resolved(date(int(iso[1]), int(iso[2]), int(iso[3])), "day")
    yearless = _yearless(mention, base, cues)
    if yearless is not None:
        return yearless
    if (_MONTH.search(mention) and not _MODAL_MAY.match(mention)) or _YEAR.search(mention):
        found = _absolute(mention, base, cues.tense == FUTURE)
        return Resolved(*found) if found else None
    if base is None:
        return None
    weekday = _WEEKDAY.search(mention)
    if weekday:
        if cues.requested and not (_FUTURE_WORD.search(mention) or _PAST_WORD.search(mention)):
            return None  # the request's day or the requested event's: left undated rather than guessed
        day = _weekday(weekday.group(1), base, _weekday_ahead(mention, cues), bool(_STRICT_WEEKDAY.search(mention)))
        return Resolved(day, "day")
    for pattern, unit, shift in RELATIVE:
        if pattern.search(mention):
            return Resolved(_shift(base, unit, shift), unit)
    return None


def _yearless(mention: str, base: date | None, cues: DateCues) -> Resolved | None:
    """"June 3", "3 June", "in March": a month (and day) without a year."""
    if _YEAR.search(mention):
        return None
    text = _WEEKDAY.sub("", mention).strip(" ,")
    found = _MONTH_DAY.search(text)
    if found:
        month, day, precision = MONTHS.index(found[1][:3].casefold()) + 1, int(found[2]), "day"
    elif (found := _DAY_MONTH.search(text)) is not None:
        month, day, precision = MONTHS.index(found[2][:3].casefold()) + 1, int(found[1]), "day"
    elif (found := _MONTH_ONLY.match(text)) is not None and not _MODAL_MAY.match(text):
        month, day, precision = MONTHS.index(found[1][:3].casefold()) + 1, 1, "month"
    else:
        return None
    if precision == "day" and cues.noun_event and (month, day) in WELL_KNOWN_DATES:
        return Resolved(date(WELL_KNOWN_DATES[(month, day)], month, day), "day", named_event=True)
    if base is None:
        return None  # "March 27" in an undated article: the year is unknown
    # An event noun's date ("announced her run in the June 3 primary") is not the verb's time.
    tense = PRESENT if cues.noun_event and cues.tense == PAST else cues.tense
    if cues.narrative_year is not None and cues.narrative_year < base.year and tense == PAST:
        anchored = _safe_date(cues.narrative_year, month, day)
        return Resolved(anchored, precision) if anchored else None
    return _pick_year(month, day, precision, base, tense)


def _pick_year(month: int, day: int, precision: str, base: date, tense: str) -> Resolved | None:
    """The year a yearless date falls in: the latest on or before publication for a past act,
    the next for one ahead, else the nearest (uncertain when far from publication)."""
    anchor = base.replace(day=1) if precision == "month" else base
    candidates = [d for y in (base.year - 1, base.year, base.year + 1) if (d := _safe_date(y, month, day))]
    if not candidates:
        return None
    if tense == PAST:
        chosen = max((d for d in candidates if d <= anchor), default=None)
    elif tense == FUTURE:
        chosen = min((d for d in candidates if d >= anchor), default=None)
    else:
        chosen = min(candidates, key=lambda d: (abs((d - anchor).days), d > anchor))
        if abs((chosen - anchor).days) > UNCERTAIN_YEAR_DAYS:
            return Resolved(chosen, precision, year_certain=False)
    return Resolved(chosen, precision) if chosen else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None  # February 30, or a year out of range


def _weekday_ahead(mention: str, cues: DateCues) -> bool:
    """A weekday of an act still to come: future words in the mention, a future act, or a
    present tense (news dates scheduled acts in the present: "the Senate votes Thursday")."""
    if _FUTURE_WORD.search(mention):
        return True
    if _PAST_WORD.search(mention):
        return False
    return cues.tense in (FUTURE, PRESENT)


def _weekday(name: str, base: date, future: bool, strict: bool = False) -> date:
    """The weekday on or before ``base`` (on or after it when ``future``); never ``base`` itself
    when ``strict`` ("last Thursday" written on a Thursday is a week back, "next Friday" on a Friday
    a week ahead)."""
    target = WEEKDAYS.index(name.casefold())
    if future:
        return base + timedelta(days=(target - base.weekday()) % DAYS_IN_WEEK or (DAYS_IN_WEEK if strict else 0))
    return base - timedelta(days=(base.weekday() - target) % DAYS_IN_WEEK or (DAYS_IN_WEEK if strict else 0))


def _shift(base: date, unit: str, shift: int) -> date:
    if unit == "day":
        return base + timedelta(days=shift)
    if unit == "week":
        monday = base - timedelta(days=base.weekday())
        return monday + timedelta(days=DAYS_IN_WEEK * shift)
    if unit == "month":
        months = base.year * MONTHS_IN_YEAR + base.month - 1 + shift
        return date(months // MONTHS_IN_YEAR, months % MONTHS_IN_YEAR + 1, 1)
    return date(base.year + shift, 1, 1)


def _absolute(mention: str, base: date | None, future: bool) -> tuple[date, str] | None:
    """Month names with years through dateparser; the publication date anchors what is missing."""
    text = _WEEKDAY.sub("", mention).strip(" ,")  # "Tuesday, April 8, 2025" -> "April 8, 2025"
    text = re.split(r"\s+(?:and|to|or|through|until)\s+|\s*[-–]\s*(?=[A-Za-z])", text)[0]
    text = re.sub(r"^(?:in|on|since|by|from|of|early|late|mid|the|end of|start of)\s+", "", text, flags=re.I)
    if not _YEAR.search(text) and base is None:
        return None
    data = _parser(base, future).get_date_data(text)
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    precision = data.period if data.period in ("day", "month", "year") else "day"
    if precision == "month":
        found = found.replace(day=1)
    elif precision == "year":
        found = date(found.year, 1, 1)
    return found, precision


@lru_cache(maxsize=256)
def _parser(base: date | None, future: bool) -> DateDataParser:
    """One dateparser per publication date and tense (building one costs more than parsing)."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "future" if future else "past",
                                   "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


# --------------------------------------------------- compatible entry points


def resolve_date(mention: str, published: str | None, future: bool = False) -> tuple[date, str] | None:
    """``(first day, precision)`` of a mention whose act is past, or ahead when ``future``."""
    found = resolve(mention, published, DateCues(FUTURE if future else PAST))
    return (found.day, found.precision) if found else None


def resolve_period(mention: str, published: str | None, future: bool = False,
                   cues: DateCues | None = None) -> Resolved | None:
    """Like :func:`resolve`, and a range ("January and February", "March 3 to April 2")
    keeps its last date as ``end``."""
    cues = cues or DateCues(FUTURE if future else PAST)
    parts = _RANGE_SPLIT.split(mention)
    last = resolve(parts[-1], published, cues) if len(parts) > 1 else None
    first = _range_start(parts[0], parts[-1], last, published, cues) or resolve(mention, published, cues)
    if first is None:
        return None
    end = last.day if last is not None and last.day > first.day else None
    return Resolved(first.day, first.precision, end, first.year_certain, first.named_event)


def _range_start(part: str, last_part: str, last: Resolved | None, published: str | None,
                 cues: DateCues) -> Resolved | None:
    """The first date of a range; one written without its year takes the year the range ends in
    ("January and February 2023" is January 2023, not the January nearest to publication), or
    the year before when it would otherwise fall after the end ("December to February 2023")."""
    if last is None or _YEAR.search(part) or not _YEAR.search(last_part) or not _MONTH.search(part):
        return resolve(part, published, cues)
    for year in (last.day.year, last.day.year - 1):
        found = resolve(f"{part} {year}", published, cues)
        if found is not None and found.day <= last.day:
            return found
    return resolve(part, published, cues)


def resolve_day(mention: str, published: str | None, cues: DateCues = DateCues()) -> date | None:
    """The calendar day a day-precise mention names (discrepancies compare only days), or None
    when the mention is coarser or its year is uncertain."""
    found = resolve(mention, published, cues)
    if found is None or found.precision != "day" or not found.year_certain:
        return None
    return found.day


# ------------------------------------------------------------- days or ranges


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The days a date mention allows: one day ("on Friday": ``start == end``) or a range
    ("earlier this week", "last month", "in early March"), with the granularity it was said in.
    Two outlets' mentions of one act disagree only when their spans share no day."""

    start: date
    end: date
    granularity: str

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def key(self) -> str:
        """The day (``2026-03-13``) or the ISO interval (``2026-03-09/2026-03-15``)."""
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


# "earlier this week" ends on publication day, "later this month" starts on it: the part of the
# period the writer points to (publication day itself is kept on both sides: a precise writer's
# "earlier this week" and another's "today" are one day).
_EARLIER_THIS = re.compile(r"\bearlier this (?:week|month|year)\b", re.IGNORECASE)
_LATER_THIS = re.compile(r"\blater this (?:week|month|year)\b", re.IGNORECASE)
# Parts of a month, as generous windows (a writer's "early March" may reach the 12th): (first, last) day.
_MONTH_PARTS = ((re.compile(r"\b(?:early|start of|beginning of)\b", re.IGNORECASE), (1, 15)),
                (re.compile(r"\bmid\b", re.IGNORECASE), (6, 25)),
                (re.compile(r"\b(?:late|end of)\b", re.IGNORECASE), (16, 31)))
_SPAN_UNITS = {"day": 0, "week": DAYS_IN_WEEK - 1}
# "March 3 to 5", "3-5 March": a range of days inside one month.
_DAY_RANGE = re.compile(r"(?<![\d/.-])\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:[-–—]|to|through|and)\s*"
                        r"(\d{1,2})(?:st|nd|rd|th)?\b(?![\d/.-])", re.IGNORECASE)


def resolve_span(mention: str, published: str | None, cues: DateCues = DateCues()) -> DateSpan | None:
    """The day or range a mention names (:class:`DateSpan`), or None when it names none with a
    sure year: an uncertain year, a well-known date naming its event, an undated article's
    "last week".  A range said as two dates ("March 3 to 5") runs from the first to the last."""
    found = resolve_period(mention, published, cues=cues)
    if found is None or not found.year_certain or found.named_event:
        return None
    start, end = found.day, _period_end(found.end or found.day, found.precision)
    if found.end is None and found.precision == "day" and (days := _DAY_RANGE.search(mention)):
        first, last = (_safe_date(start.year, start.month, int(d)) for d in days.groups())
        if first is not None and last is not None and first < last:
            start, end = first, last
    base = parse_iso_date(published)
    if base is not None and _EARLIER_THIS.search(mention):
        end = min(end, base)
    elif base is not None and _LATER_THIS.search(mention):
        start = max(start, base)
    elif found.precision == "month" and found.end is None:
        start, end = _month_part(mention, start, end)
    granularity = "day" if start == end else "days" if found.precision == "day" else found.precision
    return DateSpan(start, end, granularity) if start <= end else None


def _period_end(first: date, precision: str) -> date:
    """The last day of the period that starts on ``first``: the day, the Sunday, the month's or year's end."""
    if precision in _SPAN_UNITS:
        return first + timedelta(days=_SPAN_UNITS[precision])
    if precision == "month":
        return _shift(first.replace(day=1), "month", 1) - timedelta(days=1)
    return date(first.year, MONTHS_IN_YEAR, 31)


def _month_part(mention: str, start: date, end: date) -> tuple[date, date]:
    """"early March", "mid-March", "late March": the part of the month the words name."""
    for pattern, (first, last) in _MONTH_PARTS:
        if pattern.search(mention):
            return start.replace(day=first), end.replace(day=min(last, end.day))
    return start, end


# -------------------------------------------------------------------- parse cues


def is_future_act(tokens: Sequence[Token], children: dict[int, list[int]], verb: int) -> bool:
    """A "will"/"shall" auxiliary, or a planning verb above ("planned for", "due to", "expected to")."""
    while True:
        token = tokens[verb]
        if token.lemma.casefold() in FUTURE_LEMMAS:
            return True
        if any(tokens[c].dep == "aux" and tokens[c].lemma.casefold() in FUTURE_AUXILIARIES
               for c in children.get(verb, [])):
            return True
        if _infinitive_on_noun(tokens, children, verb):
            return True
        if token.dep not in ("xcomp", "acl") or token.head == verb:
            return False
        verb = token.head


def _infinitive_on_noun(tokens: Sequence[Token], children: dict[int, list[int]], verb: int) -> bool:
    """"the measures to be voted on Thursday", "a bill to be signed Friday": an infinitive that
    describes a noun names an act still to come, unless the noun is "the first/only one to"
    ("the first woman to be elected in 2010" was elected)."""
    token = tokens[verb]
    if token.dep not in ("relcl", "acl") or tokens[token.head].pos not in ("NOUN", "PROPN"):
        return False
    if not any(tokens[c].dep == "aux" and tokens[c].lemma.casefold() == "to" for c in children.get(verb, [])):
        return False
    modifiers = {tokens[c].lemma.casefold() for c in children.get(token.head, [])}
    return not modifiers & INFINITIVE_PAST_MODIFIERS


def _asks_for_event(index: TokenIndex, verb: int) -> bool:
    """"called for a strike", "urged a boycott": a request verb with the thing asked for as its object."""
    lemma = index.tokens[verb].lemma.casefold()
    children = index.children.get(verb, [])
    if lemma in REQUEST_FOR_LEMMAS:
        return any(index.tokens[c].dep == "prep" and index.word(c).casefold() == "for"
                   and any(index.tokens[g].dep == "pobj" for g in index.children.get(c, [])) for c in children)
    return lemma in REQUEST_LEMMAS and any(index.tokens[c].dep == "dobj" and index.tokens[c].pos == "NOUN"
                                           for c in children)


def verb_tense(index: TokenIndex, verb: int) -> str:
    """Past, future or present for a verb, from its auxiliaries and its form (the parse keeps
    lemmas, not tags: "said" differs from "say", "votes" is "vote" plus -s)."""
    if is_future_act(index.tokens, index.children, verb):
        return FUTURE
    auxiliaries = [index.word(c).casefold() for c in index.children.get(verb, [])
                   if index.tokens[c].dep in ("aux", "auxpass")]
    token = index.tokens[verb]
    if "to" in auxiliaries and token.dep == "xcomp" and token.head != verb:
        head = token.head  # "had been able to return by Wednesday": the time of "had been"
        if index.tokens[head].dep == "acomp" and index.tokens[head].head != head:
            head = index.tokens[head].head
        return verb_tense(index, head)
    if any(a in PAST_AUXILIARIES for a in auxiliaries):
        return PAST
    if any(a in PRESENT_AUXILIARIES for a in auxiliaries):
        return PRESENT
    word, lemma = index.word(verb).casefold(), index.tokens[verb].lemma.casefold()
    if not word or (word == lemma and lemma in SAME_FORM_PAST_LEMMAS):
        return UNKNOWN  # "one officer put his hands on his head": past or present, the form does not say
    if word == lemma or word in (lemma + "s", lemma + "es", lemma[:-1] + "ies"):
        return PRESENT
    if word.endswith("ing"):
        return UNKNOWN  # a bare participle ("saying", "heading") takes its clause's time
    return PAST


def date_cues(index: TokenIndex, first: int, last: int) -> DateCues:
    """The cues for the date spanning tokens ``first..last``: walk up from its last token (then
    its first, when that finds no verb); a future or anniversary word on the way, a noun it
    dates, then its verb's tense."""
    from_last = _cues_from(index, last, last)
    if from_last.verb is not None or from_last.anniversary or first == last:
        return from_last
    from_first = _cues_from(index, first, last)
    noun_event = from_first.noun_event or from_last.noun_event
    tense = from_last.tense if from_last.tense != UNKNOWN else from_first.tense
    return DateCues(tense, noun_event, from_first.anniversary, from_first.verb, requested=from_first.requested)


def _cues_from(index: TokenIndex, start: int, last: int) -> DateCues:
    noun_event, tense = False, UNKNOWN
    i = start
    for head in index.head_chain(start):
        link, token = index.tokens[i].dep, index.tokens[head]
        lemma = token.lemma.casefold()
        if lemma in ANNIVERSARY_LEMMAS:
            return DateCues(anniversary=True)
        if lemma in FUTURE_LEMMAS or _FUTURE_WORD.fullmatch(index.word(head)):
            tense = FUTURE
        if token.pos in ("VERB", "AUX"):
            if tense == UNKNOWN:
                tense = verb_tense(index, head)
            return DateCues(tense, noun_event, verb=head, requested=_asks_for_event(index, head))
        if token.pos in _NOUN_POS and link in ("compound", "poss", "nmod", "amod", "nummod") and head > last:
            noun_event = True  # "the June 3 primary", "Thursday's vote", "the Sept. 11 hijackers"
        if link not in _UP_LINKS:
            break
        i = head
    return DateCues(tense, noun_event)
