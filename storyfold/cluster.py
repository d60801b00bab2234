"""(being written by a helper)"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class StoryGroup:
    articles: list = field(default_factory=list)
    title: str = ""


def cluster_stories(articles, parsed, settings) -> list[StoryGroup]:
    return [StoryGroup([a], a.title or a.source) for a in articles]
