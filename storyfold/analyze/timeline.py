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
near linear in the number of articles.  Reports of one event at different precisions
("in 2022", "in February 2022", "on Feb. 24, 2022") then fold into the finest one whose
date the coarser period contains (timeline_nesting.py).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.core.dates import (
    ISO_PATTERN,
    MONTH_PATTERN,
    RELATIVE,
    YEAR_PATTERN,
    DateCues,
    date_cues,
    resolve_date,
    resolve_period,
)
from storyfold.analyze.core.lexicon import (
    BIRTH_LEMMAS,
    COUNTERFACTUAL_AUXILIARIES,
    SEQUENCE_PREPOSITIONS,
    WEEKDAYS,
)
from storyfold.analyze.core.quote_marks import CLOSING_MARKS
from storyfold.analyze.core.tokens import TokenIndex
from storyfold.analyze.quotes import quote_spans
from storyfold.analyze.reported_dates import EVENT, REPORT, date_of
from storyfold.analyze.timeline_nesting import SAME_EVENT_OVERLAP, event_acts, nest
from storyfold.analyze.timeline_nesting import overlap as _overlap
from storyfold.dates import parse_iso_date
from storyfold.model import Article, Evidence, TimelineEvent
from storyfold.nlp import ParsedArticle

__all__ = ["build_timeline", "resolve_date", "resolve_period"]

DATE_LABELS = frozenset({"DATE", "TIME"})
# Quote marks that, followed by a space at a sentence's start, close the sentence before it.
STRAY_QUOTES = CLOSING_MARKS
# Two date mentions joined only by a connective are one period of one event ("in January and
# February", "dated January 14 and February 6", "in January, and again in February").
_CONNECTIVE = r"(?:and|or|to|through|until|till)(?:\s+(?:again|then))?(?:\s+(?:in|on|by|from))?"
_COORDINATED_GAP = re.compile(r"^[\s,]*(?:" + _CONNECTIVE + r"|[-–—])\s*$", re.IGNORECASE)
# Time-of-day and period words that, as a modifier, name a kind of thing, not a date:
# "his last night shift", "the evening news".
_PERIOD_NOUN = re.compile(r"(?:night|morning|afternoon|evening|week|month|year)$", re.IGNORECASE)
# What the pattern scan looks for beside spaCy's DATE entities.
_SCAN = re.compile(
    r"\b(?:" + "|".join(WEEKDAYS) + r")\b"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*(?:\s+\d{4})?\b"
    r"|" + "|".join(p.pattern for p, _, _ in RELATIVE),
    re.IGNORECASE,
)
# How many tokens around the date a birth cue must stand within.
BIRTH_WINDOW = 6
# A clause opened by one of these leans on the sentence around it ("where an explosion killed ..."):
# the event is then told by the whole sentence.
RELATIVE_OPENERS = frozenset({"where", "when", "which", "who", "whom", "whose", "that", "while"})
# A clause shorter than this is too little to read as an event; use the whole sentence.
MIN_CLAUSE_WORDS = 6
# Date words are what every report of a dated event shares; they say nothing about the event.
# Finer precision first among events dated to the same first day.
PRECISIONS = ("day", "week", "month", "year", "unknown year")
# A month (and day) whose year the text leaves open: dated by the likeliest year, and said so.
UNKNOWN_YEAR = "unknown year"
# Clauses that describe a noun ("Smith, who was elected in 2010", "Smith, first elected in 2010").
SIDE_CLAUSE_DEPS = frozenset({"relcl", "acl", "appos"})  # appos: a participle the parse set in apposition
# How far after an inverted "had we ..." a question mark is looked for (a question is not a condition).
QUESTION_LOOKAHEAD_CHARS = 200
NOUN_POS = frozenset({"NOUN", "PROPN"})
# Words before a year that make it the bound of a period, not the date of an event.
PERIOD_BOUNDS = frozenset({"through", "until", "till", "thru"})
# How far back an explicit year still sets the year of a yearless date the text narrates.
NARRATIVE_WINDOW_CHARS = 600
# The year of a full calendar date ("April 21, 2004", "21 April 2004"), as group 1 (a year alone
# "in 2007" is not one).
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH_YEAR = re.compile(r"(?:\b" + _MONTH_WORD + r"\s+\d{1,2}(?:st|nd|rd|th)?|\b\d{1,2}(?:st|nd|rd|th)?\s+"
                             + _MONTH_WORD + r"),?\s+(1[89]\d\d|20\d\d)\b", re.IGNORECASE)
