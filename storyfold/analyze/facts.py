"""Facts aligned across outlets: one fact, every outlet that states it, their exact words.

Claims (sentences, or clauses of a two-claim sentence) are grouped by
:mod:`storyfold.analyze.align`; each group becomes a :class:`Fact` citing one
span per article (its most central claim) and worded by the clearest statement.
Claims no other outlet makes stay facts with one source: the summary's
exclusives are built from them.
"""

from __future__ import annotations

from storyfold.analyze.align import ClaimIndex, candidate_pairs, group_claims, index_claims
from storyfold.analyze.claims import Claim, extract_claims
from storyfold.analyze.context import StoryContext
from storyfold.model import Fact

# Wordings whose centrality is within this margin of the most central one count as
# equally corroborated; among them the shortest complete sentence is the clearest.
CENTRALITY_MARGIN = 0.15


def align_facts(ctx: StoryContext) -> list[Fact]:
    """Claim-level facts, most independent sources first, then lead before body."""
    claims = extract_claims(ctx)
    index = index_claims(claims)
    groups = group_claims(index, candidate_pairs(index))
    built = [_fact(ctx, index, group) for group in groups]
    built.sort(key=lambda item: (-item[0].independent_sources, item[1]))
    facts = [fact for fact, _ in built]
    for number, fact in enumerate(facts, start=1):
        fact.id = f"f{number}"
    return facts


def _fact(ctx: StoryContext, index: ClaimIndex, group: list[int]) -> tuple[Fact, tuple[int, int, int]]:
    rows, centrality = _best_per_article(index, group)
    order = {a.id: n for n, a in enumerate(ctx.articles)}
    rows.sort(key=lambda r: (order[index.claims[r].article.id], index.claims[r].start))
    claims = [index.claims[r] for r in rows]
    sources = ctx.order_sources(c.article.id for c in claims)
    fact = Fact(
        id="",
        text=_clearest(ctx, claims, [centrality[r] for r in rows]).text,
        sources=sources,
        independent_sources=ctx.independent_count(sources),
        evidence=[c.evidence() for c in claims],
    )
    lead = min((c.sentence.index, order[c.article.id], c.start) for c in claims)
    return fact, lead


def _best_per_article(index: ClaimIndex, group: list[int]) -> tuple[list[int], dict[int, float]]:
    """One claim per article: the one most similar to the other articles' claims.

    An article restating a fact later (lead and body) keeps only its clearest match.
    """
    if len(group) == 1:
        return list(group), {group[0]: 1.0}
    similarity = index.similarity(group)
    articles = [index.claims[r].article.id for r in group]
    centrality: dict[int, float] = {}
    for n, row in enumerate(group):
        others = [m for m, other in enumerate(articles) if other != articles[n]]
        centrality[row] = float(similarity[n, others].mean()) if others else 0.0
    best: dict[str, int] = {}
    for row, article in zip(group, articles, strict=True):
        if article not in best or centrality[row] > centrality[best[article]]:
            best[article] = row
    return list(best.values()), centrality


def _clearest(ctx: StoryContext, claims: list[Claim], centrality: list[float]) -> Claim:
    """The fact's wording: a non-quote from an original (not a wire copy), among the most
    corroborated phrasings, the shortest complete sentence."""
    def preference(n: int) -> tuple[bool, bool, bool]:
        claim = claims[n]
        return (claim.is_quote, claim.article.duplicate_of is not None, not claim.whole_sentence)

    best_kind = min(preference(n) for n in range(len(claims)))
    pool = [n for n in range(len(claims)) if preference(n) == best_kind]
    top = max(centrality[n] for n in pool)
    pool = [n for n in pool if centrality[n] >= top - CENTRALITY_MARGIN]
    return claims[min(pool, key=lambda n: (len(claims[n].text), n))]
