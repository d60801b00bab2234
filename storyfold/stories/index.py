"""Incremental story assignment: one article at a time, against candidate stories only.

Each story keeps a centroid (summed signatures of its members) in the backend, and
inverted postings from its keys (entity keys, distinctive numbers, the article's rarest
terms) to the story.  A new article looks up its keys, keeps the stories that share the
most weighted keys (bounded lists, newest first, so the cost of an add does not grow
with the store), scores those centroids, joins the best one above JOIN_THRESHOLD or
founds a story, and folds together two stories it links strongly (the older id survives).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from storyfold.model import Article, stable_id
from storyfold.nlp import ParsedArticle
from storyfold.settings import Settings
from storyfold.stories.backend import IndexBackend
from storyfold.stories.features import Signature, signature

# View weights: names, places and figures say which event; topic words only which kind.
TERM_WEIGHT = 0.5
ENTITY_WEIGHT = 0.35
NUMBER_WEIGHT = 0.15
# Centroid cosine above which an article joins a story (centroids average out noise, so
# this sits above the batch pairwise threshold).
JOIN_THRESHOLD = 0.22
# An article this close to a second story as well bridges them: the two are one event.
MERGE_THRESHOLD = 0.4
# Key figures of the leads that share nothing: another week's report, another quake.
# Strong, because a template-identical weekly report otherwise scores like a follow-up.
CONFLICT_FACTOR = 0.25
# Figures each lead must state before their disagreement counts (one stray age is no conflict).
MIN_KEY_FIGURES = 2
# Candidate stories scored in full per add, and rare terms used to look them up.
MAX_CANDIDATES = 24
LOOKUP_TERMS = 12
# Centroid terms kept per story: bounds record size for stories of hundreds of articles.
MAX_CENTROID_TERMS = 300
# Date proximity, as in batch clustering: full weight within the grace, decaying to a floor.
DATE_GRACE_DAYS = 3
DATE_DECAY_DAYS = 7.0
DATE_FLOOR = 0.3
DOCS = "docs"  # counter: articles indexed (for IDF)
_VIEWS = (("t", "terms", TERM_WEIGHT), ("e", "entities", ENTITY_WEIGHT), ("n", "numbers", NUMBER_WEIGHT))


@dataclass
class Assignment:
    """Where one added article went."""

    article_id: str
    story_id: str
    created: bool
    merged: list[str] = field(default_factory=list)


class StoryIndex:
    """Stories with stable ids over any index backend (see the module docstring)."""

    def __init__(self, backend: IndexBackend, settings: Settings | None = None) -> None:
        self.backend = backend
        self.settings = settings or Settings()

    # -- public API -------------------------------------------------------------------------
    def add(self, article: Article, parsed: ParsedArticle | None = None) -> Assignment:
        """Assign ``article`` to a story (idempotent for an article already indexed)."""
        known = self.story_of(article.id)
        if known is not None:
            return Assignment(article.id, known, False, [])
        sig = signature(article, parsed)
        seq = self.backend.bump("seq")
        self._count_keys(sig, +1)
        scored = self._score_candidates(sig)
        if not scored or scored[0][0] < JOIN_THRESHOLD:
            story_id = "s" + stable_id(article.id, length=10)
            self._attach(article.id, story_id, sig, seq, new=True)
            return Assignment(article.id, story_id, True, [])
        story_id = scored[0][1]
        merged = [sid for score, sid in scored[1:] if score >= MERGE_THRESHOLD]
        self._attach(article.id, story_id, sig, seq, new=False)
        survivor, folded = self._merge([story_id, *merged]) if merged else (story_id, [])
        return Assignment(article.id, survivor, False, folded)

    def remove(self, article_id: str) -> list[str]:
        """Take an article out; its story shrinks (or goes). Ids of stories that changed."""
        record = self.backend.get("a", article_id)
        if record is None:
            return []
        story_id = record["story"]
        self.backend.delete("a", article_id)
        self.backend.unpost("m", story_id, article_id)
        self._count_keys(Signature.from_dict(record["sig"]), -1)
        remaining = self.members(story_id)
        if not remaining:
            self._drop_story(story_id)
        else:
            self._rebuild_centroid(story_id, remaining)
        return [story_id]

    def story_of(self, article_id: str) -> str | None:
        record = self.backend.get("a", article_id)
        return self.resolve(record["story"]) if record else None

    def members(self, story_id: str) -> list[str]:
        """Article ids of the story in the order they joined."""
        resolved = self.resolve(story_id)
        if resolved is None:
            return []
        return list(reversed(self.backend.posting("m", resolved, limit=1 << 30)))

    def resolve(self, story_id: str) -> str | None:
        """The live id for ``story_id`` (following merges); None when unknown."""
        seen = set()
        while story_id not in seen:
            seen.add(story_id)
            if self.backend.get("s", story_id) is not None:
                return story_id
            redirect = self.backend.get("r", story_id)
            if redirect is None:
                return None
            story_id = redirect["into"]
        return None

    # -- scoring ----------------------------------------------------------------------------
    def _score_candidates(self, sig: Signature) -> list[tuple[float, str]]:
        """Candidate stories with their similarity, best first (ties: older story first)."""
        idf = self._idf(sig)
        hits: Counter[str] = Counter()
        for key in self._lookup_keys(sig, idf):
            for story_id in self.backend.posting("p", key):
                hits[story_id] += idf.get(key, 1.0)
        scored = []
        for story_id, _ in hits.most_common(MAX_CANDIDATES):
            story = self.backend.get("s", story_id)
            if story is None:
                continue
            scored.append((self._similarity(sig, story, idf), story_id, story["seq"]))
        scored.sort(key=lambda t: (-t[0], t[2]))
        return [(score, sid) for score, sid, _ in scored]

    def _lookup_keys(self, sig: Signature, idf: dict[str, float]) -> list[str]:
        rare_terms = sorted(sig.terms, key=lambda t: (-idf.get("t:" + t, 0.0), t))[:LOOKUP_TERMS]
        return ["t:" + t for t in rare_terms] + ["e:" + e for e in sig.entities] + ["n:" + n for n in sig.numbers]

    def _idf(self, sig: Signature) -> dict[str, float]:
        keys = [f"{p}:{k}" for p, attr, _ in _VIEWS for k in getattr(sig, attr)]
        counts = self.backend.counters_of(["df:" + k for k in keys] + [DOCS])
        docs = counts.pop(DOCS, 0)
        return {k: math.log((docs + 1) / (counts.get("df:" + k, 0) + 1)) + 1.0 for k in keys}

    def _similarity(self, sig: Signature, story: dict, idf: dict[str, float]) -> float:
        centroid = Signature.from_dict(story["sig"])
        norms = story.get("norms") or _norms(centroid)
        score = sum(weight * _cosine(getattr(sig, attr), getattr(centroid, attr), idf, prefix, norms[prefix])
                    for prefix, attr, weight in _VIEWS)
        if _figures_conflict(sig, centroid):
            score *= CONFLICT_FACTOR
        return score * _date_factor(sig.day, story.get("day_min"), story.get("day_max"))

    # -- updates ----------------------------------------------------------------------------
    def _count_keys(self, sig: Signature, delta: int) -> None:
        names = [f"df:{prefix}:{key}" for prefix, attr, _ in _VIEWS for key in getattr(sig, attr)]
        self.backend.incr([*names, DOCS], delta)

    def _attach(self, article_id: str, story_id: str, sig: Signature, seq: int, *, new: bool) -> None:
        self.backend.put("a", article_id, {"story": story_id, "sig": sig.to_dict(), "seq": seq})
        self.backend.post("m", story_id, article_id, seq)
        story = None if new else self.backend.get("s", story_id)
        if story is None:
            story = {"sig": Signature().to_dict(), "seq": seq, "size": 0, "day_min": None, "day_max": None}
        story["sig"] = _add_signature(Signature.from_dict(story["sig"]), sig).to_dict()
        story["size"] += 1
        story["norms"] = _norms(Signature.from_dict(story["sig"]))
        if sig.day is not None:
            story["day_min"] = min(d for d in (story["day_min"], sig.day) if d is not None)
            story["day_max"] = max(d for d in (story["day_max"], sig.day) if d is not None)
        self.backend.put("s", story_id, story)
        for key in self._post_keys(sig):
            self.backend.post("p", key, story_id, seq)

    def _post_keys(self, sig: Signature) -> list[str]:
        return ["t:" + t for t in list(sig.terms)[:LOOKUP_TERMS * 2]] + [
            "e:" + e for e in sig.entities] + ["n:" + n for n in sig.numbers]

    def _merge(self, story_ids: list[str]) -> tuple[str, list[str]]:
        """Fold every story into the oldest; returns (survivor, folded ids)."""
        records = {sid: self.backend.get("s", sid) for sid in dict.fromkeys(story_ids)}
        records = {sid: r for sid, r in records.items() if r is not None}
        survivor = min(records, key=lambda sid: records[sid]["seq"])
        folded = [sid for sid in records if sid != survivor]
        for sid in folded:
            for article_id in self.backend.posting("m", sid, limit=1 << 30):
                record = self.backend.get("a", article_id)
                record["story"] = survivor
                self.backend.put("a", article_id, record)
                self.backend.unpost("m", sid, article_id)
                self.backend.post("m", survivor, article_id, record["seq"])
            self._drop_story(sid)
            self.backend.put("r", sid, {"into": survivor})
        self._rebuild_centroid(survivor, self.members(survivor))
        return survivor, folded

    def _rebuild_centroid(self, story_id: str, article_ids: list[str]) -> None:
        story = self.backend.get("s", story_id)
        total = Signature()
        days = []
        for article_id in article_ids:
            sig = Signature.from_dict(self.backend.get("a", article_id)["sig"])
            total = _add_signature(total, sig)
            if sig.day is not None:
                days.append(sig.day)
            for key in self._post_keys(sig):
                self.backend.post("p", key, story_id, story["seq"])
        story.update(sig=total.to_dict(), size=len(article_ids), norms=_norms(total),
                     day_min=min(days) if days else None, day_max=max(days) if days else None)
        self.backend.put("s", story_id, story)

    def _drop_story(self, story_id: str) -> None:
        story = self.backend.get("s", story_id)
        if story is not None:
            for key in self._post_keys(Signature.from_dict(story["sig"])):
                self.backend.unpost("p", key, story_id)
        self.backend.delete("s", story_id)


def _add_signature(total: Signature, sig: Signature) -> Signature:
    terms = Counter(total.terms)
    terms.update(sig.terms)
    return Signature(
        dict(sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CENTROID_TERMS]),
        dict(Counter(total.entities) + Counter(sig.entities)),
        dict(Counter(total.numbers) + Counter(sig.numbers)),
        sorted(set(total.lead_numbers) | set(sig.lead_numbers)),
        total.day if total.day is not None else sig.day,
    )


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _norms(centroid: Signature) -> dict[str, float]:
    """Sublinear-TF norm of each centroid view, kept with the story so scoring never re-sums it."""
    return {prefix: math.sqrt(sum(_tf(c) ** 2 for c in getattr(centroid, attr).values()))
            for prefix, attr, _ in _VIEWS}


def _cosine(
    left: dict[str, float], right: dict[str, float], idf: dict[str, float], prefix: str, norm_right: float
) -> float:
    """Cosine of the article's sublinear-TF x IDF vector with the centroid's sublinear TF.

    IDF weighs only the article side: the article's keys are looked up anyway, while
    looking up every centroid key would cost a read per key per candidate.
    """
    if not left or not right:
        return 0.0

    def weight(key: str, count: float) -> float:
        return _tf(count) * idf.get(f"{prefix}:{key}", 1.0)

    dot = sum(weight(k, c) * _tf(right[k]) for k, c in left.items() if k in right)
    if dot == 0.0 or norm_right == 0.0:
        return 0.0
    norm_left = math.sqrt(sum(weight(k, c) ** 2 for k, c in left.items()))
    return dot / (norm_left * norm_right)


def _figures_conflict(sig: Signature, story: Signature) -> bool:
    """Both leads state key figures and neither side repeats any of the other's."""
    if len(sig.lead_numbers) < MIN_KEY_FIGURES or len(story.lead_numbers) < MIN_KEY_FIGURES:
        return False
    return not (set(sig.lead_numbers) & set(story.numbers)) and not (set(story.lead_numbers) & set(sig.numbers))


def _date_factor(day: float | None, first: float | None, last: float | None) -> float:
    if day is None or first is None or last is None:
        return 1.0
    gap = max(first - day, day - last, 0.0)
    decay = math.exp(-max(gap - DATE_GRACE_DAYS, 0.0) / DATE_DECAY_DAYS)
    return DATE_FLOOR + (1.0 - DATE_FLOOR) * decay