# How many verbs up a date's clause is looked at for a side phrase it sits in.
MAX_CLAUSE_HOPS = 3
# Links from a clause to the clause it hangs in, on the way up to a side phrase.
CLAUSE_LINKS = frozenset({"advcl", "conj", "ccomp", "xcomp", "prep", "pcomp", "pobj"})
# Relative clauses of place and time set the scene of the sentence's own event.
PLACE_TIME_OPENERS = frozenset({"where", "when", "while"})
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
    date_of: str = EVENT  # or the day of a statement that tells the act (reported_dates.py)
    mention_words: frozenset[str] = frozenset()  # the date's own words ("2022"): no sign of the event
    acts: frozenset[str] = frozenset()  # what the date's clause tells happened (timeline_nesting.py)

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]


# ------------------------------------------------------------------ the index


class _Tokens(TokenIndex):
    """The shared token index, with the parse cues the timeline asks of a date."""

    def __init__(self, parsed: ParsedArticle, text: str, outlets: frozenset[str] = frozenset()) -> None:
        super().__init__(parsed, text)
        self.outlets = outlets  # the story's outlet names, casefolded: a teller that is the media

    def cues(self, first: int, last: int) -> DateCues:
        return date_cues(self, first, last)

    def date_of(self, verb: int | None) -> str:
        return date_of(self, verb, self.outlets)


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
    """The clause the date belongs to when it has its own named subject, the side phrase it
    sits in ("Smith, first elected in 2010, said ..." dates only "Smith, first elected in
    2010"), else the sentence."""
    if verb is None or tokens.tokens[verb].dep == "ROOT":
        return _strip(sentence.article.text, sentence.start, sentence.end)
    side = _side_clause(tokens, verb)
    if side is not None:
        return _side_phrase(tokens, side, sentence)
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


def _side_clause(tokens: _Tokens, verb: int) -> int | None:
    """The relative or participle clause the date's verb sits in, up a few clause links ("the
    contract he signed when he was hired on April 21"), when it is a side phrase."""
    for _ in range(MAX_CLAUSE_HOPS):
        token = tokens.tokens[verb]
        if token.dep in SIDE_CLAUSE_DEPS and (token.dep != "appos" or token.pos == "VERB"):
            return verb if _is_side_phrase(tokens, verb) else None
        if token.dep not in CLAUSE_LINKS or token.head == verb:
            return None
        verb = token.head
    return None


def _is_side_phrase(tokens: _Tokens, verb: int) -> bool:
    """A relative or participle clause on a noun, set off by a comma ("Smith, who was elected
    in 2010, said") or on a noun that a main verb of the sentence governs ("drifted into the
    family founded in 1931"); otherwise the parse may only have misread the main verb."""
    token = tokens.tokens[verb]
    if tokens.tokens[token.head].pos not in NOUN_POS:
        return False
    low = tokens.subtree(verb)[0]
    if tokens.word(low).casefold() in PLACE_TIME_OPENERS:
        return False  # "in Varne, where a blast injured six on Monday": the sentence tells that event
    if low > 0 and tokens.word(low - 1) == ",":
        return True
    return any(tokens.tokens[h].pos == "VERB" and tokens.tokens[h].dep == "ROOT"
               for h in tokens.head_chain(token.head, hops=8))


def _side_phrase(tokens: _Tokens, verb: int, sentence: StorySentence) -> tuple[int, int]:
    """The noun a relative or participle clause describes, with that clause: the side phrase's
    own event, told apart from the statement of the sentence around it."""
    noun = tokens.tokens[verb].head
    low = tokens.subtree(noun)[0]
    high = tokens.subtree(verb)[1]
    start, end = tokens.tokens[low].start, tokens.tokens[high].end
    if not (sentence.start <= start < end <= sentence.end):
        return _strip(sentence.article.text, sentence.start, sentence.end)
    return _strip(sentence.article.text, start, end)


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
            if lemma not in ENGLISH_STOP_WORDS and lemma not in DATE_WORDS and not MONTH_PATTERN.fullmatch(lemma):
                words.add(lemma)
    return frozenset(words)


