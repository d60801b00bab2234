"""Different days given for the same act within one aligned fact.

A fact's sentences carry several dates ("found ... during a check on March 11", "the
report published yesterday"); a date is compared only with another outlet's date of
the same act, resolved against each article's publication date, so "on Tuesday" in a
Wednesday paper and "on April 8" can agree.

A date is a day ("on Friday", "on March 3") or a range ("earlier this week", "last month",
"in early March"), both as a :class:`~storyfold.analyze.core.dates.DateSpan`.  Two outlets
disagree only when their spans share no day: "Friday" inside "this week" agrees, "Friday"
before "earlier this week" (said the next week) does not.  Precision over coverage: a
range said loosely ("since last month", "by the end of the week", "around March 3"), a
year-long range, or a range long before its article's publication (background: an earlier
time the act happened) is never compared; nor is a relative date inside a quotation ("we can
grow our economy today"), nor a month and day without a year far from publication.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.dates import (
    ISO_PATTERN,
    MONTH_PATTERN,
    UNCERTAIN_YEAR_DAYS,
    YEAR_PATTERN,
    DateSpan,
)
from storyfold.analyze.core.lexicon import OPEN_PERIOD_WORDS
from storyfold.analyze.discrepancies.claim_dates import date_governor, resolve_span
from storyfold.analyze.discrepancies.disagreement import (
    Observation,
    group_values,
    independent_disagreement,
    ordered,
)
from storyfold.analyze.discrepancies.fact_spans import FactSpan
from storyfold.analyze.discrepancies.predicates import stem
from storyfold.analyze.quotes import quote_spans
from storyfold.dates import parse_iso_date
from storyfold.model import Discrepancy, DiscrepancyValue, Mention

# Granularities of a range precise enough to set against a day: a week or a month is what an
# outlet writes instead of the day ("earlier this week", "last month"); a year is too coarse to
# tell the act from an earlier one ("in 2008, Klitschko stopped Thompson" / "stopped him Saturday").
COMPARED_GRANULARITIES = frozenset({"day", "days", "week", "month"})
# A range that ended this long before its article was published tells background, not the news
# act; two months leave room for "last month" said at the end of a month.
RECENT_RANGE_DAYS = 62
# Articles whose quoted passages are kept while a story's facts are compared (a story has a few dozen).
QUOTED_TEXTS_CACHED = 64
# What may stand between a weekday and the calendar date that names it ("Saturday, 8 October").
WEEKDAY_DATE_GAP = frozenset({" ", ", ", ","})


@dataclass(frozen=True, slots=True)
class DatedAct:
    """One act of a span and the day or range a date mention puts it on."""

    act: str
    period: DateSpan
    words: str  # the mention as the outlet wrote it


def date_discrepancies(ctx: StoryContext, spans: list[FactSpan], about: str) -> list[Discrepancy]:
    """Dates of the same act that share no day: a date is compared only with dates of the same
    act ("found ... during a check on March 11" never with "published yesterday")."""
    by_act: dict[str, list[Observation]] = defaultdict(list)
    periods: dict[str, dict[str, DateSpan]] = defaultdict(dict)  # act -> article -> its span
    for span in spans:
        dated = dated_acts(span)
        for act in {d.act for d in dated}:
            given = {d.period.key: d for d in dated if d.act == act}
            if len(given) == 1:  # an article giving two dates for one act is left out
                (one,) = given.values()
                periods[act][span.evidence.article] = one.period
                by_act[act].append((_shown(one), one.period.key, span.evidence))
    found: list[Discrepancy] = []
    for act, observations in by_act.items():
        found.extend(_period_disagreement(ctx, about, observations, periods[act]))
    return found


def _shown(dated: DatedAct) -> str:
    """"2026-03-13 (Friday)", "2026-03-16 to 2026-03-20 (earlier this week)"."""
    period = dated.period
    days = period.start.isoformat() if period.start == period.end else f"{period.start} to {period.end}"
    return f"{days} ({dated.words})"


def _period_disagreement(ctx: StoryContext, about: str, observations: list[Observation],
                         periods: dict[str, DateSpan]) -> list[Discrepancy]:
    """One "date" discrepancy listing the values that share no day with another independent
    outlet's value; a range compatible with every other value ("this week" around both days)
    takes no side and is not listed."""
    values = group_values(ctx, observations)
    clashing = [v for v in values if any(_clash(ctx, v, w, periods) for w in values if w is not v)]
    if not independent_disagreement(ctx, clashing):
        return []
    return [Discrepancy(about, "date", ordered(clashing))]


def _clash(ctx: StoryContext, one: DiscrepancyValue, two: DiscrepancyValue, periods: dict[str, DateSpan]) -> bool:
    """Two values held by independent outlets whose days or ranges do not overlap."""
    return any(not periods[a].overlaps(periods[b])
               and ctx.article(a).independent_id != ctx.article(b).independent_id
               for a in one.sources for b in two.sources)


def dated_acts(span: FactSpan) -> list[DatedAct]:
    """Each date of the span that says when an act happened, with the act's stems, resolved
    forward when the act is still to come ("will present its findings on Thursday")."""
    found = []
    start, end = span.evidence.start, span.evidence.end
    dates = [m for m in span.index.mentions if m.label == "DATE" and start <= m.start and m.end <= end]
    for n, mention in enumerate(dates):
        ids = span.index.span(mention.start, mention.end)
        governor, future = date_governor(span.index, ids[-1]) if ids else (None, False)
        if governor is None or governor in span.setting or _open_period(span, ids):
            continue  # the day something was said, a date with no act, a bound ("since Monday")
        named = _named_by(span.text, mention, dates[n + 1] if n + 1 < len(dates) else None)
        if _relative(named) and _quoted(span.text, mention.start):
            continue  # "we can grow our economy today": the day the words were said, or no day at all
        period = resolve_span(named, span.published, future)
        if period is not None and _comparable(period, named, span.published):
            found.extend(DatedAct(act, period, mention.text) for act in _act_stems(span, governor))
    return found


def _open_period(span: FactSpan, ids: list[int]) -> bool:
    """A date said as a bound or an approximation: "since Monday", "by the end of the week",
    "around March 3" (the word inside the mention or the preposition it hangs on)."""
    tokens, inside = span.index.tokens, set(ids)
    if span.word(ids[0]) in OPEN_PERIOD_WORDS:
        return True
    return any(tokens[i].dep == "pobj" and tokens[i].head not in inside and span.word(tokens[i].head)
               in OPEN_PERIOD_WORDS for i in ids)


def _comparable(period: DateSpan, mention: str, published: str | None) -> bool:
    """A day, or a week- or month-long range near its article's publication, whose year the
    text makes sure (see the module)."""
    if period.granularity not in COMPARED_GRANULARITIES or _far_yearless(mention, period, published):
        return False
    if period.start == period.end:
        return True
    base = parse_iso_date(published)
    window = timedelta(days=RECENT_RANGE_DAYS)
    return base is not None and base - window <= period.end and period.start <= base + window


def _relative(mention: str) -> bool:
    """A date said against the day of writing ("today", "on Friday", "last week")."""
    return not (ISO_PATTERN.search(mention) or YEAR_PATTERN.search(mention) or MONTH_PATTERN.search(mention))


def _quoted(text: str, offset: int) -> bool:
    return any(start <= offset < end for start, end in _quoted_passages(text))


@lru_cache(maxsize=QUOTED_TEXTS_CACHED)
def _quoted_passages(text: str) -> tuple[tuple[int, int], ...]:
    """Where the article quotes someone: a relative date there counts from the day of speaking."""
    return tuple((start, end) for start, end, _, _ in quote_spans(text))


def _far_yearless(mention: str, period: DateSpan, published: str | None) -> bool:
    """A month and day without a year, far from publication: "was killed on June 24" in a May
    article written two years on reads as last June, and the year is the writer's to know, not
    ours (news leaves the year out for recent dates only)."""
    base = parse_iso_date(published)
    if base is None or YEAR_PATTERN.search(mention) or ISO_PATTERN.search(mention):
        return False
    return bool(MONTH_PATTERN.search(mention)) and abs((period.start - base).days) > UNCERTAIN_YEAR_DAYS


def _named_by(text: str, mention: Mention, following: Mention | None) -> str:
    """The words that name the day: a weekday followed by its calendar date ("Saturday, 8 October
    2011", parsed as two dates) is that calendar date, never the last Saturday before publication."""
    if following is not None and text[mention.end : following.start] in WEEKDAY_DATE_GAP \
            and any(ch.isdigit() for ch in following.text) and not any(ch.isdigit() for ch in mention.text):
        return following.text
    return mention.text


def _act_stems(span: FactSpan, governor: int) -> set[str]:
    """The dated act's stems: the word the date hangs on and the act it takes as object
    ("forced the evacuation on Tuesday" is dated like "evacuated on Tuesday")."""
    tokens = span.index.tokens
    objects = [c for c in span.index.children.get(governor, []) if tokens[c].dep in {"dobj", "nsubjpass"}
               and tokens[c].pos == "NOUN"]
    return {stem(tokens[i].lemma) for i in [governor, *objects]}
