"""The same quote across outlets, recognised through truncation, spelling and translation.

Outlets cut a quote short, re-punctuate it, spell it British or American, or translate
it from the original; a shorter outlet quotes a few words of it ("significantly more")
inside its own sentence.  Two quotes are one when their speakers agree and one wording
is a truncation of the other (rapidfuzz ``partial_ratio``) or shares most content words.
Only pairs with word overlap (a sparse TF-IDF product) are compared at all, so the cost
stays near linear in the number of quotes; a union-find never lets a group hold two
named speakers, and a partial quote attaches to its one best-fitting statement so a
short phrase never bridges two different statements.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from storyfold.analyze.quotes.occurrences import Occurrence, normalize_quote

# Cosine of word TF-IDF vectors above which two quotes are compared at all (candidate pairs).
MIN_CANDIDATE_COSINE = 0.08
# Entries of the occurrences' similarity product computed at once (see _similar_pairs).
PRODUCT_BLOCK_PAIRS = 2_000_000
# rapidfuzz partial_ratio (0-100) at which the shorter quote is a truncation of the longer one;
# a changed word or two in a sentence scores ~90, unrelated sentences of one speaker ~50.
SAME_QUOTE_PARTIAL_RATIO = 85
# Without a named speaker on both sides, the wording must be nearly identical.
UNNAMED_PARTIAL_RATIO = 95
# Share of the shorter quote's content words that the longer one repeats: catches reordered
# or re-punctuated wordings that partial_ratio misses.
SAME_QUOTE_OVERLAP = 0.6
# ... and at least this many content words, so two short quotes sharing a name are not one.
MIN_SHARED_CONTENT = 3
# A partial quote paraphrases a longer one when the words around it (its context window)
# recur in one of the longer quote's sentences: at least this many of them, and this share.
PARTIAL_CONTEXT_SHARED = 4
PARTIAL_CONTEXT_SHARE = 0.4
# A paraphrase fits less surely than a truncation (partial_ratio 85-100) and ranks below one.
PARAPHRASE_SCORE = 50.0
# Words too common to show that two wordings say the same thing.
FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "in", "on", "to", "and", "or", "for", "with", "by", "at", "s"})


# ------------------------------------------------------------------ one quote?


def content_words(text: str) -> set[str]:
    """The words that say what a quote is about (no stop words, no single letters)."""
    return {w for w in normalize_quote(text).split() if w not in ENGLISH_STOP_WORDS and len(w) > 1}


def _speaker_key(occurrence: Occurrence) -> str | None:
    return normalize_quote(occurrence.speaker) if occurrence.named and occurrence.speaker else None


def _speakers_compatible(a: Occurrence, b: Occurrence) -> tuple[bool, bool]:
    """``(compatible, both named)``: two named speakers must be the same person."""
    key_a, key_b = _speaker_key(a), _speaker_key(b)
    both = bool(key_a and key_b)
    return (not both or key_a == key_b), both


def same_quote(a: Occurrence, b: Occurrence) -> bool:
    """Two full quotes are one: the same speaker (or an unnamed one and near-identical words),
    and one is a truncation of the other or they share most content words (a reworded translation)."""
    compatible, named = _speakers_compatible(a, b)
    if not compatible:
        return False
    short, long = sorted((a, b), key=lambda o: len(o.key))
    ratio = fuzz.partial_ratio(short.key, long.key)
    if not named:
        return ratio >= UNNAMED_PARTIAL_RATIO
    if ratio >= SAME_QUOTE_PARTIAL_RATIO:
        return True
    words_a, words_b = content_words(a.text), content_words(b.text)
    shared = len(words_a & words_b)
    return shared >= MIN_SHARED_CONTENT and shared / min(len(words_a), len(words_b)) >= SAME_QUOTE_OVERLAP


def partial_match(partial: Occurrence, other: Occurrence) -> float:
    """How well a partial quote fits another quote (0 when it does not): its words inside the
    other's (a truncation), or, from another article, a paraphrase of one of its sentences."""
    compatible, named = _speakers_compatible(partial, other)
    if not compatible:
        return 0.0
    ratio = fuzz.partial_ratio(partial.key, other.key) if len(partial.key) <= len(other.key) else 0.0
    if ratio >= (SAME_QUOTE_PARTIAL_RATIO if named else UNNAMED_PARTIAL_RATIO):
        return ratio
    if named and not other.partial and partial.article.id != other.article.id and _paraphrases(partial, other):
        return PARAPHRASE_SCORE
    return 0.0


def _paraphrases(partial: Occurrence, quote: Occurrence) -> bool:
    """"there are “far more” stranded sailors" against "there are many more than ten such stranded
    sailors": the words around the partial recur in one sentence of the quote."""
    window = set(partial.context.split()) - FUNCTION_WORDS
    for sentence in re.split(r"(?<=[.!?])\s+", quote.text):
        shared = len(window & set(normalize_quote(sentence).split()))
        if shared >= PARTIAL_CONTEXT_SHARED and shared / max(len(window), 1) >= PARTIAL_CONTEXT_SHARE:
            return True
    return False