def _story_date(ctx: StoryContext) -> str | None:
    """The latest publication date in the story: the stand-in for an article without one.

    A story's articles appear within days of each other, so "on Tuesday" in an undated
    article most likely means the Tuesday its sister articles mean (an approximation).
    """
    dates = [a.published[:10] for a in ctx.articles if parse_iso_date(a.published)]
    return max(dates) if dates else None


def _dated(ctx: StoryContext, article: Article, fallback: str | None, outlets: frozenset[str]) -> list[_Dated]:
    parsed = ctx.parsed.get(article.id)
    if parsed is None or not parsed.tokens:
        return []
    tokens = _Tokens(parsed, article.text, outlets)
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
    return not (ISO_PATTERN.search(mention) or YEAR_PATTERN.search(mention) or MONTH_PATTERN.search(mention))


def _dated_mention(tokens: _Tokens, sentence: StorySentence, start: int, end: int, published: str | None
                   ) -> _Dated | None:
    first = tokens.at(start)
    if first is None:
        return None
    mention = sentence.article.text[start:end]
    if _birth_nearby(tokens, first, sentence) or _modifies_noun(tokens, mention, end):
        return None
    last = max(tokens.token_range(start, end).stop - 1, first)
    if _bounds_a_period(tokens, first, mention):
        return None  # "the first deaths since 1991", "savings through 2012": a bound, not an event's date
    cues = replace(tokens.cues(first, last), narrative_year=_narrative_year(sentence, start))
    resolved = resolve_period(mention, published, cues=cues)
    if resolved is None or resolved.named_event or (cues.noun_event and resolved.precision == "year"):
        return None  # "the 2010 wave", "the Sept. 11 hijackers": a name's date, not the statement's
    verb = cues.verb if cues.verb is not None else tokens.governing_verb(first)
    if verb is not None and _counterfactual(tokens, verb):
        return None  # "had we ignored it back in 2007, ...": what did not happen has no date
    if verb is not None and _earlier_or_later_act(tokens, verb):
        return None  # "given a sentence after being convicted for a stabbing in 1999": not the sentence's time
    telling = tokens.date_of(verb)
    if telling == REPORT:
        return None  # "..., the AP reported on Tuesday": the day another outlet printed it
    span = _event_span(tokens, verb, _line_of(sentence, start))
    if not _has_verb_beside(tokens, span, (start, end)):
        return None  # a dateline or a byline date: the text says nothing happened
    precision = resolved.precision if resolved.year_certain else UNKNOWN_YEAR
    return _Dated(sentence.article, *span, resolved.day, precision, _content_words(tokens, *span), resolved.end,
                  telling, _content_words(tokens, start, end), event_acts(tokens, verb))


def _earlier_or_later_act(tokens: _Tokens, verb: int) -> bool:
    """The date's verb has no subject of its own and hangs below an "after"/"before" phrase of the
    sentence's verb: it tells another act than the sentence's, with no clause of its own to date."""
    if any(tokens.tokens[c].dep in ("nsubj", "nsubjpass") for c in tokens.children.get(verb, [])):
        return False  # "after police stopped him on Friday": that clause is dated on its own
    for head in tokens.head_chain(verb):
        token = tokens.tokens[head]
        if token.dep == "prep" and tokens.word(head).casefold() in SEQUENCE_PREPOSITIONS:
            return True
        if token.dep == "ROOT":
            return False
    return False


