"""Incremental copy detection: the batch rule of storyfold.dedup, one article at a time.

Every article's digest and shingle set are stored; candidates come from MinHash
bands (two rows per band, so pairs down to about 0.12 Jaccard, which is what a trimmed
wire copy inside a longer original reaches, are found with high probability), then the
same exact confirm rule as the batch stage decides.  First seen wins: a copy points at
the original of the earliest-stored confirmed copy group it joins (the store cannot
rewrite articles it already holds), and the reason text is the batch one.
"""

from __future__ import annotations

import base64
import hashlib
from array import array

from storyfold.dedup import band_keys, copy_reason, fingerprint, is_copy
from storyfold.model import Article
from storyfold.settings import Settings
from storyfold.stories.backend import IndexBackend

# Band postings read per band: a band shared by more articles is boilerplate, not a copy signal.
BAND_POSTINGS = 32


class DedupIndex:
    """``add`` marks an article as a copy of a stored one (or not) and stores its fingerprint."""

    def __init__(self, backend: IndexBackend, settings: Settings | None = None) -> None:
        self.backend = backend
        self.settings = settings or Settings()

    def add(self, article: Article) -> tuple[str | None, str | None]:
        """(duplicate_of, reason), also set on ``article``; idempotent for a stored article."""
        stored = self.backend.get("dupa", article.id)
        if stored is not None:
            return self._mark(article, stored.get("of"), stored.get("why"))
        digest, shingle_set = fingerprint(article.text)
        if not shingle_set:
            return self._mark(article, None, None)
        bands = _band_keys(shingle_set)
        original, reason = self._find_original(digest, shingle_set, bands)
        self._store(article, digest, shingle_set, bands, original, reason)
        return self._mark(article, original, reason)

    def adopt(self, article: Article) -> None:
        """Index an article whose copy marks were decided elsewhere (a store made before this index)."""
        if self.backend.get("dupa", article.id) is not None:
            return
        digest, shingle_set = fingerprint(article.text)
        if shingle_set:
            self._store(article, digest, shingle_set, _band_keys(shingle_set), article.duplicate_of,
                        article.duplicate_reason)

    def detach(self, article_id: str) -> None:
        """The article's original is gone: it is an original itself from now on."""
        record = self.backend.get("dupa", article_id)
        if record is not None and record.get("of"):
            record["of"] = record["why"] = None
            self.backend.put("dupa", article_id, record)

    def _store(self, article: Article, digest: str, shingle_set: frozenset[int], bands: list[str],
               original: str | None, reason: str | None) -> None:
        seq = self.backend.bump("dup_seq")
        self.backend.put("dupa", article.id, {
            "digest": digest, "sh": _pack(shingle_set), "of": original, "why": reason,
            "name": article.outlet or article.source, "bands": bands,
        })
        self.backend.post("dupd", digest, article.id, seq)
        for band in bands:
            self.backend.post("dupb", band, article.id, seq)

    def remove(self, article_id: str) -> None:
        stored = self.backend.get("dupa", article_id)
        if stored is None:
            return
        self.backend.unpost("dupd", stored["digest"], article_id)
        for band in stored["bands"]:
            self.backend.unpost("dupb", band, article_id)
        self.backend.delete("dupa", article_id)

    def _find_original(
        self, digest: str, shingle_set: frozenset[int], bands: list[str]
    ) -> tuple[str | None, str | None]:
        threshold = self.settings.near_duplicate_threshold
        candidates = list(reversed(self.backend.posting("dupd", digest)))
        seen = set(candidates)
        for band in bands:
            for other in self.backend.posting("dupb", band, limit=BAND_POSTINGS):
                if other not in seen:
                    seen.add(other)
                    candidates.append(other)
        confirmed: list[tuple[int, str, dict]] = []
        for other in candidates:
            record = self.backend.get("dupa", other)
            if record is None:
                continue
            other_set = _unpack(record["sh"])
            if record["digest"] == digest or is_copy(shingle_set, other_set, threshold):
                root = record["of"] or other
                root_record = record if root == other else self.backend.get("dupa", root) or record
                confirmed.append((0 if root == other else 1, root, root_record))
        if not confirmed:
            return None, None
        _, root, record = min(confirmed, key=lambda c: (c[0], c[1] != candidates[0], c[1]))
        reason = copy_reason(shingle_set, digest, _unpack(record["sh"]), record["digest"], record["name"], threshold)
        return root, reason

    @staticmethod
    def _mark(article: Article, original: str | None, reason: str | None) -> tuple[str | None, str | None]:
        article.duplicate_of, article.duplicate_reason = original, reason
        return original, reason


def _band_keys(shingle_set: frozenset[int]) -> list[str]:
    """The batch stage's MinHash bands (storyfold.dedup.band_keys) as short posting keys."""
    return [f"{band}:{hashlib.blake2b(values, digest_size=6).hexdigest()}"
            for band, values in band_keys(shingle_set, "")[1:]]


def _pack(values: frozenset[int]) -> str:
    return base64.b64encode(array("Q", sorted(values)).tobytes()).decode("ascii")


def _unpack(data: str) -> frozenset[int]:
    values = array("Q")
    values.frombytes(base64.b64decode(data))
    return frozenset(values)