# ---------------------------------------------------------------------- groups


def _candidate_pairs(occurrences: list[Occurrence]) -> list[tuple[int, int]]:
    """Pairs worth comparing: shared words by sparse TF-IDF product (no all-pairs loop).

    Only function words are dropped: "many more" is a quote made of stop words."""
    if len(occurrences) < 2:
        return []
    docs = [o.key + (" " + o.context if o.partial else "") for o in occurrences]
    try:
        matrix = TfidfVectorizer(stop_words=sorted(FUNCTION_WORDS)).fit_transform(docs)
    except ValueError:  # nothing but stop words
        return []
    rows, cols, scores = _similar_pairs(matrix.tocsr())
    order = np.argsort(-scores, kind="stable")
    return list(zip(rows[order].tolist(), cols[order].tolist(), strict=True))


def _similar_pairs(matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, col, cosine) of pairs above MIN_CANDIDATE_COSINE, row < col, in the product's row-major order.

    The product runs over row blocks: one quote repeated in hundreds of articles made the whole
    ``X @ X.T`` take gigabytes, while each block is still one sparse product in C.
    """
    matrix_t = matrix.T.tocsr()
    step = max(1, PRODUCT_BLOCK_PAIRS // max(matrix.shape[0], 1))
    parts = []
    for lo in range(0, matrix.shape[0], step):
        block = (matrix[lo:lo + step] @ matrix_t).tocoo()
        rows = block.row.astype(np.int64) + lo
        keep = (rows < block.col) & (block.data >= MIN_CANDIDATE_COSINE)
        parts.append((rows[keep], block.col[keep].astype(np.int64), block.data[keep]))
    return tuple(np.concatenate([part[k] for part in parts]) for k in range(3))


class _Union:
    """Union-find whose groups remember their named speakers (a group never holds two)."""

    def __init__(self, occurrences: list[Occurrence]) -> None:
        self.parent = list(range(len(occurrences)))
        self.names = [{key} if (key := _speaker_key(o)) else set() for o in occurrences]

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.root(i), self.root(j)
        if ri == rj or len(self.names[ri] | self.names[rj]) > 1:
            return
        keep, gone = min(ri, rj), max(ri, rj)
        self.parent[gone] = keep
        self.names[keep] |= self.names[gone]


def group_occurrences(occurrences: list[Occurrence]) -> list[list[Occurrence]]:
    """Full quotes group with each other; partial quotes group with each other, then each
    partial group attaches to its one best-fitting full quote, so a short phrase never
    bridges two different statements.

    Occurrences with the same words, kind and speaker are one quote already: only one of each is
    compared (a quote echoed by hundreds of articles made the pair count grow with the square of
    the story), and the others follow it into its group."""
    distinct: dict[tuple, int] = {}
    echo_of = [distinct.setdefault(_echo_key(o), len(distinct)) for o in occurrences]
    firsts = list({n: o for o, n in reversed(list(zip(occurrences, echo_of, strict=True)))}.items())
    representatives = [o for _, o in sorted(firsts)]
    pairs = _candidate_pairs(representatives)
    union = _Union(representatives)
    _join_like_kinds(representatives, pairs, union)
    _attach_partials(representatives, pairs, union)
    grouped: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence, n in zip(occurrences, echo_of, strict=True):
        grouped[union.root(n)].append(occurrence)
    return list(grouped.values())


def _echo_key(occurrence: Occurrence) -> tuple:
    """What makes two occurrences the same quote without comparing them."""
    return (occurrence.key, occurrence.partial, occurrence.context if occurrence.partial else "",
            _speaker_key(occurrence))


def _join_like_kinds(occurrences: list[Occurrence], pairs: list[tuple[int, int]], union: _Union) -> None:
    """Join full quotes that are one quote, and partial quotes that fit each other."""
    for i, j in pairs:
        a, b = occurrences[i], occurrences[j]
        if a.partial == b.partial and (partial_match(a, b) or partial_match(b, a) if a.partial else same_quote(a, b)):
            union.join(i, j)


def _attach_partials(occurrences: list[Occurrence], pairs: list[tuple[int, int]], union: _Union) -> None:
    """Join each group of partial quotes to the one full quote it fits best."""
    best: dict[int, tuple[float, int]] = {}
    for i, j in pairs:
        for p, f in ((i, j), (j, i)):
            if occurrences[p].partial and not occurrences[f].partial:
                score = partial_match(occurrences[p], occurrences[f])
                root = union.root(p)
                if score and score > best.get(root, (0.0, -1))[0]:
                    best[root] = (score, f)
    for root, (_, full) in best.items():
        union.join(root, full)
