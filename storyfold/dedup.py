"""Exact duplicates, near-duplicates and wire copies: mark them, drop nothing.

Outlets re-publish agency copy with small edits (a new headline, a trimmed or
added paragraph, house spelling).  Counting such copies as independent reports
would inflate corroboration, so every copy points at one canonical article via
``Article.duplicate_of`` and says why in ``Article.duplicate_reason``.

Candidates are articles sharing an exact digest or one MinHash band (datasketch
MinHash over word shingles, ``band_keys``: two rows per band, so a short wire copy
inside an article five times its length, Jaccard about 0.15, still shares a band
77% of the time); every candidate is then confirmed with the exact Jaccard /
containment of the shingle sets, so band misses cost recall only and never
precision.  The batch stage, the store's incremental index (storyfold.stories.dedup)
and the Spark engine all use these same band keys, so they find the same copies.

Why ``near_duplicate_threshold`` = 0.5 on five-word shingles: a wire copy with a
new headline, one paragraph trimmed or added and a house respelling of a name
keeps 0.6-0.9 of its shingles in common with the original, while two independent
reports of one event, even sharing two or three quotes, stay below 0.15
(the tests pin both sides).  0.5 sits in the wide gap, nearer the copies so a
heavier edit (a third of the text rewritten) still counts as a copy.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from datasketch import MinHash
from unidecode import unidecode

from storyfold.model import Article, Skipped
from storyfold.pipeline import Stage, soft_failure

# Five-word shingles: long enough that two independent reports of one event rarely
# share them except inside a shared quote, short enough that one edited word
# only breaks five shingles (the usual choice for news near-duplicate detection).
SHINGLE_WORDS = 5
# 128 permutations keeps the MinHash Jaccard estimate within about +-0.09 (1/sqrt(128)).
NUM_PERM = 128
# MinHash rows per band (NUM_PERM / BAND_ROWS = 64 bands): low on purpose, the exact confirm rule decides.
BAND_ROWS = 2
# Fixed seed: the same input gives the same signatures and the same result on every run.
MINHASH_SEED = 1
# A shorter text whose shingles are this much inside a longer one is a trimmed copy of it.
# Two independent reports sharing a quote or two share well under a third of their shingles.
CONTAINMENT_THRESHOLD = 0.8
# Containment needs some substance: a 20-shingle blurb inside an article is a quote, not a copy.
MIN_CONTAINED_SHINGLES = 40
# The containment rule is for a *shorter* version inside a longer one; between texts of
# about the same length the Jaccard threshold (the user's setting) alone decides.
MAX_CONTAINED_SIZE_RATIO = 0.8
_WORD = re.compile(r"[a-z0-9]+")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)")  # 20,000 / 20 000 / 20.000 -> 20000


@dataclass(slots=True)
class DedupDoc:
    """One article as dedup sees it; public so another engine (Spark) can mark groups it found itself."""

    article: Article
    order: int
    shingles: frozenset[int]
    digest: str


def normalise_words(text: str) -> list[str]:
    """Lower-cased ASCII word tokens: spelling of accents, quotes and dashes does not matter."""
    return _WORD.findall(_DIGIT_GROUP.sub("", unidecode(text).casefold()))


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashed word n-grams (the whole text when it is shorter than one shingle)."""
    if len(words) < size:
        return frozenset({_hash(" ".join(words))}) if words else frozenset()
    return frozenset(_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1))


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "little")


