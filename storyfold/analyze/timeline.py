"""The story's timeline: dated events, relative dates resolved against publication.

News dates events relative to the day it is published ("on Tuesday", "yesterday",
"last week", "March 27"), so every date mention is resolved against its own
article's ``published`` date:

* a weekday is the latest such day on or before publication when the event is
  past ("said on Tuesday"), the next such day on or after it when the event is
  still to come ("will hold talks on Thursday", "planned for Thursday");
  dateparser alone would always pick the past one, so the tense comes from the
  dependency parse (a "will"/"shall" auxiliary, a planning verb, "next");
* "today", "yesterday", "tomorrow", "last week", "earlier this month", "last
  year" are calendar arithmetic on the publication date;
* anything with a month name, a year or an ISO date goes to dateparser with the
  publication date as ``RELATIVE_BASE`` (a month and day without a year fall in
  the publication year, or the year before when that would be after publication).

Mentions come from spaCy's DATE entities plus a pattern scan for what the small
model misses.  A mention with no calendar anchor (durations, ages, "in recent
years") is not an event, nor is a birth date; a relative date in an article with
no publication date is resolved against the story's latest publication date (its
sister articles), and skipped when no article of the story is dated.

**Precision.** ``date`` is always ``YYYY-MM-DD``; an event known only to the week,
month or year is dated by the first day of that period (the Monday of the week)
and carries ``precision`` = ``"week"``, ``"month"`` or ``"year"`` (``"day"``
otherwise), so a reader never mistakes "February 2022" for February 1st.

Events reported by several outlets (same date and precision, overlapping content
words) merge into one entry with every source; the blocking by date keeps the cost
near linear in the number of articles.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.quotes import quote_spans
from storyfold.dates import parse_iso_date
from storyfold.model import Article, Evidence, TimelineEvent
from storyfold.nlp import ParsedArticle, Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAYS_IN_WEEK = 7
# Quote marks that, followed by a space at a sentence's start, close the sentence before it.
STRAY_QUOTES = "\"”’'"
DATE_LABELS = frozenset({"DATE", "TIME"})

# A mention is a calendar date only with one of these anchors; "three years", "an
# 11-year-old" and "in recent years" have none and are durations or ages, not events.
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")(?:[a-z]*)\.?(?![a-z])", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "May" is also a modal verb: as a month it needs a day or year beside it.
_MODAL_MAY = re.compile(r"^\s*may\s*$", re.IGNORECASE)
# A decade ("built in the 1970s", "the '90s") is an era, not a date an event happened on.
_DECADE = re.compile(r"(?:\b(?:1[89]|20)\d0|['’]\d0)s\b", re.IGNORECASE)
# Two date mentions joined only by a connective are one period of one event ("in January and
# February", "dated January 14 and February 6", "in January, and again in February").
_CONNECTIVE = r"(?:and|or|to|through|until|till)(?:\s+(?:again|then))?(?:\s+(?:in|on|by|from))?"
_COORDINATED_GAP = re.compile(r"^[\s,]*(?:" + _CONNECTIVE + r"|[-–—])\s*$", re.IGNORECASE)
_RANGE_SPLIT = re.compile(r"[\s,]+" + _CONNECTIVE + r"\s+|\s*[-–—]\s*(?=[A-Za-z])", re.IGNORECASE)
# Time-of-day and period words that, as a modifier, name a kind of thing, not a date:
# "his last night shift", "the evening news".
_PERIOD_NOUN = re.compile(r"(?:night|morning|afternoon|evening|week|month|year)$", re.IGNORECASE)

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
# What the pattern scan looks for beside spaCy's DATE entities.
_SCAN = re.compile(
    r"\b(?:" + "|".join(WEEKDAYS) + r")\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*(?:\s+\d{4})?\b"
    r"|" + "|".join(p.pattern for p, _, _ in RELATIVE),
    re.IGNORECASE,
)

# Cues that the dated event is still to come.
# "would" is the future of reported speech ("said divers would inspect the hull on Thursday").
FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo", "would"})
FUTURE_LEMMAS = frozenset({"plan", "schedule", "expect", "due", "upcoming", "set", "intend", "prepare"})
FUTURE_WORDS = re.compile(r"\b(?:next|coming|upcoming)\b", re.IGNORECASE)
PAST_WORDS = re.compile(r"\b(?:last|past|previous|earlier)\b", re.IGNORECASE)
# How far up the parse the date's governing verb is looked for.
MAX_HEAD_HOPS = 4
# Words that make a date a birth date (or an age), not an event of the story.
BIRTH_LEMMAS = frozenset({"bear", "born", "birth", "birthday", "age", "aged"})
# How many tokens around the date a birth cue must stand within.
BIRTH_WINDOW = 6
# A clause opened by one of these leans on the sentence around it ("where an explosion killed ..."):
# the event is then told by the whole sentence.
RELATIVE_OPENERS = frozenset({"where", "when", "which", "who", "whom", "whose", "that", "while"})
# A clause shorter than this is too little to read as an event; use the whole sentence.
MIN_CLAUSE_WORDS = 6
# Two reports are one event when they share this share of the smaller one's content words.
SAME_EVENT_OVERLAP = 0.35
# Date words are what every report of a dated event shares; they say nothing about the event.
# Finer precision first among events dated to the same first day.
PRECISIONS = ("day", "week", "month", "year")
DATE_WORDS = frozenset(WEEKDAYS) | {"today", "yesterday", "tomorrow", "week", "month", "year", "said", "say"}

@dataclass(slots=True)
class _Dated:
    """One dated report: the event's words in one article and the date they resolve to."""

    article: Article
    start: int
    end: int
    day: date
    precision: str
    words: frozenset[str]
    end_day: date | None = None  # the last date of a coordinated range

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]


