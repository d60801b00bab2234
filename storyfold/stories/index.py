"""Incremental stories: new articles re-cluster only their neighbourhood, never the whole store.

Batch clustering (storyfold.cluster) is average linkage inside the connected components of
the thresholded similarity graph, so a new article can only change the stories it is
similar to.  An add therefore:

1. finds each new article's *neighbours* among the indexed articles through inverted
   postings of its rarest terms, entity keys and distinctive figures (bounded, newest
   first, within a time window when dates are known), scored on the article signatures
   of storyfold.stories.features;
2. takes the stories of those neighbours (their most recent members, bounded) as the
   *region*, together with the new articles, and clusters the region with the batch
   clustering (storyfold.cluster: the same features, weights and threshold as ``analyze``;
   recent stored texts set the word weights, so a region of related articles does not make
   every topic word look rare);
3. names each group by the oldest stored story among its members (largest group first), so
   ids are stable as stories grow, a merge keeps the older id (the other resolves to it),
   and a group of new articles only founds a story ``"s" + stable_id(founding article)``.
   Re-clustering the region may also move a stored article to another story or split off
   a part of a story when the new coverage shows two events: earlier decisions are revised
   with more evidence, as a batch run over everything would (the bigger part keeps the id).

The cost of an add depends on the size of the neighbourhood, not of the store.  Articles
come back through an :class:`ArticleSource` (the store's tables, or memory), so the index
only holds signatures, postings and memberships.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from storyfold.cluster import cluster_stories, story_title
from storyfold.model import Article, stable_id
from storyfold.nlp import ParsedArticle
from storyfold.settings import Settings
from storyfold.stories.backend import IndexBackend
from storyfold.stories.features import Signature, signature

# New articles clustered together per step: bounds the region (and its dense linkage) whatever the add's size.
CHUNK_ARTICLES = 250
# Indexed articles scored in full per new article, and stories taken from them into the region.
MAX_CANDIDATES = 40
MAX_NEIGHBOUR_STORIES = 8
# Signature cosine from which a candidate's story joins the region.  Loose on purpose: the batch
# clustering inside the region decides; a missed neighbour is a split story, an extra one costs time.
NEIGHBOUR_THRESHOLD = 0.05
# Members of one story brought into the region (the most recent): bounds the cost for stories of
# thousands of articles; older members keep their story.
MAX_REGION_MEMBERS = 300
# Recent stored articles whose texts set the word weights of the region's clustering: a region of
# related articles alone makes every topic word look rare (see storyfold.cluster.article_features).
BACKGROUND_ARTICLES = 300
# Rare terms of a new article used for look-up, and top terms of an indexed article posted.
LOOKUP_TERMS = 12
POSTED_TERMS = 40
# Candidates further apart than this (both dates known) are another event, whatever they share.
WINDOW_DAYS = 120
DOCS = "docs"  # counter: articles indexed (for IDF)
_VIEWS = (("t", "terms", 0.5), ("e", "entities", 0.35), ("n", "numbers", 0.15))


class ArticleSource(Protocol):
    """Where the index reads back indexed articles and their parses (the store's tables, or memory)."""

    def load(self, article_ids: Sequence[str]) -> tuple[list[Article], dict[str, ParsedArticle]]: ...

    def recent_texts(self, limit: int) -> list[str]:
        """Texts of the most recently added articles (they give words their corpus-wide weight)."""
        ...


class MemorySource:
    """Articles and parses kept in dicts: batch runs, benchmarks and tests."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        self.parsed: dict[str, ParsedArticle] = {}

    def put(self, articles: Iterable[Article], parsed: Mapping[str, ParsedArticle]) -> None:
        for article in articles:
            self.articles[article.id] = article
            if article.id in parsed:
                self.parsed[article.id] = parsed[article.id]

    def load(self, article_ids: Sequence[str]) -> tuple[list[Article], dict[str, ParsedArticle]]:
        found = [self.articles[i] for i in article_ids if i in self.articles]
        return found, {a.id: self.parsed[a.id] for a in found if a.id in self.parsed}

    def recent_texts(self, limit: int) -> list[str]:
        return [a.text for a in list(self.articles.values())[-limit:]]


@dataclass
class StoryChange:
    """A story whose membership an add or remove changed (``article_ids`` empty: the story is gone)."""

    story_id: str
    article_ids: list[str]
    title: str
    created: bool = False
    merged: list[str] = field(default_factory=list)


class StoryIndex:
    """Stories with stable ids over any index backend (see the module docstring)."""

    def __init__(self, backend: IndexBackend, source: ArticleSource, settings: Settings | None = None) -> None:
        self.backend = backend
        self.source = source
        self.settings = settings or Settings()

    # -- public API -------------------------------------------------------------------------
    def add(self, articles: Sequence[Article], parsed: Mapping[str, ParsedArticle] | None = None) -> list[StoryChange]:
        """Assign new articles to stories; the stories that changed (indexed articles are ignored)."""
        parsed = parsed or {}
        fresh = list({a.id: a for a in articles if self.backend.get("a", a.id) is None}.values())
        existed: set[str] = set()  # stories that were there before this add (merges of others are internal)
        changes: dict[str, StoryChange] = {}
        for start in range(0, len(fresh), CHUNK_ARTICLES):
            created_here = {sid for sid, c in changes.items() if c.created}
            for change in self._add_chunk(fresh[start : start + CHUNK_ARTICLES], parsed, existed, created_here):
                _fold_change(changes, change)
        return _final_changes(changes, existed)

    def remove(self, article_ids: Iterable[str]) -> list[StoryChange]:
        """Take articles out; their stories shrink (or go).  The stories that changed."""
        touched: set[str] = set()
        for article_id in dict.fromkeys(article_ids):
            record = self.backend.get("a", article_id)
            if record is None:
                continue
            story_id = self.resolve(record["story"]) or record["story"]
            sig = Signature.from_dict(record["sig"])
            self.backend.delete("a", article_id)
            self.backend.unpost("m", story_id, article_id)
            for key in _posted_keys(sig):
                self.backend.unpost("p", key, article_id)
            self._count_keys(sig, -1)
            touched.add(story_id)
        changes = []
        for story_id in sorted(touched):
            members = self.members(story_id)
            if not members:
                self.backend.delete("s", story_id)
            changes.append(StoryChange(story_id, members, self._title(members)))
        return changes

    def story_of(self, article_id: str) -> str | None:
        record = self.backend.get("a", article_id)
        return self.resolve(record["story"]) if record else None

    def members(self, story_id: str) -> list[str]:
        """Article ids of the story, oldest first."""
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

    def adopt(self, stories: Mapping[str, Sequence[str]], articles: Sequence[Article],
              parsed: Mapping[str, ParsedArticle]) -> None:
        """Index stories assigned elsewhere (a store made before the index existed) without re-clustering."""
        by_id = {a.id: a for a in articles}
        for story_id, member_ids in stories.items():
            self.backend.put("s", story_id, {"seq": self.backend.bump("seq")})
            for article_id in member_ids:
                if article_id in by_id and self.backend.get("a", article_id) is None:
                    article = by_id[article_id]
                    self._index_article(article, story_id, signature(article, parsed.get(article_id)), count=True)

    # -- one chunk --------------------------------------------------------------------------
    def _add_chunk(self, chunk: list[Article], parsed: Mapping[str, ParsedArticle], existed: set[str],
                   created_here: set[str]) -> list[StoryChange]:
        """Batch clustering of the chunk with its neighbour stories, read as placements (module docstring)."""
        sigs = {a.id: signature(a, parsed.get(a.id)) for a in chunk}
        neighbours = self._neighbour_stories(list(sigs.values()))
        existed.update(sid for sid in neighbours if sid not in created_here)
        old_members = {sid: self.members(sid) for sid in neighbours}
        recent = [i for sid in neighbours for i in old_members[sid][-MAX_REGION_MEMBERS:]]
        stored, stored_parsed = self.source.load(recent)
        region_parsed = {**stored_parsed, **parsed}
        background = self.source.recent_texts(BACKGROUND_ARTICLES)
        groups = cluster_stories(stored + chunk, region_parsed, self.settings, background)
        story_of = {aid: sid for sid, ids in old_members.items() for aid in ids}
        in_region = {a.id for a in stored} | {a.id for a in chunk}
        new_members = {sid: [i for i in ids if i not in in_region] for sid, ids in old_members.items()}
        titles: dict[str, str] = {}
        for group in groups:  # largest first: the biggest share of a story keeps its id
            ids = [a.id for a in group.articles]
            story_id = self._name_group(ids, story_of, taken=titles)
            new_members.setdefault(story_id, []).extend(ids)
            titles[story_id] = group.title
        _carry_tails(new_members, old_members, titles)
        for article in chunk:
            self._count_keys(sigs[article.id], +1)
        return self._apply(new_members, old_members, titles, {a.id: a for a in chunk}, sigs)

    def _name_group(self, ids: list[str], story_of: dict[str, str], taken: Mapping[str, str]) -> str:
        """The oldest stored story among the members not yet named, else a new id from the founding article."""
        olds = [sid for sid in {story_of[i] for i in ids if i in story_of} if sid not in taken]
        if not olds:
            return self._new_story_id(min(ids))
        return min(olds, key=lambda sid: ((self.backend.get("s", sid) or {}).get("seq", 0), sid))

    def _new_story_id(self, founder: str) -> str:
        story_id, n = "s" + stable_id(founder, length=10), 0
        while self.backend.get("s", story_id) is not None or self.backend.get("r", story_id) is not None:
            n += 1
            story_id = "s" + stable_id(f"{founder}:{n}", length=10)
        return story_id

    def _apply(self, new_members: dict[str, list[str]], old_members: dict[str, list[str]], titles: dict[str, str],
               fresh: dict[str, Article], sigs: dict[str, Signature]) -> list[StoryChange]:
        """Write the region's new memberships; merged-away stories redirect to where most members went."""
        home = {aid: sid for sid, ids in new_members.items() for aid in ids}
        changes = []
        for story_id, ids in new_members.items():
            if story_id not in old_members:
                self.backend.put("s", story_id, {"seq": self.backend.bump("seq")})
            for article_id in ids:
                if article_id in fresh:
                    self._index_article(fresh[article_id], story_id, sigs[article_id])
                elif article_id not in old_members.get(story_id, ()):
                    self._move(article_id, story_id)
            if ids and set(ids) != set(old_members.get(story_id, ())):  # membership, not order
                changes.append(StoryChange(story_id, ids, titles.get(story_id) or self._title(ids),
                                           created=story_id not in old_members))
        for story_id, ids in old_members.items():
            if new_members.get(story_id):
                continue
            into = _largest_share(ids, home)
            self.backend.delete("s", story_id)
            if into:
                self.backend.put("r", story_id, {"into": into})
                changes.append(StoryChange(into, new_members[into], titles.get(into, ""), merged=[story_id]))
        return changes

    def _index_article(self, article: Article, story_id: str, sig: Signature, *, count: bool = False) -> None:
        """Record, membership and postings of one article (``count``: also its document frequencies)."""
        seq = self.backend.bump("seq")
        self.backend.put("a", article.id, {"story": story_id, "sig": sig.to_dict(), "seq": seq,
                                           "q": _square_sums(sig)})
        self.backend.post("m", story_id, article.id, seq)
        for key in _posted_keys(sig):
            self.backend.post("p", key, article.id, seq)
        if count:  # adopted articles; a chunk counts its own before clustering
            self._count_keys(sig, +1)

    def _move(self, article_id: str, story_id: str) -> None:
        record = self.backend.get("a", article_id)
        if record is None:
            return
        self.backend.unpost("m", record["story"], article_id)
        record["story"] = story_id
        self.backend.put("a", article_id, record)
        self.backend.post("m", story_id, article_id, record["seq"])

    def _title(self, article_ids: list[str]) -> str:
        if not article_ids:
            return ""
        articles, parsed = self.source.load(article_ids[:1])
        return story_title(articles[0], parsed.get(articles[0].id)) if articles else ""

    # -- neighbours -------------------------------------------------------------------------
    def _neighbour_stories(self, sigs: list[Signature]) -> list[str]:
        """Live stories holding a close indexed article of any new one, in first-found order."""
        found: dict[str, None] = {}
        for sig in sigs:
            idf = self._idf(sig)
            hits: Counter[str] = Counter()
            for key in self._lookup_keys(sig, idf):
                for article_id in self.backend.posting("p", key):
                    hits[article_id] += idf.get(key, 1.0)
            scored = []
            query = _Query(sig, idf)
            for article_id, _ in hits.most_common(MAX_CANDIDATES):
                record = self.backend.get("a", article_id)
                if record is None:
                    continue
                other = Signature.from_dict(record["sig"])
                if _too_far_apart(sig.day, other.day):
                    continue
                score = query.similarity(other, record.get("q") or _square_sums(other))
                if score >= NEIGHBOUR_THRESHOLD:
                    scored.append((score, record["story"]))
            stories = [self.resolve(sid) for _, sid in sorted(scored, key=lambda t: -t[0])]
            for story_id in [s for s in dict.fromkeys(stories) if s][:MAX_NEIGHBOUR_STORIES]:
                found[story_id] = None
        return list(found)

    def _lookup_keys(self, sig: Signature, idf: dict[str, float]) -> list[str]:
        rare_terms = sorted(list(sig.terms)[:POSTED_TERMS], key=lambda t: (-idf.get("t:" + t, 0.0), t))
        return (["t:" + t for t in rare_terms[:LOOKUP_TERMS]] + ["e:" + e for e in sig.entities]
                + ["n:" + n for n in sig.numbers])

    def _idf(self, sig: Signature) -> dict[str, float]:
        keys = [f"{p}:{k}" for p, attr, _ in _VIEWS for k in getattr(sig, attr)]
        counts = self.backend.counters_of(["df:" + k for k in keys] + [DOCS])
        docs = counts.pop(DOCS, 0)
        return {k: math.log((docs + 1) / (counts.get("df:" + k, 0) + 1)) + 1.0 for k in keys}

    def _count_keys(self, sig: Signature, delta: int) -> None:
        names = [f"df:{prefix}:{key}" for prefix, attr, _ in _VIEWS for key in getattr(sig, attr)]
        self.backend.incr([*names, DOCS], delta)


def _carry_tails(new_members: dict[str, list[str]], old_members: dict[str, list[str]],
                 titles: Mapping[str, str]) -> None:
    """A story merged away follows its region members whole, older members beyond the region included.

    Only a story's most recent members enter the region (MAX_REGION_MEMBERS); when no group keeps
    its id, its region members went to other stories, and its older members go with the largest share
    of them, so a merge of two long stories is one story, not the old halves left behind.
    """
    home = {aid: sid for sid, ids in new_members.items() if sid in titles for aid in ids}
    for story_id, ids in old_members.items():
        tail = new_members.get(story_id)
        if story_id in titles or not tail:
            continue
        into = _largest_share(ids, home)
        if into:
            new_members[into].extend(tail)
            new_members[story_id] = []


def _largest_share(ids: list[str], home: Mapping[str, str]) -> str | None:
    """The story that most of ``ids`` now live in (where a story merged away goes), None if none moved."""
    into = Counter(home[i] for i in ids if i in home).most_common(1)
    return into[0][0] if into else None


def _fold_change(changes: dict[str, StoryChange], change: StoryChange) -> None:
    """Later chunks' view of a story replaces earlier ones; created and merged accumulate."""
    before = changes.get(change.story_id)
    if before is not None:
        change.created = change.created or before.created
        change.merged = [*before.merged, *change.merged]
        change.title = change.title or before.title
    changes[change.story_id] = change


def _final_changes(changes: dict[str, StoryChange], existed: set[str]) -> list[StoryChange]:
    """Drop stories founded and merged away within one add; keep only merges of stories that existed."""
    merged_away = {sid for c in changes.values() for sid in c.merged}
    result = []
    for change in changes.values():
        if change.story_id in merged_away:
            continue
        absorbed = _absorbed(change.story_id, changes)
        change.merged = [sid for sid in absorbed if sid in existed]
        if not change.article_ids:
            continue
        result.append(change)
    return sorted(result, key=lambda c: c.story_id)


def _absorbed(story_id: str, changes: dict[str, StoryChange]) -> list[str]:
    """Every story merged into ``story_id`` during the add, also through stories merged on the way."""
    absorbed: dict[str, None] = {}
    todo = list(changes[story_id].merged)
    while todo:
        sid = todo.pop(0)
        if sid in absorbed or sid == story_id:
            continue
        absorbed[sid] = None
        todo += changes[sid].merged if sid in changes else []
    return list(absorbed)


def _posted_keys(sig: Signature) -> list[str]:
    return (["t:" + t for t in list(sig.terms)[:POSTED_TERMS]] + ["e:" + e for e in sig.entities]
            + ["n:" + n for n in sig.numbers])


def _too_far_apart(day: float | None, other: float | None) -> bool:
    return day is not None and other is not None and abs(day - other) > WINDOW_DAYS


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _square_sums(sig: Signature) -> dict[str, float]:
    """Per view, the sum of squared sublinear TFs: kept with the article so a cosine reads only shared keys."""
    return {prefix: sum(_tf(c) ** 2 for c in getattr(sig, attr).values()) for prefix, attr, _ in _VIEWS}


class _Query:
    """A new article's weighted views, computed once and scored against many candidates.

    Cosine of sublinear-TF x IDF vectors, with the new article's IDF on both sides (a candidate's
    other keys weigh 1): then only the shared keys need reading, the rest of the candidate's norm
    comes from its stored square sums.
    """

    def __init__(self, sig: Signature, idf: dict[str, float]) -> None:
        self.views = []
        for prefix, attr, weight in _VIEWS:
            view_idf = {k: idf.get(f"{prefix}:{k}", 1.0) for k in getattr(sig, attr)}
            weights = {k: _tf(c) * view_idf[k] for k, c in getattr(sig, attr).items()}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            self.views.append((prefix, attr, weight, view_idf, weights, norm))

    def similarity(self, other: Signature, square_sums: dict[str, float]) -> float:
        total = 0.0
        for prefix, attr, weight, view_idf, weights, norm in self.views:
            right = getattr(other, attr)
            if not weights or not right or norm == 0.0:
                continue
            dot, shared_tf, shared_weighted = 0.0, 0.0, 0.0
            for key, w in weights.items():
                count = right.get(key)
                if count:
                    tf = _tf(count)
                    dot += w * tf * view_idf[key]
                    shared_tf += tf * tf
                    shared_weighted += (tf * view_idf[key]) ** 2
            if dot:
                norm_right = math.sqrt(max(square_sums.get(prefix, 0.0) - shared_tf, 0.0) + shared_weighted)
                total += weight * dot / (norm * norm_right)
        return total
