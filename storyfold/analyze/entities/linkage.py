"""Entities under construction and the two ways mentions are tied to them.

Complete-link grouping keeps "J. Biden" from chaining "Joe Biden" and "Jill Biden" into one
person; recency ties a description to the person named last before it, as a reader does, and a
bare surname to the person of that name the article introduced first.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from storyfold.analyze.entities.mentions import _Occurrence
from storyfold.model import Evidence


@dataclass(slots=True)
class _Cluster:
    """One entity being built: its name mentions and its description mentions."""

    kind: str
    occurrences: list[_Occurrence] = field(default_factory=list)
    descriptions: list[Evidence] = field(default_factory=list)


def _complete_link(
    keys: list[str],
    block: Callable[[str], str],
    same: Callable[[str, str], bool],
    weight: Callable[[str], int] = lambda key: 1,
) -> list[list[str]]:
    """Group keys that are all pairwise the same name, comparing only within a block.

    Complete linkage: "J. Biden" matches both "Joe Biden" and "Jill Biden", and must
    not chain them into one person.  A key that fits several groups ("Mark Felt" for the
    father "Mark Felt Sr." and the son "Mark Felt Jr.") joins the one the story names most.
    """
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        blocks[block(key)].append(key)
    groups: list[list[str]] = []
    for members in blocks.values():
        local: list[list[str]] = []
        for key in members:
            fits = [g for g in local if all(same(key, other) for other in g)]
            home = max(fits, key=lambda g: sum(map(weight, g))) if fits else None
            if home is None:
                local.append([key])
            else:
                home.append(key)
        groups.extend(local)
    return groups


def _position(occ: _Occurrence) -> tuple[str, int]:
    return occ.article.id, occ.start


class _Recency:
    """Where each cluster is mentioned in each article, to pick the most recent one before a point."""

    def __init__(self, clusters: list[_Cluster]) -> None:
        self.seen: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, cluster in enumerate(clusters):
            for occ in cluster.occurrences:
                self.seen[i, occ.article.id].append(occ.start)
        for starts in self.seen.values():
            starts.sort()

    def last_before(self, cluster: int, article_id: str, offset: int) -> int:
        """Offset of the cluster's last mention before ``offset`` in the article (-1 if none)."""
        starts = self.seen.get((cluster, article_id), [])
        i = bisect.bisect_left(starts, offset)
        return starts[i - 1] if i else -1

    def in_article(self, cluster: int, article_id: str) -> bool:
        return (cluster, article_id) in self.seen

    def pick(self, candidates: list[int], article_id: str, offset: int) -> int | None:
        """The one candidate the text points to: alone, or named last before ``offset``."""
        local = [c for c in candidates if self.in_article(c, article_id)]
        if not local:
            return candidates[0] if len(candidates) == 1 else None
        if len(local) == 1:
            return local[0]
        ranked = sorted(local, key=lambda c: self.last_before(c, article_id, offset), reverse=True)
        if self.last_before(ranked[0], article_id, offset) < 0:
            return None
        return ranked[0]

    def pick_namesake(self, candidates: list[int], article_id: str, offset: int) -> int | None:
        """The person a bare surname (or first name) at ``offset`` stands for, among those who bear it.

        One bearer in the article: that one (a headline or deck often names a person by surname
        before the text introduces them in full).  Several (a family): the one the article
        introduced first, before ``offset``, its main subject; writers name relatives in full or
        by first name, so the most recent bearer is not the likelier one.  None introduced yet: nobody.
        """
        local = [c for c in candidates if self.in_article(c, article_id)]
        if len(local) <= 1:
            return self.pick(candidates, article_id, offset)
        introduced = [c for c in local if self.first_in(c, article_id) < offset]
        return min(introduced, key=lambda c: self.first_in(c, article_id)) if introduced else None

    def first_in(self, cluster: int, article_id: str) -> int:
        """Offset of the cluster's first mention in the article."""
        return self.seen[cluster, article_id][0]