# --------------------------------------------------------------------- resolving


def resolve_date(mention: str, published: str | None, future: bool = False) -> tuple[date, str] | None:
    """``(first day, precision)`` a date mention names, or None when it names no calendar
    date (a duration, an age) or needs a publication date the article does not have."""
    base = parse_iso_date(published)
    if _DECADE.search(mention):
        return None
    iso = _ISO.search(mention)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])), "day"
        except ValueError:
            return None
    if (_MONTH.search(mention) and not _MODAL_MAY.match(mention)) or _YEAR.search(mention):
        return _absolute(mention, base, future)
    if base is None:
        return None
    weekday = _WEEKDAY.search(mention)
    if weekday:
        return _weekday(weekday.group(1), base, _is_future_phrase(mention, future)), "day"
    for pattern, unit, shift in RELATIVE:
        if pattern.search(mention):
            return _shift(base, unit, shift), unit
    return None


def resolve_period(mention: str, published: str | None, future: bool = False
                   ) -> tuple[date, str, date | None] | None:
    """``(first day, precision, last day or None)``: like :func:`resolve_date`, and a range
    ("January and February", "March 3 to April 2") keeps its last date too."""
    parts = _RANGE_SPLIT.split(mention)
    first = resolve_date(parts[0], published, future) or resolve_date(mention, published, future)
    if first is None:
        return None
    last = resolve_date(parts[-1], published, future) if len(parts) > 1 else None
    end = last[0] if last is not None and last[0] > first[0] else None
    return first[0], first[1], end


def _weekday(name: str, base: date, future: bool) -> date:
    target = WEEKDAYS.index(name.casefold())
    if future:
        return base + timedelta(days=(target - base.weekday()) % DAYS_IN_WEEK)
    return base - timedelta(days=(base.weekday() - target) % DAYS_IN_WEEK)


def _is_future_phrase(mention: str, future: bool) -> bool:
    if FUTURE_WORDS.search(mention):
        return True
    return False if PAST_WORDS.search(mention) else future


