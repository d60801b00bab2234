"""Two outlets stating one act with opposite polarity or modality: a disagreement, not a fact.

Alignment (:func:`storyfold.analyze.align.agreement`) refuses to call "the army had evidence"
and "has yet to provide evidence" one fact; they share the claim's frame, so the reader is
shown them side by side as a discrepancy of kind "claim", with the outlets on each side.
The within-fact checks (hedges, stances) read such a pair first, since they name the
difference more precisely ("confirmed" / "denied", "likely damaged" / "damaged").
"""

from __future__ import annotations

from storyfold.analyze.claims import Claim
from storyfold.analyze.context import StoryContext
from storyfold.model import Discrepancy, DiscrepancyValue, Fact

# How much of a claim's wording names what the outlets disagree about.
ABOUT_CHARS = 80


def contrast_facts(ctx: StoryContext) -> list[Fact]:
    """Stand-in facts joining the facts each contrasted pair's claims belong to (one claim per
    article), so the within-fact checks compare every outlet on each side at once."""
    owner = {(e.article, e.start): n for n, fact in enumerate(ctx.facts) for e in fact.evidence}
    parent = list(range(len(ctx.facts)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    linked: set[int] = set()
    for a, b in ctx.opposed_claims:
        fa, fb = owner.get((a.article.id, a.start)), owner.get((b.article.id, b.start))
        if fa is not None and fb is not None and root(fa) != root(fb):
            parent[root(fb)] = root(fa)
            linked |= {fa, fb}
    joined: dict[int, list[int]] = {}
    for n in sorted(linked):
        joined.setdefault(root(n), []).append(n)
    return [_joined(ctx, [ctx.facts[n] for n in members]) for members in joined.values()]


def _joined(ctx: StoryContext, facts: list[Fact]) -> Fact:
    evidence = list({e.article: e for fact in reversed(facts) for e in fact.evidence}.values())
    sources = ctx.order_sources(e.article for e in evidence)
    return Fact("", facts[0].text, sources, ctx.independent_count(sources), evidence, facts[0].claim)


def polarity_discrepancy(ctx: StoryContext, a: Claim, b: Claim) -> Discrepancy | None:
    """The pair as a "claim" discrepancy when one side denies what the other states, between
    independent outlets; None for a difference of modality only (the hedge checks name that)."""
    if a.frame.negated == b.frame.negated or ctx.independent_count([a.article.id, b.article.id]) < 2:
        return None
    stated, denied = (a, b) if b.frame.negated else (b, a)
    about = (stated.content or stated.text)[:ABOUT_CHARS]
    values = [DiscrepancyValue(claim.content or claim.text, [claim.article.id], [claim.evidence()])
              for claim in (stated, denied)]
    return Discrepancy(about, "claim", values)
