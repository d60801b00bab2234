"""Reports of one event at different precisions: "in 2022", "in February 2022", "on Feb. 24, 2022".

Outlets date one event as finely as they know it or care to.  The timeline's merge blocks reports
by date and precision, so those three stayed three rows; :func:`nest` folds a coarser group into the
one finer group whose date its period contains (a year holds its months and days, a month its days,
a range its whole span) and that tells the same act.  The merged entry takes the finest date an
outlet gave and cites every outlet, each with its own words as evidence.

Same act (precision over coverage: a coarse row left alone costs less than two events made one):

* the words beside the dates overlap as much as the timeline's own merge asks
  (``SAME_EVENT_OVERLAP``), the date's own words left out: "2022" is shared by every event of 2022;
* the acts agree: the date's verb, or for a verb that only sets an event noun going
  (``LIGHT_EVENT_VERBS``: "launched its invasion", "the invasion began") that noun, compared by
  stem ("invaded" and "invasion");
* one more word is shared beside the act: a participant ("Russia").

Each coarse report folds on its own (a groupmate the date's merge joined to it follows only when
its act agrees too), and a report that fits two finer groups (two different days, or a day and a
month that did not merge with each other) is ambiguous and stays where it was, as does a date whose
year the text leaves open: it has no span to contain anything.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from typing import Protocol, TypeVar

from storyfold.analyze.core.lexicon import DERIVATIONAL_SUFFIXES, LIGHT_EVENT_VERBS
from storyfold.analyze.core.tokens import TokenIndex

__all__ = ["SAME_EVENT_OVERLAP", "event_acts", "nest", "overlap", "same_act"]

# Two reports are one event when they share this share of the smaller one's content words.
SAME_EVENT_OVERLAP = 0.35
# A stem shorter than this says too little to tie a verb to a noun ("rise" is kept whole).
MIN_STEM_CHARS = 4
# How much longer one stem may run than the other it begins ("inva" / "invad"): more and the
# words are different words that only start alike ("test" / "testimon").
MAX_STEM_GAP = 2
# The arguments of a light verb that name its event: "launched its invasion", "the invasion began".
EVENT_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
# Clauses on a noun: "the invasion, which Putin ordered on Feb. 24" is about that noun.
NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})
# Precisions whose period a date's span is; any other ("unknown year") has none.
PERIOD_PRECISIONS = ("day", "week", "month", "year")
DAYS_IN_WEEK = 7


class Report(Protocol):
    """What nesting reads of a dated report (``timeline._Dated``)."""

    day: date
    precision: str
    end_day: date | None
    date_of: str
    words: frozenset[str]
    mention_words: frozenset[str]
    acts: frozenset[str]


R = TypeVar("R", bound=Report)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the smaller set's words that the other one has too."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def event_acts(tokens: TokenIndex, verb: int | None) -> frozenset[str]:
    """What the date's clause tells happened: the verb's lemma, or for a light verb ("launched",
    "began", "ordered") the common nouns it sets going, its subject, object or the noun it describes."""
    if verb is None:
        return frozenset()
    token = tokens.tokens[verb]
    lemma = token.lemma.casefold()
    if lemma not in LIGHT_EVENT_VERBS and lemma != "be":
        return frozenset({lemma})
    nouns = [c for c in tokens.children.get(verb, []) if tokens.tokens[c].dep in EVENT_ARGUMENT_DEPS]
    if token.dep in NOUN_CLAUSE_DEPS:
        nouns.append(token.head)
    return frozenset(tokens.tokens[n].lemma.casefold() for n in nouns if tokens.tokens[n].pos == "NOUN")


def _stem(word: str) -> str:
    for suffix in DERIVATIONAL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_CHARS:
            return word[: -len(suffix)]
    return word


def _same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((_stem(a), _stem(b)), key=len)
    return len(short) >= MIN_STEM_CHARS and long.startswith(short) and len(long) - len(short) <= MAX_STEM_GAP


def same_act(coarse: Report, fine: Report, min_overlap: float = SAME_EVENT_OVERLAP) -> bool:
    """Two reports tell one act: their words beside the dates overlap, an act of one is an act of
    the other, and they share a participant beside that act."""
    a, b = coarse.words - coarse.mention_words, fine.words - fine.mention_words
    if overlap(a, b) < min_overlap or not a & b:
        return False
    acts = {w for x in coarse.acts for y in fine.acts if _same_stem(x, y) for w in (x, y)}
    return bool(acts) and bool((a & b) - acts)


def _span(report: Report) -> tuple[date, date] | None:
    """The first and last day a report's date covers, its range's end period included."""
    if report.precision not in PERIOD_PRECISIONS:
        return None
    last = report.end_day or report.day
    if report.precision == "week":
        last += timedelta(days=DAYS_IN_WEEK - 1)
    elif report.precision == "month":
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    elif report.precision == "year":
        last = last.replace(month=12, day=31)
    return report.day, last


def _act_keys(report: Report) -> frozenset[str]:
    """The first MIN_STEM_CHARS letters of each act's stem: two acts :func:`_same_stem` ties always
    share one, so a cluster without any of the report's keys is skipped before word sets are compared."""
    return frozenset(_stem(act)[:MIN_STEM_CHARS] for act in report.acts)


