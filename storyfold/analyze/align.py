"""Claim similarity and grouping: which claims of different outlets state one fact.

Claims become sparse TF-IDF vectors over their terms (content lemmas, resolved
entity names, number values).  One sparse product ``X @ X.T`` finds every pair
that shares a term, in C and without a Python loop over all pairs; terms found in
most claims of the story are dropped first, so the product stays sparse as a
story grows.  Pairs above the threshold are merged greedily, best first, and a
merge must keep the group's centroids close, so a chain of loosely similar
claims never drifts into one "fact".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyfold.analyze.claims import Claim, is_special

# Cosine above which two claims of different articles state the same fact: shared
# predicate and participants ("troops captured two Chinese nationals" / "the military
# captured two Chinese men") score about 0.4-0.7; claims that only share the people
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


@dataclass(slots=True)
class ClaimIndex:
    """Claims with their vectors (rows of ``matrix``, L2-normalised)."""

    claims: list[Claim]
    matrix: sparse.csr_matrix

    def similarity(self, rows: Sequence[int]) -> np.ndarray:
        """Dense cosine matrix among a few rows (a fact's members)."""
        block = self.matrix[list(rows)]
        return (block @ block.T).toarray()


def index_claims(claims: list[Claim]) -> ClaimIndex:
    """Vectorise claims; an empty story gives an empty matrix."""
    if not claims:
        return ClaimIndex(claims, sparse.csr_matrix((0, 0)))
    max_df = MAX_TERM_SHARE if len(claims) >= MIN_CLAIMS_FOR_TERM_CUT else 1.0
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, max_df=max_df)
    try:
        matrix = vectorizer.fit_transform([c.terms for c in claims])
    except ValueError:  # every term cut: nothing to align on
        matrix = sparse.csr_matrix((len(claims), 1))
    return ClaimIndex(claims, sparse.csr_matrix(matrix))


def _identity(terms: list[str]) -> list[str]:
    return terms


def candidate_pairs(index: ClaimIndex, threshold: float = ALIGN_THRESHOLD) -> list[tuple[float, int, int]]:
    """Pairs of claims from different articles at or above ``threshold``, best first.

    A pair must also share a content word besides names and numbers: two claims about the
    same people doing different things ("captured" / "fought near") are different facts.
    """
    product = sparse.triu(index.matrix @ index.matrix.T, k=1).tocoo()
    keep = product.data >= threshold
    pairs: list[tuple[float, int, int]] = []
    claims = index.claims
    for score, i, j in zip(product.data[keep], product.row[keep], product.col[keep], strict=True):
        if claims[i].article.id == claims[j].article.id:
            continue
        if not _share_content(claims[i], claims[j]):
            continue
        pairs.append((float(score), int(i), int(j)))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return pairs


def _share_content(a: Claim, b: Claim) -> bool:
    return bool({t for t in a.terms if not is_special(t)} & set(b.terms))


def group_claims(index: ClaimIndex, pairs: list[tuple[float, int, int]]) -> list[list[int]]:
    """Merge paired claims into groups, best pair first, guarded by centroid similarity.

    Every claim ends in exactly one group (unpaired claims stand alone).
    """
    n = len(index.claims)
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums: dict[int, sparse.csr_matrix] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def centroid(r: int) -> sparse.csr_matrix:
        if r not in sums:
            rows = index.matrix[members[r]]
            sums[r] = sparse.csr_matrix(np.ones((1, rows.shape[0]))) @ rows
        return sums[r]

    articles: dict[int, set[str]] = {i: {index.claims[i].article.id} for i in range(n)}
    for _, i, j in pairs:
        a, b = root(i), root(j)
        if a == b:
            continue
        needed = RESTATEMENT_THRESHOLD if articles[a] & articles[b] else CENTROID_THRESHOLD
        if _cosine(centroid(a), centroid(b)) < needed:
            continue
        parent[b] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
        sums[a] = centroid(a) + sums.pop(b)
    return [sorted(group) for group in members.values()]


def _cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> float:
    """Cosine of two sparse row vectors (group centroids stay sparse as groups grow)."""
    norm = float(np.sqrt(a.multiply(a).sum() * b.multiply(b).sum()))
    return float(a.multiply(b).sum()) / norm if norm else 0.0
