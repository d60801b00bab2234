"""Opposite stances in one aligned fact: "confirmed" against "denied", "accepted" against
"rejected", or one word negated in one outlet only ("has yet to respond").

Within one fact the outlets report the same event, so opposite signs of one concept
mean they disagree about what was said or decided.
"""

from __future__ import annotations

from collections import defaultdict

from storyfold.analyze.claims import normal_form
from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.disagreement import disagreement
from storyfold.analyze.discrepancies.fact_spans import FactSpan
from storyfold.analyze.discrepancies.predicates import aux_children, negating_children
from storyfold.model import Discrepancy, Evidence

# Stance words as (concept, sign): two outlets using opposite signs of one concept in one
# aligned fact ("confirmed" / "denied" the same thing) disagree about what was said or decided.
STATUS_WORDS: dict[str, tuple[str, int]] = {
    "confirm": ("confirm", 1), "confirmation": ("confirm", 1), "admit": ("confirm", 1),
    "deny": ("confirm", -1), "denial": ("confirm", -1), "respond": ("respond", 1),
    "response": ("respond", 1), "reply": ("respond", 1),
    "accept": ("accept", 1), "approve": ("accept", 1), "reject": ("accept", -1), "refuse": ("accept", -1),
    "win": ("win", 1), "lose": ("win", -1), "guilty": ("guilty", 1), "innocent": ("guilty", -1),
    "acquit": ("guilty", -1), "convict": ("guilty", 1), "rise": ("rise", 1), "increase": ("rise", 1),
    "fall": ("rise", -1), "decrease": ("rise", -1), "decline": ("rise", -1),
}
# "has yet to respond": negation spread over two words before the verb.
YET_TO_WINDOW = 3


def stance_discrepancies(ctx: StoryContext, spans: list[FactSpan], about: str) -> list[Discrepancy]:
    """Opposite status words, or one word negated in one outlet only."""
    by_concept: dict[str, list[tuple[str, int, Evidence]]] = defaultdict(list)
    for span in spans:
        seen: set[str] = set()
        for i in span.words():
            status = _status(span, i)
            if status is not None and status[0] not in seen:
                seen.add(status[0])
                by_concept[status[0]].append((status[1], status[2], span.evidence))  # label, sign
    found: list[Discrepancy] = []
    for observed in by_concept.values():
        if len({sign for _, sign, _ in observed}) < 2:
            continue
        found.extend(disagreement(ctx, about, "claim", [(label, str(sign), e) for label, sign, e in observed]))
    return found


def _status(span: FactSpan, i: int) -> tuple[str, str, int] | None:
    """(concept, shown words, sign) for a status word, its sign flipped by negation."""
    token = span.index.tokens[i]
    entry = STATUS_WORDS.get(normal_form(token.lemma)) or STATUS_WORDS.get(span.word(i))
    if entry is None:
        return None
    concept, sign = entry
    negators = _negators(span, i)
    if negators:
        sign = -sign
    first = min([i, *negators, *_auxiliaries(span, i)])
    label = span.text[span.index.tokens[first].start : token.end]
    return concept, label, sign


def _negators(span: FactSpan, i: int) -> list[int]:
    found = negating_children(span.index, i)
    window = list(range(max(span.token_ids[0], i - YET_TO_WINDOW), i))
    words = [span.word(j) for j in window]
    if "yet" in words and words[-1:] == ["to"]:
        found.append(window[words.index("yet")])
    return found


def _auxiliaries(span: FactSpan, i: int) -> list[int]:
    tokens = span.index.tokens
    found = aux_children(span.index, i)
    if tokens[i].dep in {"acomp", "oprd"} and tokens[i].head < i:
        found.append(tokens[i].head)  # "remains closed"
    return found
