"""Different days given for the same act within one aligned fact.

A fact's sentences carry several dates ("found ... during a check on March 11", "the
report published yesterday"); a date is compared only with another outlet's date of
the same act, resolved to a calendar day against each article's publication date, so
"on Tuesday" in a Wednesday paper and "on April 8" can agree.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.claim_dates import date_governor, resolve_day
from storyfold.analyze.discrepancies.disagreement import Observation, disagreement
from storyfold.analyze.discrepancies.fact_spans import FactSpan
from storyfold.analyze.discrepancies.predicates import stem
from storyfold.model import Discrepancy, Mention


def date_discrepancies(ctx: StoryContext, spans: list[FactSpan], about: str) -> list[Discrepancy]:
    """Different days for the same act: a date is compared only with dates of the same act
    ("found ... during a check on March 11" never with "published yesterday")."""
    by_act: dict[str, list[Observation]] = defaultdict(list)
    for span in spans:
        days = _days(span)
        acts = {act for act, _ in days}
        for act in acts:
            dated = {day: text for a, (day, text) in days if a == act}
            if len(dated) == 1:
                (day, text), = dated.items()
                by_act[act].append((f"{day.isoformat()} ({text})", day.isoformat(), span.evidence))
    found: list[Discrepancy] = []
    for observations in by_act.values():
        found.extend(disagreement(ctx, about, "date", observations))
    return found


def _days(span: FactSpan) -> list[tuple[str, tuple[date, str]]]:
    """(act stem, (day, words)) for each day-precise date of the span, resolved forward when
    the act is still to come ("will present its findings on Thursday")."""
    found = []
    start, end = span.evidence.start, span.evidence.end
    dates = [m for m in span.index.mentions if m.label == "DATE" and start <= m.start and m.end <= end]
    for n, mention in enumerate(dates):
        ids = span.index.span(mention.start, mention.end)
        governor, future = date_governor(span.index, ids[-1]) if ids else (None, False)
        if governor is None or governor in span.setting:
            continue  # the day something was said, or a date with no act
        named = _named_by(span.text, mention, dates[n + 1] if n + 1 < len(dates) else None)
        day = resolve_day(named, span.published, future)
        if day is not None:
            found.extend((act, (day, mention.text)) for act in _act_stems(span, governor))
    return found


# What may stand between a weekday and the calendar date that names it ("Saturday, 8 October").
WEEKDAY_DATE_GAP = frozenset({" ", ", ", ","})


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
