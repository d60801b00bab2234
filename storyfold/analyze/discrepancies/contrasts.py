"""Two outlets stating one act with opposite polarity or modality: a disagreement, not a fact.

Alignment (:func:`storyfold.analyze.align.agreement`) refuses to call "the ferry company
responded" and "the ferry company gave no response" one fact; when one predicate is told both
ways, the reader is shown them side by side as a discrepancy of kind "claim", with the outlets
on each side.  "The army had evidence" and "has yet to provide evidence" are opposed too, but
not a disagreement: having and providing are two predicates (:func:`frames.shared_act`).
The within-fact checks (hedges, stances) read such a pair first, since they name the
difference more precisely ("confirmed" / "denied", "likely damaged" / "damaged").
"""

from __future__ import annotations

from storyfold.analyze.claims import Claim
from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.disagreement import shorten_at_word
from storyfold.analyze.discrepancies.frames import (
    Act,
    dated,
    opposite_polarity,
    same_moment,
    same_words,
    sentence_acts,
    shared_act,
)
from storyfold.analyze.discrepancies.story_tokens import TokenIndexes, cached_index
from storyfold.model import Discrepancy, DiscrepancyValue, Fact

# How much of a claim's wording names what the outlets disagree about.
ABOUT_CHARS = 80


def contrast_facts(ctx: StoryContext, indexes: TokenIndexes) -> list[Fact]:
    """Stand-in facts joining the facts each contrasted pair's claims belong to (one claim per
    article), so the within-fact checks compare every outlet on each side at once.  Only pairs
    that tell one act (:func:`same_act`) are joined: two sentences sharing words are not one claim."""
    owner = {(e.article, e.start): n for n, fact in enumerate(ctx.facts) for e in fact.evidence}
    parent = list(range(len(ctx.facts)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    linked: set[int] = set()
    for a, b in ctx.opposed_claims:
        if not same_act(ctx, indexes, a, b):
            continue
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


def polarity_discrepancy(ctx: StoryContext, a: Claim, b: Claim, indexes: TokenIndexes) -> Discrepancy | None:
    """The pair as a "claim" discrepancy when one side denies the act the other states (the
    same act, by the same named participants, reported at about the same time), between
    independent outlets; None for a difference of modality only (the hedge checks name that)."""
    if a.frame.negated == b.frame.negated or ctx.independent_count([a.article.id, b.article.id]) < 2:
        return None
    if not same_act(ctx, indexes, a, b) or not opposite_polarity(_acts(ctx, indexes, a), _acts(ctx, indexes, b)):
        return None  # "put him on the canvas" / "he never recovered": no act both tell
    if not dated(a.article, b.article) and any(act.so_far for claim in (a, b) for act in _acts(ctx, indexes, claim)):
        return None  # "have not been released" and "were released": undated, maybe an update
    stated, denied = (a, b) if b.frame.negated else (b, a)
    about = shorten_at_word(stated.content or stated.text, ABOUT_CHARS)
    values = [DiscrepancyValue(claim.content or claim.text, [claim.article.id], [claim.evidence()])
              for claim in (stated, denied)]
    return Discrepancy(about, "claim", values)


def same_act(ctx: StoryContext, indexes: TokenIndexes, a: Claim, b: Claim) -> bool:
    """Two claims that can disagree: not the same words (quotation marks aside), published at
    about the same time, and sharing an act with compatible named participants."""
    if same_words(a.text, b.text) or not same_moment(a.article, b.article):
        return False
    return bool(shared_act(_acts(ctx, indexes, a), _acts(ctx, indexes, b)))


def _acts(ctx: StoryContext, indexes: TokenIndexes, claim: Claim) -> list[Act]:
    index = cached_index(ctx, indexes, claim.article.id)
    return sentence_acts(index, index.span(claim.start, claim.end), ctx.canonical_name)
