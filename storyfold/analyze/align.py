"""Claim similarity and grouping: which claims of different outlets state one fact.

Claims become sparse TF-IDF vectors over their terms (content lemmas, resolved
entity names, number values).  One sparse product ``X @ X.T`` finds every pair
that shares a term, in C and without a Python loop over all pairs; terms found in
most claims of the story are dropped first, so the product stays sparse as a
story grows; it runs over row blocks, and each claim keeps its best few hundred
partners, so a story of hundreds of near-copies stays within bounded memory.  Pairs
above the threshold are merged greedily, best first, and a merge must keep the group's
centroids close, so a chain of loosely similar claims never drifts into one "fact".

Shared words are not agreement: every similar pair must also pass :func:`agreement`, which
reads each claim's frame from the parse (act, polarity, modality, nationalities, named
speaker, figures, calendar days; see :class:`~storyfold.analyze.claims.ClaimFrame`).  A pair
stating one act with opposite polarity, modality or day is not corroboration: it is kept
aside (:func:`contrasted_pairs`) for the discrepancies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyfold.analyze.claims import NUMBER_PREFIX, Claim, ClaimFrame, is_special
from storyfold.analyze.core.lexicon import AFFIRMATION_LEMMAS, DENIAL_LEMMAS, PREDICATE_SYNONYMS, REACTION_LEMMAS

# Cosine above which two claims of different articles state the same fact: shared
# predicate and participants ("rescuers pulled two miners from the shaft" / "rescue teams
# pulled two trapped miners out") score about 0.4-0.7; claims that only share the people
# involved stay under 0.3.
ALIGN_THRESHOLD = 0.35
# Two groups merge only if their centroids are this similar: looser than a pair, since a
# centroid blurs its members, but tight enough to stop chaining.
CENTROID_THRESHOLD = 0.3
# Two groups that already hold claims of the same article merge only when their centroids
# are this close: an article restating its lead lower down says nearly the same thing, while
# a looser link is usually a neighbouring claim pulled in by a chain.
RESTATEMENT_THRESHOLD = 0.5
# Terms in more than this share of the story's claims (the story's own subject) say
# nothing about which fact a claim states, and would make the product dense.
MAX_TERM_SHARE = 0.5
# Below this many claims the share above is meaningless (every term is in half of 3 claims).
MIN_CLAIMS_FOR_TERM_CUT = 20
# Entries of ``X @ X.T`` computed at once: the product runs over row blocks of about this many
# claim pairs, so its memory stays flat however large a story grows (the whole product of a
# 571-article story took gigabytes) while each block is still one sparse product in C.
PRODUCT_BLOCK_PAIRS = 2_000_000
# A claim keeps at most this many of its most similar later claims as candidate pairs.  In a story of
# a few dozen outlets a claim has far fewer (a couple per article that restates it), so nothing changes
# there; in a story of hundreds of near-copies the pairs, and the agreement checks run on each, would
# otherwise grow with the square of the story, while its best few hundred partners already join it to
# its fact (the groups merge best pair first).
MAX_PARTNERS_PER_CLAIM = 250
# Pairs turned into Python objects at a time (to judge them, or to hand them on); the rest stay in arrays.
PAIR_CHUNK = 65_536


@dataclass(slots=True)
class ClaimIndex:
    """Claims with their vectors (rows of ``matrix``, L2-normalised)."""

    claims: list[Claim]
    matrix: sparse.csr_matrix
    terms: list[str]  # the matrix's columns
    # facts and contrasts read the same similar pairs, which are found and judged once
    _judged: _JudgedPairs | None = None

    def content_matrix(self) -> sparse.csr_matrix:
        """Binary claim x term matrix of content words only (no names, no numbers)."""
        columns = np.array([not is_special(t) for t in self.terms], dtype=bool)
        binary = (self.matrix > 0).astype(np.float32)
        return sparse.csr_matrix(binary.multiply(columns[np.newaxis, :]))


def index_claims(claims: list[Claim]) -> ClaimIndex:
    """Vectorise claims; an empty story gives an empty matrix."""
    if not claims:
        return ClaimIndex(claims, sparse.csr_matrix((0, 0)), [])
    max_df = MAX_TERM_SHARE if len(claims) >= MIN_CLAIMS_FOR_TERM_CUT else 1.0
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, max_df=max_df)
    try:
        matrix = vectorizer.fit_transform([c.terms for c in claims])
    except ValueError:  # every term cut: nothing to align on
        return ClaimIndex(claims, sparse.csr_matrix((len(claims), 1)), [NUMBER_PREFIX])
    return ClaimIndex(claims, sparse.csr_matrix(matrix), vectorizer.get_feature_names_out().tolist())


def _identity(terms: list[str]) -> list[str]:
    return terms


def candidate_pairs(index: ClaimIndex, threshold: float = ALIGN_THRESHOLD) -> list[tuple[float, int, int]]:
    """Similar pairs (see :func:`candidate_pairs_unchecked`) that :func:`agreement` finds state one claim."""
    return list(iter_candidate_pairs(index, threshold))


def iter_candidate_pairs(index: ClaimIndex, threshold: float = ALIGN_THRESHOLD) -> Iterator[tuple[float, int, int]]:
    """:func:`candidate_pairs` one by one: a large story's pairs stay in compact arrays meanwhile."""
    return _judged_pairs(index, threshold).pairs((SAME,))


