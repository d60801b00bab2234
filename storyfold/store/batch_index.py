"""TEMPORARY story assignment until storyfold.stories.StoryIndex lands (INTERFACES §3).

It re-runs the batch clustering (storyfold.cluster.cluster_stories) over every stored article plus the new
batch and maps the groups onto the stored story ids: a group keeps the oldest id among its members' stories
(so ids are stable as stories grow, and a merge keeps the older id); a group with no stored member gets
``"s" + stable_id(<founding article id>, length=10)``.  Its cost grows with the store: delete this module when
the incremental index is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyfold.cluster import cluster_stories
from storyfold.model import Article, stable_id
from storyfold.nlp import ParsedArticle
from storyfold.settings import Settings


@dataclass
class Grouping:
    """One story after the batch: its id, member articles (story order), title and what happened to it."""

    story_id: str
    articles: list[Article]
    title: str
    created: bool
    merged: list[str] = field(default_factory=list)


def story_id_for(founder: Article) -> str:
    return "s" + stable_id(founder.id, length=10)


def regroup(
    articles: list[Article],
    parsed: dict[str, ParsedArticle],
    story_of: dict[str, str],
    created_order: dict[str, int],
    settings: Settings,
) -> list[Grouping]:
    """Cluster ``articles`` and name each group by the stored ids of its members (oldest id wins)."""
    groups = cluster_stories(articles, parsed, settings)
    taken: set[str] = set()
    result: list[Grouping] = []
    for group in groups:
        old_ids = sorted({story_of[a.id] for a in group.articles if a.id in story_of},
                         key=lambda sid: created_order.get(sid, 0))
        free = [sid for sid in old_ids if sid not in taken]
        if free:
            story_id, created = free[0], False
        else:
            founder = min(group.articles, key=lambda a: a.id)
            story_id, created = story_id_for(founder), True
        taken.add(story_id)
        result.append(Grouping(story_id, group.articles, group.title, created, [s for s in free[1:]]))
    still_used = {g.story_id for g in result}
    for grouping in result:
        grouping.merged = [sid for sid in grouping.merged if sid not in still_used]
    return result
