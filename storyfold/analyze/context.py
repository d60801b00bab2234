"""What every analysis component of one story reads: articles, parses, and earlier results.

Components run in a fixed order (see :mod:`storyfold.analyze`) and each stores its
result here, so a later one can build on an earlier one (quotes use the resolved
entities to name speakers, the summary leads with the best-corroborated facts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyfold.model import (
    Article,
    Discrepancy,
    Entity,
    Evidence,
    Fact,
    Quote,
    Sentence,
    TimelineEvent,
)
from storyfold.nlp import ParsedArticle
from storyfold.settings import Settings

if TYPE_CHECKING:  # claims import this module
    from storyfold.analyze.claims import Claim


@dataclass(slots=True)
class StorySentence:
    """A sentence of one article in the story, with its text and position."""

    article: Article
    index: int  # position among the article's sentences
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    def evidence(self, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence for the whole sentence, or for ``[start, end)`` inside the article."""
        s = self.start if start is None else start
        e = self.end if end is None else end
        return Evidence(self.article.id, self.article.text[s:e], s, e)


@dataclass(slots=True)
class StoryContext:
    story_id: str
    articles: list[Article]
    parsed: dict[str, ParsedArticle]
    settings: Settings = field(default_factory=Settings)
    # article id -> indices of sentences that are about the story (set by relevance);
    # text off the story's subject (an unrelated round-up) must not feed facts, quotes or timeline.
    on_topic: dict[str, set[int]] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    # Claims of two outlets stating one act with opposite polarity or modality (set by facts,
    # compared by discrepancies): never corroboration.
    opposed_claims: list[tuple[Claim, Claim]] = field(default_factory=list)
    _by_id: dict[str, Article] = field(default_factory=dict)
    _canonical: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.articles}

    def article(self, article_id: str) -> Article:
        return self._by_id[article_id]

    def sentences(self, article: Article, *, on_topic_only: bool = True) -> list[StorySentence]:
        parsed = self.parsed.get(article.id)
        raw: list[Sentence] = parsed.sentences if parsed else []
        keep = self.on_topic.get(article.id)
        return [
            StorySentence(article, i, s.start, s.end)
            for i, s in enumerate(raw)
            if not on_topic_only or keep is None or i in keep
        ]

    def all_sentences(self, *, on_topic_only: bool = True) -> Iterator[StorySentence]:
        for article in self.articles:
            yield from self.sentences(article, on_topic_only=on_topic_only)

    def independent_count(self, article_ids: Iterable[str]) -> int:
        """How many independent outlets: wire copies and near-duplicates count once."""
        return len({self._by_id[a].independent_id for a in article_ids if a in self._by_id})

    def order_sources(self, article_ids: Iterable[str]) -> list[str]:
        """Deduplicate ids, keeping the story's article order so output is stable."""
        wanted = set(article_ids)
        return [a.id for a in self.articles if a.id in wanted]

    def set_canonical_names(self, mapping: dict[str, str]) -> None:
        """Record surface form -> canonical entity name (filled by entity resolution)."""
        self._canonical = {k.casefold(): v for k, v in mapping.items()}

    def canonical_name(self, surface: str) -> str:
        """The resolved entity name for a surface form (itself when unknown)."""
        return self._canonical.get(surface.casefold(), surface)