@dataclass(slots=True)
class _JudgedPairs:
    """Similar pairs, best first, as arrays (a few bytes a pair), with each pair's agreement verdict."""

    threshold: float
    scores: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    verdicts: np.ndarray  # index into VERDICTS

    def pairs(self, wanted: tuple[str, ...]) -> Iterator[tuple[float, int, int]]:
        chosen = np.flatnonzero(np.isin(self.verdicts, [VERDICTS.index(v) for v in wanted]))
        for lo in range(0, len(chosen), PAIR_CHUNK):
            part = chosen[lo:lo + PAIR_CHUNK]
            yield from zip(self.scores[part].tolist(), self.rows[part].tolist(), self.cols[part].tolist(),
                           strict=True)


def _judged_pairs(index: ClaimIndex, threshold: float) -> _JudgedPairs:
    """The similar pairs and each one's :func:`agreement` verdict, computed once per index and threshold."""
    if index._judged is None or index._judged.threshold != threshold:
        scores, rows, cols = _similar_arrays(index, threshold)
        verdicts = np.empty(len(scores), dtype=np.int8)
        for lo in range(0, len(scores), PAIR_CHUNK):
            part = slice(lo, lo + PAIR_CHUNK)
            verdicts[part] = [VERDICTS.index(agreement(index.claims[i], index.claims[j], score)) for score, i, j
                              in zip(scores[part].tolist(), rows[part].tolist(), cols[part].tolist(), strict=True)]
        index._judged = _JudgedPairs(threshold, scores, rows, cols, verdicts)
    return index._judged


def candidate_pairs_unchecked(index: ClaimIndex, threshold: float = ALIGN_THRESHOLD) -> list[tuple[float, int, int]]:
    """Pairs of claims from different articles at or above ``threshold``, best first.

    A pair must also share a content word besides names and numbers: two claims about the
    same people doing different things ("captured" / "fought near") are different facts.
    Both tests are sparse products filtered in numpy, never a Python loop over pairs.
    """
    scores, rows, cols = _similar_arrays(index, threshold)
    return list(zip(scores.tolist(), rows.tolist(), cols.tolist(), strict=True))