def _shift(base: date, unit: str, shift: int) -> date:
    if unit == "day":
        return base + timedelta(days=shift)
    if unit == "week":
        monday = base - timedelta(days=base.weekday())
        return monday + timedelta(days=DAYS_IN_WEEK * shift)
    if unit == "month":
        months = base.year * 12 + base.month - 1 + shift
        return date(months // 12, months % 12 + 1, 1)
    return date(base.year + shift, 1, 1)


def _absolute(mention: str, base: date | None, future: bool) -> tuple[date, str] | None:
    """Month names and years through dateparser; without a year the publication date anchors it."""
    text = _WEEKDAY.sub("", mention).strip(" ,")  # "Tuesday, April 8" -> "April 8"
    text = re.split(r"\s+(?:and|to|or|through|until)\s+|\s*[-–]\s*(?=[A-Za-z])", text)[0]
    text = re.sub(r"^(?:in|on|since|by|from|of|early|late|mid|the|end of|start of)\s+", "", text, flags=re.I)
    if not _YEAR.search(text) and base is None:
        return None  # "March 27" needs a year from somewhere
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


# ------------------------------------------------------------------ parse cues


def is_future_act(tokens: Sequence[Token], children: Mapping[int, list[int]], verb: int) -> bool:
    """A "will"/"shall" auxiliary, or a planning verb above ("planned for", "due to", "expected to")."""
    while True:
        token = tokens[verb]
        if token.lemma.casefold() in FUTURE_LEMMAS:
            return True
        if any(tokens[c].dep == "aux" and tokens[c].lemma.casefold() in FUTURE_AUXILIARIES
               for c in children.get(verb, [])):
            return True
        if token.dep not in ("xcomp", "acl") or token.head == verb:
            return False
        verb = token.head


class _Tokens:
    """Token lookups for one article."""

    def __init__(self, parsed: ParsedArticle) -> None:
        self.tokens: list[Token] = parsed.tokens
        self.by_start = {t.start: i for i, t in enumerate(self.tokens)}
        self.starts = [t.start for t in self.tokens]
        self.children: dict[int, list[int]] = defaultdict(list)
        for i, token in enumerate(self.tokens):
            if token.head != i:
                self.children[token.head].append(i)

    def at(self, offset: int) -> int | None:
        return self.by_start.get(offset)

    def governing_verb(self, i: int) -> int | None:
        for _ in range(MAX_HEAD_HOPS):
            head = self.tokens[i].head
            if head == i:
                return i if self.tokens[i].pos in ("VERB", "AUX") else None
            i = head
            if self.tokens[i].pos in ("VERB", "AUX"):
                return i
        return None

    def is_future(self, verb: int | None) -> bool:
        return verb is not None and is_future_act(self.tokens, self.children, verb)

    def subtree(self, i: int) -> tuple[int, int]:
        """First and last token index of ``i``'s subtree (contiguous in a projective parse)."""
        todo, low, high = [i], i, i
        while todo:
            node = todo.pop()
            low, high = min(low, node), max(high, node)
            todo.extend(self.children.get(node, []))
        return low, high


# --------------------------------------------------------------------- mentions


def _mentions(sentence: StorySentence, parsed: ParsedArticle) -> list[tuple[int, int]]:
    """Date mentions in the sentence: spaCy's DATE/TIME entities, then the pattern scan's
    finds that no entity covers."""
    spans = [(m.start, m.end) for m in parsed.mentions
             if m.label in DATE_LABELS and sentence.start <= m.start < sentence.end]
    for match in _SCAN.finditer(sentence.text):
        start, end = sentence.start + match.start(), sentence.start + match.end()
        overlapping = [(s, e) for s, e in spans if s < end and start < e]
        if all(start <= s and e <= end for s, e in overlapping):  # "13 March 2025" over "March 2025"
            spans = [span for span in spans if span not in overlapping] + [(start, end)]
    return _coordinated(sentence.article.text, sorted(spans))


def _coordinated(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join mentions linked only by a connective into one ("January and February")."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _COORDINATED_GAP.match(text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _birth_nearby(tokens: _Tokens, first: int, sentence: StorySentence) -> bool:
    low, high = max(first - BIRTH_WINDOW, 0), min(first + BIRTH_WINDOW, len(tokens.tokens))
    near = (tokens.tokens[i] for i in range(low, high) if sentence.start <= tokens.tokens[i].start < sentence.end)
    return any(t.lemma.casefold() in BIRTH_LEMMAS for t in near)


def _event_span(tokens: _Tokens, verb: int | None, sentence: StorySentence) -> tuple[int, int]:
    """The clause the date belongs to when it has its own named subject, else the sentence."""
    if verb is None or tokens.tokens[verb].dep == "ROOT":
        return _strip(sentence.article.text, sentence.start, sentence.end)
    subjects = [c for c in tokens.children.get(verb, []) if tokens.tokens[c].dep in ("nsubj", "nsubjpass")]
    if not subjects or tokens.tokens[subjects[0]].pos == "PRON":
        return _strip(sentence.article.text, sentence.start, sentence.end)
    low, high = tokens.subtree(verb)
    if tokens.tokens[low].dep in ("mark", "cc") and low < high:
        low += 1  # "since it invaded ..." reads as "it invaded ..."
    if tokens.tokens[low].lemma.casefold() in RELATIVE_OPENERS:
        return _strip(sentence.article.text, sentence.start, sentence.end)  # "where it ..." needs its sentence
    start, end = tokens.tokens[low].start, tokens.tokens[high].end
    text = sentence.article.text
    if len(text[start:end].split()) < MIN_CLAUSE_WORDS or not (sentence.start <= start < end <= sentence.end):
        return _strip(text, sentence.start, sentence.end)
    return _strip(text, start, end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, dashes and a stray closing quote mark the sentence splitter left at the start."""
    while start < end and (text[start] in " \n\t-–—" or _stray_quote(text, start)):
        start += 1
    while end > start and text[end - 1] in " \n\t,;:":
        end -= 1
    return start, end


def _stray_quote(text: str, i: int) -> bool:
    return text[i] in STRAY_QUOTES and text[i + 1 : i + 2].isspace()


def _content_words(tokens: _Tokens, start: int, end: int) -> frozenset[str]:
    words = set()
    for token in tokens.tokens[bisect.bisect_left(tokens.starts, start) : bisect.bisect_left(tokens.starts, end)]:
        if token.pos in ("NOUN", "PROPN", "VERB", "NUM", "ADJ"):
            lemma = token.lemma.casefold()
            if lemma not in ENGLISH_STOP_WORDS and lemma not in DATE_WORDS and not _MONTH.fullmatch(lemma):
                words.add(lemma)
    return frozenset(words)


def _story_date(ctx: StoryContext) -> str | None:
    """The latest publication date in the story: the stand-in for an article without one.

    A story's articles appear within days of each other, so "on Tuesday" in an undated
    article most likely means the Tuesday its sister articles mean (an approximation).
    """
    dates = [a.published[:10] for a in ctx.articles if parse_iso_date(a.published)]
    return max(dates) if dates else None


def _dated(ctx: StoryContext, article: Article, fallback: str | None) -> list[_Dated]:
    parsed = ctx.parsed.get(article.id)
    if parsed is None or not parsed.tokens:
        return []
    tokens = _Tokens(parsed)
    published = article.published if parse_iso_date(article.published) else fallback
    quoted = [(s, e) for s, e, _, _ in quote_spans(article.text)]
    found: dict[tuple[int, int, date], _Dated] = {}
    for sentence in ctx.sentences(article):
        for start, end in _mentions(sentence, parsed):
            if _is_relative(article.text[start:end]) and any(s <= start < e for s, e in quoted):
                continue  # "today" inside a quote is the day it was said, not the day it was printed
            event = _dated_mention(tokens, sentence, start, end, published)
            if event is not None:
                found.setdefault((event.start, event.end, event.day), event)
    return list(found.values())


def _is_relative(mention: str) -> bool:
    return not (_ISO.search(mention) or _YEAR.search(mention) or _MONTH.search(mention))


def _dated_mention(tokens: _Tokens, sentence: StorySentence, start: int, end: int, published: str | None
                   ) -> _Dated | None:
    first = tokens.at(start)
    if first is None:
        return None
    mention = sentence.article.text[start:end]
    if _birth_nearby(tokens, first, sentence) or _modifies_noun(tokens, mention, end):
        return None
    verb = tokens.governing_verb(first)
    resolved = resolve_period(mention, published, tokens.is_future(verb))
    if resolved is None:
        return None
    day, precision, end_day = resolved
    span = _event_span(tokens, verb, _line_of(sentence, start))
    if not _has_verb_beside(tokens, span, (start, end)):
        return None  # a dateline or a byline date: the text says nothing happened
    return _Dated(sentence.article, *span, day, precision, _content_words(tokens, *span), end_day)


def _modifies_noun(tokens: _Tokens, mention: str, end: int) -> bool:
    """"his last night shift": a relative period word that modifies the noun after it."""
    if not _PERIOD_NOUN.search(mention) or not _is_relative(mention):
        return False
    last = bisect.bisect_left(tokens.starts, end) - 1
    token = tokens.tokens[last]
    return token.dep in ("compound", "amod") and token.head > last


def _line_of(sentence: StorySentence, offset: int) -> StorySentence:
    """The part of the sentence on the date's own line: an event never runs across a
    paragraph break (a byline or dateline glued to the lead by the sentence splitter)."""
    text = sentence.article.text
    start = max(sentence.start, text.rfind("\n", 0, offset) + 1)
    newline = text.find("\n", offset, sentence.end)
    return StorySentence(sentence.article, sentence.index, start, sentence.end if newline < 0 else newline)


def _has_verb_beside(tokens: _Tokens, span: tuple[int, int], mention: tuple[int, int]) -> bool:
    low, high = bisect.bisect_left(tokens.starts, span[0]), bisect.bisect_left(tokens.starts, span[1])
    return any(t.pos in ("VERB", "AUX") and not mention[0] <= t.start < mention[1]
               for t in tokens.tokens[low:high])


# ---------------------------------------------------------------------- merging


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _merge(reports: list[_Dated]) -> list[list[_Dated]]:
    """Reports of one date (and precision) join the first group whose first report they
    overlap: blocking by date keeps the comparisons small."""
    blocks: dict[tuple[date, str], list[list[_Dated]]] = defaultdict(list)
    for report in reports:
        groups = blocks[(report.day, report.precision)]
        home = next((g for g in groups if _overlap(g[0].words, report.words) >= SAME_EVENT_OVERLAP), None)
        if home is None:
            groups.append([report])
        elif all(r.article.id != report.article.id or r.start != report.start for r in home):
            home.append(report)
    return [group for groups in blocks.values() for group in groups]


def _representative(group: list[_Dated]) -> _Dated:
    """The report whose words the others share most: central, and short when tied."""
    support = Counter(w for r in group for w in r.words)
    return max(group, key=lambda r: (sum(support[w] for w in r.words) / (len(r.words) or 1), -len(r.text)))


def build_timeline(ctx: StoryContext) -> list[TimelineEvent]:
    """Dated events of the story, each with every outlet that reports it, in date order."""
    fallback = _story_date(ctx)
    reports = [r for article in ctx.articles for r in _dated(ctx, article, fallback)]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    reports.sort(key=lambda r: (order[r.article.id], r.start))
    events = []
    for group in _merge(reports):
        main = _representative(group)
        evidence = sorted({(r.article.id, r.start, r.end): r for r in group}.values(),
                          key=lambda r: (order[r.article.id], r.start))
        events.append(TimelineEvent(
            date=main.day.isoformat(),
            text=main.text,
            sources=ctx.order_sources(r.article.id for r in group),
            evidence=[Evidence(r.article.id, r.text, r.start, r.end) for r in evidence],
            precision=main.precision,
            end=main.end_day.isoformat() if main.end_day else None,
        ))
    events.sort(key=lambda e: (e.date, PRECISIONS.index(e.precision), -ctx.independent_count(e.sources)))
    return events