def overlap(a: frozenset[int], b: frozenset[int]) -> tuple[float, float]:
    """Exact (Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def is_copy(a: frozenset[int], b: frozenset[int], threshold: float) -> bool:
    """The one copy rule, shared by the batch stage and the incremental index."""
    jaccard, containment = overlap(a, b)
    if jaccard >= threshold:
        return True
    shorter, longer = sorted((len(a), len(b)))
    return (
        containment >= CONTAINMENT_THRESHOLD
        and shorter >= MIN_CONTAINED_SHINGLES
        and shorter <= MAX_CONTAINED_SIZE_RATIO * longer
    )


def original_rank(article: Article) -> tuple:
    """Earliest published, else the longest: which of two copies is taken as the original."""
    return (article.published is None, article.published or "", -len(article.text))


def canonical_key(doc: DedupDoc) -> tuple:
    """``original_rank``, else first given: the original of a copy group."""
    return (*original_rank(doc.article), doc.order)


class DedupStage(Stage):
    """Marks copies with ``duplicate_of`` / ``duplicate_reason``; keeps every article."""

    name = "dedup"

    def apply(self, articles: list[Article], skipped: list[Skipped]) -> list[Article]:
        for article in articles:
            article.duplicate_of = article.duplicate_reason = None
        try:
            docs = [_make_doc(a, i) for i, a in enumerate(articles)]
            for group in self._copy_groups(docs):
                mark_copy_group(group, self.settings.near_duplicate_threshold)
        except Exception:
            soft_failure("dedup")  # every article then counts as independent
            for article in articles:
                article.duplicate_of = article.duplicate_reason = None
        return articles

    def is_copy(self, a: frozenset[int], b: frozenset[int]) -> bool:
        """Jaccard above the setting, or a substantial shorter text contained in the longer."""
        return is_copy(a, b, self.settings.near_duplicate_threshold)

    def _copy_groups(self, docs: list[DedupDoc]) -> list[list[DedupDoc]]:
        """Connected groups of confirmed copy pairs (exact digests joined first)."""
        parent = list(range(len(docs)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in self._candidate_pairs(docs):
            if docs[i].digest == docs[j].digest or self.is_copy(docs[i].shingles, docs[j].shingles):
                parent[find(i)] = find(j)
        groups: dict[int, list[DedupDoc]] = {}
        for i, doc in enumerate(docs):
            groups.setdefault(find(i), []).append(doc)
        return [g for g in groups.values() if len(g) > 1]

    def _candidate_pairs(self, docs: list[DedupDoc]) -> list[tuple[int, int]]:
        """Pairs sharing a digest or a MinHash band (``band_keys``)."""
        buckets: dict[object, list[int]] = {}
        for i, doc in enumerate(docs):
            if not doc.shingles:
                continue  # empty text is not a copy of anything
            for key in band_keys(doc.shingles, doc.digest):
                buckets.setdefault(key, []).append(i)
        pairs = {(left, right) for members in buckets.values() if len(members) > 1
                 for n, left in enumerate(members) for right in members[n + 1 :]}
        return sorted(pairs)


def band_keys(shingle_set: frozenset[int], digest: str) -> list[tuple[object, ...]]:
    """The candidate keys of one text: its exact digest and one key per MinHash band."""
    values = minhash(shingle_set).hashvalues
    return [("digest", digest)] + [(band, values[band * BAND_ROWS : (band + 1) * BAND_ROWS].tobytes())
                                   for band in range(NUM_PERM // BAND_ROWS)]


def mark_copy_group(group: list[DedupDoc], threshold: float) -> None:
    """Point every member of one confirmed copy group at its original (``canonical_key``), with the reason.

    The one marking rule: the local stage and the Spark engine (which finds its groups by band joins) both
    call it, so a group gets the same original and the same reasons whichever engine found it.
    """
    original = min(group, key=canonical_key)
    for doc in sorted(group, key=lambda d: d.order):
        if doc is original:
            continue
        doc.article.duplicate_of = original.article.id
        doc.article.duplicate_reason = _reason(doc, original, threshold)


def _reason(doc: DedupDoc, original: DedupDoc, threshold: float) -> str:
    """Why ``doc`` copies ``original``, with the measured overlap so a user can judge it."""
    return copy_reason(doc.shingles, doc.digest, original.shingles, original.digest,
                       original.article.outlet or original.article.source, threshold)


def copy_reason(shingles_a: frozenset[int], digest_a: str, shingles_b: frozenset[int], digest_b: str,
                name: str, threshold: float) -> str:
    """The reason text for a copy of the article called ``name``."""
    if digest_a == digest_b:
        return f"exact duplicate of {name}"
    jaccard, containment = overlap(shingles_a, shingles_b)
    if jaccard >= threshold:
        return f"near-duplicate of {name} (Jaccard {jaccard:.2f})"
    return f"wire copy of {name} (containment {containment:.2f}, Jaccard {jaccard:.2f})"


def _make_doc(article: Article, order: int) -> DedupDoc:
    digest, shingle_set = fingerprint(article.text)
    return DedupDoc(article, order, shingle_set, digest)


def fingerprint(text: str) -> tuple[str, frozenset[int]]:
    """(digest of the normalised words, shingle set) of a text."""
    words = normalise_words(text)
    return hashlib.sha1(" ".join(words).encode()).hexdigest(), shingles(words)


def minhash(values: frozenset[int]) -> MinHash:
    """The MinHash signature of a shingle set (fixed seed)."""
    return _minhash(values)


def _minhash(values: frozenset[int]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    signature.update_batch([v.to_bytes(8, "little") for v in sorted(values)])
    return signature