def _similar_arrays(index: ClaimIndex, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`candidate_pairs_unchecked` as (scores, rows, cols) arrays, the product run in row blocks."""
    if not index.claims:
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    content = index.content_matrix()
    matrix_t, content_t = index.matrix.T.tocsr(), content.T.tocsr()
    numbers: dict[str, int] = {}
    articles = np.array([numbers.setdefault(c.article.id, len(numbers)) for c in index.claims])
    n = len(index.claims)
    step = max(1, PRODUCT_BLOCK_PAIRS // n)
    blocks = [_similar_in_block(index.matrix, content, matrix_t, content_t, articles, lo, min(n, lo + step),
                                threshold) for lo in range(0, n, step)]
    scores, rows, cols = (np.concatenate([block[k] for block in blocks]) for k in range(3))
    order = np.lexsort((cols, rows, -scores))
    return scores[order], rows[order], cols[order]


def _similar_in_block(matrix: sparse.csr_matrix, content: sparse.csr_matrix, matrix_t: sparse.csr_matrix,
                      content_t: sparse.csr_matrix, articles: np.ndarray, lo: int, hi: int,
                      threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows ``lo:hi`` of the pair test: (score, row, col) with row < col, both tests passed."""
    product = sparse.triu(matrix[lo:hi] @ matrix_t, k=lo + 1).tocsr()
    shared = sparse.triu(content[lo:hi] @ content_t, k=lo + 1).tocsr()
    kept = product.multiply(shared > 0).tocoo()
    rows = kept.row.astype(np.int64) + lo
    keep = (kept.data >= threshold) & (articles[rows] != articles[kept.col])
    return _best_partners(kept.data[keep], rows[keep], kept.col[keep].astype(np.int64))


def _best_partners(scores: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, ...]:
    """The pairs, at most MAX_PARTNERS_PER_CLAIM per row (its best scores; ties by column)."""
    if not len(rows) or np.bincount(rows).max() <= MAX_PARTNERS_PER_CLAIM:
        return scores, rows, cols
    order = np.lexsort((cols, -scores, rows))
    scores, rows, cols = scores[order], rows[order], cols[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    keep = rank < MAX_PARTNERS_PER_CLAIM
    return scores[keep], rows[keep], cols[keep]


# Two claims this similar share so much besides the verb ("12 people ... cars submerged near the
# ring road") that different verbs are two wordings of one act; below it the verbs must match.
SAME_ACT_SIMILARITY = 0.5
# A fragment without a verb of its own ("revolver in hand", a caption cut at a line break)
# states no checkable claim: it corroborates only a near-identical fragment.
FRAGMENT_SIMILARITY = 0.8
# Verdicts of :func:`agreement`.
SAME = "same"  # one claim: corroboration
OPPOSED = "opposed"  # one act, one side denies it: a discrepancy of kind "claim"
HEDGED = "hedged"  # one act, one side states it, the other as a view or possibility
DATED = "dated"  # one act put on two different calendar days
DIFFERENT = "different"  # different claims that share words
VERDICTS = (SAME, OPPOSED, HEDGED, DATED, DIFFERENT)


def agreement(a: Claim, b: Claim, similarity: float = 0.0) -> str:
    """Whether two similar claims (cosine ``similarity``) state the same claim: same act,
    participants, numbers, polarity, modality and speaker. Shared words never suffice."""
    fa, fb = a.frame, b.frame
    if not (fa.verbal and fb.verbal) and similarity < FRAGMENT_SIMILARITY:
        return DIFFERENT
    if not same_predicate(fa, fb, similarity):
        return DIFFERENT
    if fa.groups and fb.groups and not fa.groups & fb.groups:
        return DIFFERENT  # North Korean prisoners are not Chinese prisoners
    if fa.speaker and fb.speaker and fa.speaker != fb.speaker:
        return DIFFERENT  # two people's claims corroborate neither
    if fa.counts and fb.counts and not fa.counts & fb.counts:
        return DIFFERENT  # the count discrepancies compare the figures themselves
    if fa.negated != fb.negated:
        if fa.modal != fb.modal:
            return DIFFERENT  # "he did not expect the toll to rise" is a view, not a denial that it rose
        if _denial_against_an_act(fa, fb) or _denial_against_an_act(fb, fa):
            return DIFFERENT  # "charged with arson" / "denied arson": both true, the accused denies
        return OPPOSED
    if fa.days and fb.days and not fa.days & fb.days:
        return DATED
    return HEDGED if fa.modal != fb.modal else SAME


def _denial_against_an_act(a: ClaimFrame, b: ClaimFrame) -> bool:
    """``a`` denies ("denied arson") what ``b`` does not affirm but acts on ("was charged with
    arson"): a denial contradicts a confirmation or an admission, not an accusation."""
    return bool(a.predicate & DENIAL_LEMMAS) and not b.negated and not b.predicate & AFFIRMATION_LEMMAS


def same_predicate(a: ClaimFrame, b: ClaimFrame, similarity: float = 0.0) -> bool:
    """The two acts are one (synonyms in the lexicon, or different verbs around nearly the same
    words); a reaction ("condemned the capture") is never the act it reacts to."""
    if not a.predicate or not b.predicate:
        return True
    if _expanded(a.predicate) & _expanded(b.predicate):
        return True
    if (a.predicate | b.predicate) & REACTION_LEMMAS:
        return False
    return similarity >= SAME_ACT_SIMILARITY


def _expanded(lemmas: frozenset[str]) -> set[str]:
    found = set(lemmas)
    for group in PREDICATE_SYNONYMS:
        if lemmas & group:
            found |= group
    return found


def contrasted_pairs(index: ClaimIndex, threshold: float = ALIGN_THRESHOLD) -> list[tuple[int, int]]:
    """Pairs of similar claims of different articles that state one act with opposite polarity
    or modality: not corroboration, but what the discrepancies compare."""
    return [(i, j) for _, i, j in _judged_pairs(index, threshold).pairs((OPPOSED, HEDGED, DATED))]


def group_claims(index: ClaimIndex, pairs: Iterable[tuple[float, int, int]]) -> list[list[int]]:
    """Merge paired claims into groups, best pair first, guarded by centroid similarity.

    Every claim ends in exactly one group (unpaired claims stand alone).  Centroids are
    term -> weight dicts (a group's terms are few), and a refused merge is remembered until
    either group changes, so dense stories do not recompute the same refusal.
    """
    n = len(index.claims)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    articles: dict[int, set[str]] = {i: {index.claims[i].article.id} for i in range(n)}
    sums: dict[int, dict[int, float]] = {}
    version = [0] * n
    refused: set[tuple[int, int, int, int]] = set()

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def centroid(r: int) -> dict[int, float]:
        if r not in sums:
            sums[r] = _row_dict(index.matrix, r)
        return sums[r]

    for _, i, j in pairs:
        a, b = root(i), root(j)
        key = (min(a, b), max(a, b), version[min(a, b)], version[max(a, b)])
        if a == b or key in refused:
            continue
        needed = RESTATEMENT_THRESHOLD if articles[a] & articles[b] else CENTROID_THRESHOLD
        if _cosine(centroid(a), centroid(b)) < needed:
            refused.add(key)
            continue
        parent[b] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
        sums[a] = _add(centroid(a), sums.pop(b))
        version[a] += 1
    return [sorted(group) for group in members.values()]


def _row_dict(matrix: sparse.csr_matrix, row: int) -> dict[int, float]:
    lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
    return dict(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True))


def _add(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    if len(a) < len(b):
        a, b = b, a
    for term, weight in b.items():
        a[term] = a.get(term, 0.0) + weight
    return a


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Cosine of two sparse vectors held as dicts."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0
