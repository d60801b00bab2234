"""Where independent outlets disagree: spellings, numbers, hedges, status claims, dates.

Two outlets rarely word one thing alike, so two routes find disagreements:

* **Story-wide, by key.**  Every figure of the story is indexed by what it counts
  (:mod:`storyfold.analyze.discrepancies.counts`) and every stated state ("reopened", "remains
  closed") by its subject (:mod:`storyfold.analyze.discrepancies.states`); values under one key are
  compared across independent outlets without the sentences having to align as one fact.
* **Within one aligned fact** (see :mod:`storyfold.analyze.facts`): figures the count
  lexicon does not know (:mod:`~storyfold.analyze.discrepancies.fact_figures`), hedges and quantifiers
  (:mod:`~storyfold.analyze.discrepancies.hedges`), stances such as confirmed / denied
  (:mod:`~storyfold.analyze.discrepancies.stances`) and dates of the same act
  (:mod:`~storyfold.analyze.discrepancies.act_dates`).

Spellings come from the entities' variants (:mod:`storyfold.analyze.discrepancies.spellings`).  A wire
copy never disagrees with its original, an article never with itself, and an article
giving two values for one thing is left out rather than guessed
(:mod:`storyfold.analyze.discrepancies.disagreement`).  Precision over recall: a difference is
reported only when the parse shows what it is about.
"""

from __future__ import annotations

from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.act_dates import date_discrepancies
from storyfold.analyze.discrepancies.contrasts import contrast_facts, polarity_discrepancy
from storyfold.analyze.discrepancies.counts import story_count_discrepancies
from storyfold.analyze.discrepancies.fact_figures import figure_discrepancies
from storyfold.analyze.discrepancies.fact_spans import fact_spans, key_phrase
from storyfold.analyze.discrepancies.hedges import hedge_discrepancies, quantifier_discrepancies
from storyfold.analyze.discrepancies.spellings import place_spelling_discrepancies, spelling_discrepancies
from storyfold.analyze.discrepancies.stances import stance_discrepancies
from storyfold.analyze.discrepancies.states import story_state_discrepancies
from storyfold.analyze.discrepancies.story_tokens import TokenIndexes
from storyfold.model import Discrepancy, Fact


def find_discrepancies(ctx: StoryContext) -> list[Discrepancy]:
    """Disagreements between independent outlets: spellings, then counts and states indexed
    story-wide by what they are about, then what only an aligned fact shows."""
    found = spelling_discrepancies(ctx)
    indexes: TokenIndexes = {}  # one token index per article, shared by every check
    found.extend(story_count_discrepancies(ctx, indexes))
    found.extend(story_state_discrepancies(ctx, indexes))
    for fact in ctx.facts:
        if ctx.independent_count(fact.sources) < 2:
            continue
        found.extend(_within_fact(ctx, fact, indexes))
    contrasts = contrast_facts(ctx, indexes)
    found.extend(place_spelling_discrepancies(ctx, ctx.facts + contrasts))
    named = []
    for joined in contrasts:
        named.extend(_within_fact(ctx, joined, indexes))
    found.extend(named)
    if not named:  # the checks above name a difference better than "one side denies it"
        found.extend(d for a, b in ctx.opposed_claims if (d := polarity_discrepancy(ctx, a, b, indexes)))
    return _unique(found)


def _within_fact(ctx: StoryContext, fact: Fact, indexes: TokenIndexes) -> list[Discrepancy]:
    """What only an aligned fact (or a contrasted pair) shows: figures, hedges, stances, dates."""
    if ctx.independent_count(fact.sources) < 2:
        return []
    spans = fact_spans(ctx, fact, indexes)
    about = key_phrase(spans, fact)
    found = figure_discrepancies(ctx, spans)
    found.extend(hedge_discrepancies(ctx, spans, about))
    found.extend(quantifier_discrepancies(ctx, spans, about))
    found.extend(stance_discrepancies(ctx, spans, about))
    found.extend(date_discrepancies(ctx, spans, about))
    return found


def _unique(found: list[Discrepancy]) -> list[Discrepancy]:
    """One report per (kind, values): the same difference seen through two facts is one."""
    seen: set[tuple] = set()
    result = []
    for discrepancy in found:
        key = (discrepancy.kind, tuple((v.value, tuple(v.sources)) for v in discrepancy.values))
        if key not in seen:
            seen.add(key)
            result.append(discrepancy)
    return result
