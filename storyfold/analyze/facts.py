"""Facts aligned across outlets: one fact, every outlet that states it, their exact words.

Claims (sentences, or clauses of a two-claim sentence) are grouped by
:mod:`storyfold.analyze.align`; each group becomes a :class:`Fact` citing one
span per article (its most central claim) and worded by the clearest statement.
Claims no other outlet makes stay facts with one source: the summary's
exclusives are built from them.  Outlets stating a fact in one copied run of words
(a wire paragraph lifted into an article of its own) count as one independent source
(:mod:`storyfold.analyze.copied_wording`).
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse

from storyfold.analyze.align import ClaimIndex, contrasted_pairs, group_claims, index_claims, iter_candidate_pairs
from storyfold.analyze.claims import Claim, extract_claims, normal_form
from storyfold.analyze.context import StoryContext
from storyfold.analyze.copied_wording import borrowing_pairs, independent_wordings
from storyfold.analyze.core.quote_marks import CLOSING_DOUBLE, OPENING_DOUBLE, straight_quote_opens
from storyfold.model import Fact, stable_id

# Wordings whose centrality is within this margin of the most central one count as
# equally corroborated; among them the shortest complete sentence is the clearest.
CENTRALITY_MARGIN = 0.15
# A plain wording this many times as long as the quote the outlets share, and far less central, says
# more than they share: the quote words the fact instead.
OUTLIER_LENGTH = 1.5
# How far back (or on) a fact's wording is widened to take in the quotation it cuts into: a
# quoted statement runs over a few sentences, never over a whole article.
MAX_QUOTE_REACH = 600
# Double quotes only: a single curly quote is also the apostrophe ("Moscow’s").
OPENING_QUOTES = OPENING_DOUBLE
CLOSING_QUOTES = CLOSING_DOUBLE
_SENTENCE_STOP = re.compile(r"[.!?](?=\s|$)")


def align_facts(ctx: StoryContext) -> list[Fact]:
    """Claim-level facts, most independent sources first, then lead before body."""
    claims = extract_claims(ctx)
    index = index_claims(claims)
    groups = group_claims(index, iter_candidate_pairs(index))
    ctx.opposed_claims = [(index.claims[i], index.claims[j]) for i, j in contrasted_pairs(index)]
    sentences = {(c.article.id, c.sentence.start): (c.article.independent_id, c.sentence.text) for c in claims}
    borrowing = borrowing_pairs((outlet, key, text) for key, (outlet, text) in sentences.items())  # once per sentence
    built = [_fact(ctx, index, group, borrowing) for group in groups]
    built.sort(key=lambda item: (-item[0].independent_sources, item[1]))
    facts = [fact for fact, _ in built]
    assign_ids(facts)
    return facts


def assign_ids(facts: list[Fact]) -> None:
    """Ids from the claim's content (INTERFACES §6), so a fact keeps its id while the story
    grows; a clash within the story gets -2, -3."""
    used: dict[str, int] = {}
    for fact in facts:
        base = "f" + stable_id(" ".join(normal_form(fact.claim or fact.text).split()), length=10)
        used[base] = used.get(base, 0) + 1
        fact.id = base if used[base] == 1 else f"{base}-{used[base]}"


def _fact(ctx: StoryContext, index: ClaimIndex, group: list[int],
          borrowing: set[frozenset[str]]) -> tuple[Fact, tuple[int, int, int]]:
    rows, centrality = _best_per_article(index, group)
    order = {a.id: n for n, a in enumerate(ctx.articles)}
    rows.sort(key=lambda r: (order[index.claims[r].article.id], index.claims[r].start))
    claims = [index.claims[r] for r in rows]
    sources = ctx.order_sources(c.article.id for c in claims)
    clearest = _clearest(ctx, claims, [centrality[r] for r in rows])
    fact = Fact(
        id="",
        text=fact_text(clearest),
        sources=sources,
        independent_sources=independent_wordings([c.article.independent_id for c in claims], [c.text for c in claims],
                                                 borrowing),
        evidence=[c.evidence() for c in claims],
        claim=clearest.content or clearest.text,
    )
    lead = min((c.sentence.index, order[c.article.id], c.start) for c in claims)
    return fact, lead


def _best_per_article(index: ClaimIndex, group: list[int]) -> tuple[list[int], dict[int, float]]:
    """One claim per article: the one most similar to the other articles' claims.

    An article restating a fact later (lead and body) keeps only its clearest match.
    """
    if len(group) == 1:
        return list(group), {group[0]: 1.0}
    articles = [index.claims[r].article.id for r in group]
    centrality = dict(zip(group, _centrality(index, group, articles).tolist(), strict=True))
    best: dict[str, int] = {}
    for row, article in zip(group, articles, strict=True):
        if article not in best or centrality[row] > centrality[best[article]]:
            best[article] = row
    return list(best.values()), centrality


def _centrality(index: ClaimIndex, group: list[int], articles: list[str]) -> np.ndarray:
    """Each member's mean cosine with the members from other articles (0 when there are none).

    Computed from sums of rows (a member's dot product with every member, minus its dot product with its
    own article's members), never the members' square similarity matrix: a fact of a story of hundreds of
    near-copies has thousands of members, and that matrix took gigabytes.
    """
    block = index.matrix[group]
    numbers: dict[str, int] = {}
    codes = np.array([numbers.setdefault(a, len(numbers)) for a in articles])
    membership = sparse.csr_matrix((np.ones(len(group)), (np.arange(len(group)), codes)),
                                   shape=(len(group), len(numbers)))
    per_article = (membership.T @ block).tocsr()
    to_all = np.asarray(block @ np.asarray(block.sum(axis=0)).ravel()).ravel()
    to_own = np.asarray(block.multiply(per_article[codes]).sum(axis=1)).ravel()
    others = len(group) - np.bincount(codes)[codes]
    return np.divide(to_all - to_own, others, out=np.zeros(len(group)), where=others > 0)


def _clearest(ctx: StoryContext, claims: list[Claim], centrality: list[float]) -> Claim:
    """The fact's wording: a non-quote from an original (not a wire copy), never a fragment cut
    inside a quotation, among the most corroborated phrasings, the shortest complete sentence; when
    every such wording is far less central and far longer than a quote as good in every other
    respect, that quote (see :func:`_outlier_wording`)."""
    def preference(n: int) -> tuple[bool, bool, bool, bool, bool]:
        claim = claims[n]
        return (claim.is_quote, _open_quote(claim.text) != 0, claim.article.duplicate_of is not None,
                claim.subjectless, not claim.whole_sentence)

    best_kind = min(preference(n) for n in range(len(claims)))
    pool = [n for n in range(len(claims)) if preference(n) == best_kind]
    top = max(centrality[n] for n in pool)
    pool = [n for n in pool if centrality[n] >= top - CENTRALITY_MARGIN]
    chosen = min(pool, key=lambda n: (len(claims[n].text), n))
    quotes = [n for n in range(len(claims)) if preference(n) == (True, *best_kind[1:])]
    shared = max(quotes, key=lambda n: (centrality[n], -len(claims[n].text)), default=None)
    if shared is not None and _outlier_wording(claims[chosen], centrality[chosen], claims[shared], centrality[shared]):
        return claims[shared]
    return claims[chosen]


def _outlier_wording(plain: Claim, plain_centrality: float, quote: Claim, quote_centrality: float) -> bool:
    """The plain wording says much more than the quote the outlets share: far less central and
    OUTLIER_LENGTH times as long (one outlet's sentence on a video, a recount and the mayor's words,
    beside two outlets' quote of the mayor).  A paraphrase of about the quote's length ("the
    director wrote that he bowed his head") stays the wording."""
    much_longer = len(plain.text.split()) > OUTLIER_LENGTH * len(quote.text.split())
    return much_longer and plain_centrality < quote_centrality - CENTRALITY_MARGIN


def fact_text(claim: Claim) -> str:
    """The claim's words, widened to the whole quotation when they start or end inside one
    ('region," he said.' becomes the sentence that opens the quote through 'he said.')."""
    text = claim.article.text
    start, end = claim.start, claim.end
    if claim.subjectless:  # "employs about 2,300 people.": its sentence says who does
        start, end = claim.sentence.start, claim.sentence.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    balance = _open_quote(text[start:end])
    if balance < 0:
        opening = _previous_opening(text, start)
        if opening is not None:
            start = _sentence_start(claim, opening)
    elif balance > 0:
        closing = _next_closing(text, end)
        if closing is not None:
            end = _sentence_end(claim, closing)
    return text[start:end]


def _open_quote(text: str) -> int:
    """+1 when a quotation opens and does not close, -1 when one closes that did not open here."""
    depth = lowest = 0
    for n, ch in enumerate(text):
        if ch in OPENING_QUOTES or (ch == '"' and straight_quote_opens(text, n)):
            depth += 1
        elif ch in CLOSING_QUOTES or ch == '"':
            depth -= 1
            lowest = min(lowest, depth)
    if lowest < 0:
        return -1
    return 1 if depth > 0 else 0


def _previous_opening(text: str, start: int) -> int | None:
    """The quote mark opening the quotation ``start`` is inside, within its paragraph."""
    floor = max(0, start - MAX_QUOTE_REACH, text.rfind("\n", 0, start) + 1)
    for n in range(start - 1, floor - 1, -1):
        if text[n] in OPENING_QUOTES or (text[n] == '"' and straight_quote_opens(text, n)):
            return n
    return None


def _next_closing(text: str, end: int) -> int | None:
    """Just past the mark closing the quotation open at ``end``, within its paragraph: a quote
    running on into the next paragraph is left open at the break, as news style has it."""
    paragraph = text.find("\n", end)
    ceiling = min(len(text) if paragraph < 0 else paragraph, end + MAX_QUOTE_REACH)
    for n in range(end, ceiling):
        if text[n] in CLOSING_QUOTES or (text[n] == '"' and not straight_quote_opens(text, n)):
            return n + 1
    return None


def _sentence_start(claim: Claim, offset: int) -> int:
    """Start of the sentence of the claim's article that holds ``offset``, never across a paragraph."""
    text = claim.article.text
    paragraph = text.rfind("\n", 0, offset) + 1
    sentence = max(text.rfind(". ", paragraph, offset), text.rfind("? ", paragraph, offset),
                   text.rfind("! ", paragraph, offset))
    return sentence + 2 if sentence >= 0 else paragraph


def _sentence_end(claim: Claim, offset: int) -> int:
    text = claim.article.text
    paragraph = text.find("\n", offset)
    paragraph = len(text) if paragraph < 0 else paragraph
    stop = _SENTENCE_STOP.search(text, offset, paragraph)
    return stop.end() if stop else len(text[:paragraph].rstrip())
