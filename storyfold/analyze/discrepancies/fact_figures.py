"""Figures within one aligned fact that the story-wide count index cannot key.

The count index (see :mod:`storyfold.analyze.discrepancies.counts`) knows a small lexicon of acts;
a figure of any other act ("80 percent of items were recovered") is compared only with
the figures of the same fact, counting the same thing, for an act every outlet of the
fact names: "six fought" is never compared with "two captured".
"""

from __future__ import annotations

from collections import defaultdict

from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.count_keys import act_family, count_actors, places_compatible
from storyfold.analyze.discrepancies.counts import bound_wording, values_conflict
from storyfold.analyze.discrepancies.disagreement import disagreement
from storyfold.analyze.discrepancies.fact_spans import FactSpan
from storyfold.analyze.discrepancies.figure_context import counts_the_story
from storyfold.analyze.discrepancies.predicates import stem
from storyfold.analyze.quantities import Quantity, claim_quantities, number_key
from storyfold.model import Discrepancy

_Figure = tuple[FactSpan, Quantity]


def figure_discrepancies(ctx: StoryContext, spans: list[FactSpan]) -> list[Discrepancy]:
    """Different figures for one counted thing (number), then one figure under bounds that
    exclude each other (wording)."""
    by_head = _quantities_by_head(ctx, spans)
    found: list[Discrepancy] = []
    for head, observed in by_head.items():
        found.extend(_number_disagreement(ctx, head, observed))
    for head, observed in by_head.items():
        found.extend(bound_wording(ctx, [(q, s.evidence, q.head_text or head) for s, q in observed]))
    return found


def _number_disagreement(ctx: StoryContext, head: str, observed: list[_Figure]) -> list[Discrepancy]:
    exact = {q.value for _, q in observed if not q.vague}
    if not exact or (len(exact) == 1 and all(not q.vague for _, q in observed)):
        return []  # all vague, or all the same figure
    if not values_conflict([q for _, q in observed]):
        return []  # "some 2.44 million" and "2.5 million", "three" and "several": they agree
    actors = [count_actors(span.index, q, ctx.canonical_name) for span, q in observed]
    if any(not places_compatible(a, b) for n, a in enumerate(actors) for b in actors[n + 1:]):
        return []  # "the Orioles offered $150 million", "the Red Sox offered $184 million": two offers
    label = observed[0][1].head_text or head
    return disagreement(ctx, label, "number", [(q.text, number_key(q), s.evidence) for s, q in observed])


def _quantities_by_head(ctx: StoryContext, spans: list[FactSpan]) -> dict[str, list[_Figure]]:
    """head -> one quantity per article; an article giving two values for a head is left out."""
    by_head: dict[str, dict[str, list[_Figure]]] = defaultdict(lambda: defaultdict(list))
    for span in spans:
        article = ctx.article(span.evidence.article)
        for quantity in claim_quantities(span.index, span.text, span.words()):
            if quantity.comparative or quantity.partitive:
                continue  # "many more": in addition to a count, not a count of the same thing
            if not counts_the_story(ctx, span.index, article, quantity, span.evidence.start, span.evidence.end):
                continue  # background, a near miss, a hypothetical or a part of the count
            if act_family(span.index, quantity.head_index) is not None:
                continue  # counted by a known act: compared story-wide (see counts.py)
            by_head[_kind(span, quantity)][span.evidence.article].append((span, quantity))
    result: dict[str, list[_Figure]] = {}
    for head, per_article in by_head.items():
        kept = [found[0] for found in per_article.values() if len({number_key(q) for _, q in found}) == 1]
        kept = _same_event(kept)
        if len({span.independent for span, _ in kept}) >= 2:
            result[head] = kept
    return result


def _kind(span: FactSpan, quantity: Quantity) -> str:
    """What a figure counts, with the nouns compounded on it: "seven AK-47 assault rifles" and
    "three rifles" (beside "12 AK-47 guns") are not one count."""
    compounds = sorted(span.index.lemma(c) for c in span.index.children.get(quantity.head_index, [])
                       if span.index.tokens[c].dep == "compound" and c != quantity.figure_index)
    return " ".join([*compounds, quantity.head])


def _same_event(observed: list[_Figure]) -> list[_Figure]:
    """Keep counts whose act every other span also names ("six fought" is not "two captured"):
    the act's stem must appear among the other spans' words ("evacuation" / "evacuated")."""
    stems = {span.evidence.article: span.stems() for span, _ in observed}
    kept = []
    for span, quantity in observed:
        act = stem(quantity.predicate)
        others = [s for article, s in stems.items() if article != span.evidence.article]
        if act and all(act in other for other in others):
            kept.append((span, quantity))
    return kept