def _counterfactual(tokens: _Tokens, verb: int) -> bool:
    """A condition contrary to fact: "had we ignored ..." (the auxiliary before its subject,
    in a sentence that asks nothing) or "if we had ignored ...": an act that did not happen."""
    children = tokens.children.get(verb, [])
    auxiliaries = [c for c in children if tokens.tokens[c].dep == "aux"
                   and tokens.word(c).casefold() in COUNTERFACTUAL_AUXILIARIES]
    if not auxiliaries:
        return False
    if any(tokens.tokens[c].dep == "mark" and tokens.word(c).casefold() == "if" for c in children):
        return True
    subjects = [c for c in children if tokens.tokens[c].dep in ("nsubj", "nsubjpass")]
    question = tokens.text[tokens.tokens[verb].end : tokens.tokens[verb].end + QUESTION_LOOKAHEAD_CHARS]
    return bool(subjects) and auxiliaries[0] < subjects[0] and "?" not in question.split(".")[0]


def _bounds_a_period(tokens: _Tokens, first: int, mention: str) -> bool:
    """A year that only bounds a period: "through 2012", "until 2015", or "since 1991" on a
    noun ("the first deaths since 1991", and a month: "the fifth operation since September");
    "has operated since 1988" dates the start of an act."""
    year_only = bool(YEAR_PATTERN.search(mention)) and not MONTH_PATTERN.search(mention)
    month_only = bool(MONTH_PATTERN.search(mention)) and not any(ch.isdigit() for ch in mention)
    if first == 0 or not (year_only or month_only):
        return False
    before = tokens.tokens[first - 1]
    word = tokens.word(first - 1).casefold()
    if word in PERIOD_BOUNDS and year_only:
        return True
    return word == "since" and tokens.tokens[before.head].pos in NOUN_POS


def _narrative_year(sentence: StorySentence, start: int) -> int | None:
    """The last explicit year in the text just before a date (the same paragraph, a few
    sentences back): the year a yearless "in July" of a story about the past is in.  A year
    that completes a calendar date ("hired on April 21, 2004") dates that one day's event, not
    the passage: "Cheeks, who was fired March 2," after it is still this year's March."""
    text = sentence.article.text
    window_start = max(text.rfind("\n\n", 0, start), start - NARRATIVE_WINDOW_CHARS, 0)
    dated = [m.span(1) for m in _DAY_MONTH_YEAR.finditer(text, window_start, start)]
    years = [m for m in YEAR_PATTERN.finditer(text, window_start, start) if m.span(1) not in dated]
    return int(years[-1].group(1)) if years else None


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


def _merge(reports: list[_Dated]) -> list[list[_Dated]]:
    """Reports of one date (and precision, and what it is the day of: an act or a statement of
    it) join the first group whose first report they overlap: blocking by date keeps the
    comparisons small."""
    blocks: dict[tuple[date, str, str], list[list[_Dated]]] = defaultdict(list)
    for report in reports:
        groups = blocks[(report.day, report.precision, report.date_of)]
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
    """Dated events of the story, in date order, each citing the outlets that give its date; outlets
    that tell the same event with a coarser date (nested in, see timeline_nesting) are listed apart
    as ``coarser``: "in 2022" backs that an invasion happened, not that it began on 24 February."""
    fallback = _story_date(ctx)
    outlets = frozenset(a.outlet.casefold() for a in ctx.articles if a.outlet)  # a teller that is the media
    reports = [r for article in ctx.articles for r in _dated(ctx, article, fallback, outlets)]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    reports.sort(key=lambda r: (order[r.article.id], r.start))
    events = []
    for group in nest(_merge(reports), PRECISIONS):
        main = _representative([r for r in group if (r.day, r.precision) == (group[0].day, group[0].precision)])
        evidence = sorted({(r.article.id, r.start, r.end): r for r in group}.values(),
                          key=lambda r: (order[r.article.id], r.start))
        dated = ctx.order_sources(r.article.id for r in group if r.precision == main.precision)
        events.append(TimelineEvent(
            date=main.day.isoformat(),
            text=main.text,
            sources=dated,
            evidence=[Evidence(r.article.id, r.text, r.start, r.end) for r in evidence],
            precision=main.precision,
            end=main.end_day.isoformat() if main.end_day else None,
            date_of=main.date_of,
            coarser=ctx.order_sources(r.article.id for r in group if r.article.id not in dated),
        ))
    events.sort(key=lambda e: (e.date, PRECISIONS.index(e.precision), -ctx.independent_count(e.sources)))
    return events

