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
from storyfold.model import Discrepancy


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
    for mention in span.index.mentions:
        if mention.label != "DATE" or not (start <= mention.start and mention.end <= end):
            continue
        ids = span.index.span(mention.start, mention.end)
        governor, future = date_governor(span.index, ids[-1]) if ids else (None, False)
        if governor is None or governor in span.setting:
            continue  # the day something was said, or a date with no act
        day = resolve_day(mention.text, span.published, future)
        if day is not None:
            found.extend((act, (day, mention.text)) for act in _act_stems(span, governor))
    return found


def _act_stems(span: FactSpan, governor: int) -> set[str]:
    """The dated act's stems: the word the date hangs on and the act it takes as object
    ("forced the evacuation on Tuesday" is dated like "evacuated on Tuesday")."""
    tokens = span.index.tokens
    objects = [c for c in span.index.children.get(governor, []) if tokens[c].dep in {"dobj", "nsubjpass"}
               and tokens[c].pos == "NOUN"]
    return {stem(tokens[i].lemma) for i in [governor, *objects]}