def _home(report: R, clusters: list[list[R]], by_year: dict[int, list[int]], rank: dict[str, int],
          keys: list[set[str]]) -> int | None:
    """The one finer cluster a coarse report folds into: its date inside the report's span, its act
    the report's; None when none fits, or more than one (the finer dates conflict)."""
    span = _span(report)
    if span is None:
        return None
    found = set()
    own = _act_keys(report)
    for year in range(span[0].year, span[1].year + 1):
        for i in by_year.get(year, []):
            if not own & keys[i]:
                continue  # no act of the cluster can be the report's (see _act_keys)
            head = clusters[i][0]
            inner = _span(head)
            if (i in found or inner is None or rank[head.precision] >= rank[report.precision]
                    or head.date_of != report.date_of or not (span[0] <= inner[0] and inner[1] <= span[1])):
                continue
            if any(same_act(report, f) for f in clusters[i]):
                found.add(i)
    return found.pop() if len(found) == 1 else None


def _follow(group: list[R], homes: list[int | None], clusters: list[list[R]]) -> list[int | None]:
    """A report whose words the date's merge already found in a groupmate's ("since it invaded
    Ukraine in February 2022", a long sentence, beside "the invasion began in February 2022")
    follows that groupmate into the one cluster they fold into, when its act and a participant
    are the cluster's too: the words were weighed once, the act is still checked."""
    found = {home for home in homes if home is not None}
    if len(found) != 1:
        return homes
    home = found.pop()
    return [h if h is not None or not any(same_act(r, f, min_overlap=0.0) for f in clusters[home]) else home
            for r, h in zip(group, homes, strict=True)]


def nest(groups: list[list[R]], precisions: tuple[str, ...]) -> list[list[R]]:
    """Fold reports of coarser dates into the finer group of the same event, finest first, so a
    year can join a month that has already joined its day.  Each report folds on its own: a
    group of one year may hold two events whose words only looked alike, and the one that is
    not the finer group's event stays behind.  Each cluster starts with its finest report: the
    date it shows."""
    rank = {p: i for i, p in enumerate(precisions)}
    clusters: list[list[R]] = []
    keys: list[set[str]] = []  # per cluster, the act keys of its reports (_act_keys)
    by_year: dict[int, list[int]] = defaultdict(list)
    for group in sorted(groups, key=lambda g: rank[g[0].precision]):
        homes = _follow(group, [_home(report, clusters, by_year, rank, keys) for report in group], clusters)
        for report, home in zip(group, homes, strict=True):
            if home is not None:
                clusters[home].append(report)
                keys[home] |= _act_keys(report)
        rest = [report for report, home in zip(group, homes, strict=True) if home is None]
        if rest:
            clusters.append(rest)
            keys.append({key for report in rest for key in _act_keys(report)})
            span = _span(rest[0])
            for year in range(span[0].year, span[1].year + 1) if span else ():
                by_year[year].append(len(clusters) - 1)
    return clusters
