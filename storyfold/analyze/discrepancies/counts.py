"""Figures of a whole story compared by what they count, not by where they were said.

Outlets report one count in different sentences and with different verbs ("40 were
injured" / "42 people were taken to hospital"), so aligned facts miss most number
disagreements.  Every figure of the story is keyed by what it counts (see
:func:`storyfold.analyze.discrepancies.count_keys.count_key`) and the figures under one key are
compared across independent outlets.  A figure disagrees with another only when no value
satisfies both ("about 200" and "210" agree, so do "up to 3,000" and "3,000", and
"thousands" and "12,000"), and figures tied to different places count different things.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from storyfold.analyze.claims import ArticleTokens, normal_form, speech_setting, subtree
from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.core.lexicon import LOWER_BOUNDS, MAGNITUDE_RANGES, STRICT_BOUNDS
from storyfold.analyze.discrepancies.count_keys import (
    CountKey,
    count_actors,
    count_key,
    count_places,
    places_compatible,
)
from storyfold.analyze.discrepancies.disagreement import disagreement
from storyfold.analyze.discrepancies.figure_context import counts_the_story
from storyfold.analyze.discrepancies.story_tokens import TokenIndexes, parsed_sentences
from storyfold.analyze.quantities import APPROXIMATORS, Quantity, claim_quantities, number_key
from storyfold.model import Discrepancy, Evidence

# Vague amounts a figure is compared with: each names an order of magnitude (MAGNITUDE_RANGES).
MAGNITUDE_WORDS = frozenset(MAGNITUDE_RANGES)
# "about 200" allows this share either side: "about 200" and "210" agree, "about 200" and "300" do not.
APPROX_TOLERANCE = 0.1


@dataclass(slots=True)
class _Count:
    """One figure of one article, with what it counts and where it was said."""

    quantity: Quantity
    key: CountKey
    places: frozenset[str]
    evidence: Evidence
    about: str
    actors: frozenset[str] = frozenset()  # named subjects of the act ("the Orioles offered")


def story_count_discrepancies(ctx: StoryContext, indexes: TokenIndexes) -> list[Discrepancy]:
    """Figures of the whole story indexed by :class:`CountKey`, compared across independent
    outlets key by key: two sentences need not be aligned as one fact to count one thing."""
    by_key: dict[CountKey, dict[str, list[_Count]]] = defaultdict(lambda: defaultdict(list))
    for article, index, sentence in parsed_sentences(ctx, indexes):
        for count in _sentence_counts(ctx, index, sentence):
            by_key[count.key][article.id].append(count)
    found: list[Discrepancy] = []
    for per_article in by_key.values():
        readings = _compatible(_readings(per_article))
        if len({ctx.article(c.evidence.article).independent_id for c in readings}) >= 2:
            found.extend(_count_disagreements(ctx, readings))
    return found


def bound_wording(ctx: StoryContext, figures: list[tuple[Quantity, Evidence, str]]) -> list[Discrepancy]:
    """The same figure under bounds that exclude each other ("more than 3,000" / "up to 3,000"):
    the outlets agree on the number but not on what it claims.  ``figures`` are (figure,
    evidence, label).  A bare figure, an approximation or a bound the other figures fit ("up to
    12,000" / "12,000", "at least 10 killed" / "killed 10") is house style of one claim, never
    listed: only bounds that leave no common value are."""
    exact = [(q, evidence, label) for q, evidence, label in figures if not q.vague and q.bound is not None]
    if len({q.value for q, _, _ in figures if not q.vague}) != 1 or not _bounds_exclude([q for q, _, _ in exact]):
        return []
    return disagreement(ctx, exact[0][2], "wording", [(q.text, q.bound or "", e) for q, e, _ in exact])


def _bounds_exclude(bounded: list[Quantity]) -> bool:
    """Some floor and some ceiling on one figure, one of them strict: no value meets both
    ("more than 3,000" and "up to 3,000"; "at least 3,000" and "at most 3,000" meet at 3,000)."""
    floors = {q.bound for q in bounded if q.bound in LOWER_BOUNDS}
    ceilings = {q.bound for q in bounded if q.bound not in LOWER_BOUNDS}
    return any(f in STRICT_BOUNDS or c in STRICT_BOUNDS for f in floors for c in ceilings)


def _sentence_counts(ctx: StoryContext, index: ArticleTokens, sentence: StorySentence) -> list[_Count]:
    ids = index.span(sentence.start, sentence.end)
    setting = speech_setting(index, ids)
    text = sentence.article.text
    counts = []
    for quantity in claim_quantities(index, text, [i for i in ids if i not in setting]):
        if quantity.comparative or quantity.partitive:
            continue  # "an additional 3,000", "nine of them": not the count itself
        if not counts_the_story(ctx, index, sentence.article, quantity, sentence.start, sentence.end):
            continue  # an earlier event's toll, what might have been, "the two other victims"
        key = count_key(index, text, quantity, ctx.canonical_name)
        if key is None or (quantity.vague and _last_word(quantity.text) not in MAGNITUDE_WORDS):
            continue
        places = count_places(index, quantity, ctx.canonical_name)
        counts.append(_Count(quantity, key, places, sentence.evidence(), _count_label(index, text, quantity, key),
                             count_actors(index, quantity, ctx.canonical_name)))
    return counts


def _count_label(index: ArticleTokens, text: str, quantity: Quantity, key: CountKey) -> str:
    """"Varnian troops (deployment)": the counted words as written, and the act."""
    head = quantity.head_index
    if head == quantity.figure_index or index.tokens[head].pos not in {"NOUN", "PROPN"}:
        return f"{key.counted} ({key.act})"
    parts = [g for c in index.children.get(head, []) if index.tokens[c].dep in {"amod", "compound"}
             for g in subtree(index, c) if g > quantity.figure_index]
    first = min([head, *parts])
    return f"{text[index.tokens[first].start : index.tokens[head].end]} ({key.act})"


def _last_word(text: str) -> str:
    return normal_form(text.split()[-1]) if text.split() else ""


def _readings(per_article: dict[str, list[_Count]]) -> list[_Count]:
    """One reading per article: its figure, or its vague amount when it gives no figure.
    An article giving two figures for one key is unsure (or counts two things) and is left out."""
    readings = []
    for counts in per_article.values():
        exact = [c for c in counts if not c.quantity.vague]
        values = {c.quantity.value for c in exact}
        if len(values) == 1:
            readings.append(next((c for c in exact if c.quantity.bound is None), exact[0]))
        elif not exact and len({_last_word(c.quantity.text) for c in counts}) == 1:
            readings.append(counts[0])
    return readings


def _compatible(readings: list[_Count]) -> list[_Count]:
    """The readings whose places agree (a town within its region) and whose named actors agree,
    most common first: figures tied to different places or done by different actors count
    different things."""
    def fits(a: _Count, b: _Count) -> bool:
        return places_compatible(a.places, b.places) and places_compatible(a.actors, b.actors)

    order = {id(r): n for n, r in enumerate(readings)}
    kept: list[_Count] = []
    for reading in sorted(readings, key=lambda r: -sum(fits(r, o) for o in readings)):
        if all(fits(reading, k) for k in kept):
            kept.append(reading)
    return sorted(kept, key=lambda r: order[id(r)])


def _count_disagreements(ctx: StoryContext, readings: list[_Count]) -> list[Discrepancy]:
    """Figures that cannot both hold, or a figure outside a vague amount's range -> number; one
    figure under bounds that exclude each other -> wording."""
    found = []
    if _figures_disagree(ctx, readings):
        observations = [(_shown(readings, c), number_key(c.quantity), c.evidence) for c in readings]
        found.extend(disagreement(ctx, readings[0].about, "number", observations))
    found.extend(bound_wording(ctx, [(c.quantity, c.evidence, c.about) for c in readings]))
    return found


def _figures_disagree(ctx: StoryContext, readings: list[_Count]) -> bool:
    owners = [ctx.article(c.evidence.article).independent_id for c in readings]
    for a, first in enumerate(readings):
        for b in range(a + 1, len(readings)):  # one reading per article: a handful per key
            second = readings[b]
            if owners[a] == owners[b] or (first.quantity.vague and second.quantity.vague):
                continue
            low_a, high_a = _interval(first.quantity)
            low_b, high_b = _interval(second.quantity)
            if high_a < low_b or high_b < low_a:
                return True
    return False


def values_conflict(quantities: list[Quantity]) -> bool:
    """Some two of ``quantities`` allow no common value ("about 2.44 million" and "2.5 million"
    agree; "three" and "several" cannot disagree, "several" naming no order of magnitude)."""
    usable = [q for q in quantities if not q.vague or _last_word(q.text) in MAGNITUDE_WORDS]
    for n, first in enumerate(usable):
        for second in usable[n + 1:]:
            if first.vague and second.vague:
                continue
            low_a, high_a = _interval(first)
            low_b, high_b = _interval(second)
            if high_a < low_b or high_b < low_a:
                return True
    return False


def _interval(quantity: Quantity) -> tuple[float, float]:
    """The values a figure allows: "up to 3,000" -> [0, 3,000]; "about 200" -> 200 +- 10%."""
    if quantity.vague:
        return MAGNITUDE_RANGES.get(_last_word(quantity.text), (0.0, math.inf))
    value = quantity.value or 0.0
    if quantity.bound in LOWER_BOUNDS:
        return value, math.inf
    if quantity.bound is not None:
        return 0.0, value
    if _is_approximate(quantity):
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    return value, value


def _is_approximate(quantity: Quantity) -> bool:
    lowered = quantity.text.casefold()
    return any(lowered.startswith(word + " ") for word in APPROXIMATORS)


def _shown(readings: list[_Count], count: _Count) -> str:
    """A figure as written, without its bound when another outlet gives the same figure bare
    (the bound fits the bare figure: one reading, see :func:`bound_wording`)."""
    bare = [c for c in readings if not c.quantity.vague and c.quantity.value == count.quantity.value
            and c.quantity.bound is None and not _is_approximate(c.quantity)]
    return bare[0].quantity.text if bare else count.quantity.text
