"""When observations of one thing amount to a disagreement worth reporting.

Every discrepancy check ends the same way: what each article says is grouped by a
comparison key, an article that says two things is left out (it contradicts itself, or
the parse is unsure), and a difference counts only when independent outlets hold
different values.  Keeping that rule in one place keeps every check equally cautious:
a wire copy never disagrees with its original, an article never with itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.frames import same_moment
from storyfold.model import Discrepancy, DiscrepancyValue, Evidence

# (value as the outlet shows it, key the values are compared by, where it was said)
Observation = tuple[str, str, Evidence]
# Kinds whose values change as a story moves on (a toll rises, a status changes, a hedge firms
# up): their values disagree only between reports of about the same moment.  A name's spelling
# or the day of an act does not change, so those kinds are compared whenever they were written.
MOMENT_KINDS = frozenset({"number", "wording", "claim"})
# Characters dropped before the ellipsis of a shortened label ("Kyiv said, ..." -> "Kyiv said…").
TRAILING_PUNCTUATION = " \t\n,;:-–—(\"'“‘"


def shorten_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when
    cut: a heading ending "alongside Russi" reads as a typo, not as a shortened label."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    space = max(head.rfind(" "), head.rfind("\n"))
    cut = head[:space] if space > 0 else text[:limit]  # one long word: nothing better to cut at
    return cut.rstrip(TRAILING_PUNCTUATION) + "…"


def disagreement(ctx: StoryContext, about: str, kind: str, observations: Iterable[Observation]) -> list[Discrepancy]:
    """One discrepancy of ``kind`` when independent outlets hold different values, else none."""
    values = group_values(ctx, observations)
    if not independent_disagreement(ctx, values):
        return []
    if kind in MOMENT_KINDS and not _contemporary_sides(ctx, values):
        return []  # "not released" in February, "released Wednesday" in April: an update
    return [Discrepancy(about, kind, values)]


def _contemporary_sides(ctx: StoryContext, values: list[DiscrepancyValue]) -> bool:
    """Two values held by independent outlets that reported at about the same time."""
    for n, first in enumerate(values):
        for second in values[n + 1:]:
            for a in first.sources:
                for b in second.sources:
                    one, two = ctx.article(a), ctx.article(b)
                    if one.independent_id != two.independent_id and same_moment(one, two):
                        return True
    return False


def group_values(ctx: StoryContext, observations: Iterable[Observation]) -> list[DiscrepancyValue]:
    """Group (shown value, comparison key, evidence) by key; an article under two keys is
    contradicting itself (or the parse is unsure) and is left out."""
    keys_of: dict[str, set[str]] = defaultdict(set)
    observations = list(observations)
    for _, key, evidence in observations:
        keys_of[evidence.article].add(key)
    grouped: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for shown, key, evidence in observations:
        if len(keys_of[evidence.article]) == 1:
            grouped[key].append((shown, evidence))
    values = []
    for found in grouped.values():
        evidence = list({e.article: e for _, e in found}.values())
        values.append(DiscrepancyValue(found[0][0], ctx.order_sources(e.article for e in evidence), evidence))
    return ordered(values)


def independent_disagreement(ctx: StoryContext, values: list[DiscrepancyValue]) -> bool:
    """At least two values held by different independent sources."""
    if len(values) < 2:
        return False
    owners = [{ctx.article(a).independent_id for a in v.sources} for v in values]
    return len(set().union(*owners)) >= 2 and not all(o == owners[0] and len(o) == 1 for o in owners)


def ordered(values: list[DiscrepancyValue]) -> list[DiscrepancyValue]:
    """Most sources first, so the majority reading leads."""
    return sorted(values, key=lambda v: (-len(v.sources), v.value))
