"""The concrete pipeline steps: ingest, clean, metadata, dedup, nlp, cluster, analyze.

Each is a small object with ``name``, ``needs`` and ``provides`` (see :class:`storyfold.pipeline.Step`); the
engine does the timing and counting.  Heavy libraries are imported where a step runs, not at import time.
"""

from __future__ import annotations

from storyfold.model import Article, RawDocument, Skipped
from storyfold.pipeline import RunState, StageStep, StepCounts

DUPLICATE_INPUT = "given more than once (same source and content)"


class IngestStep:
    """Read files, folders, globs and stdin into raw documents; unreadable inputs become skipped entries."""

    name = stats_name = "ingest"
    needs = ("paths",)
    provides = ("documents",)

    def run(self, state: RunState) -> StepCounts:
        from storyfold.ingest import read_inputs

        docs: list[RawDocument] = []
        seen = 0
        for item in read_inputs(state.paths, state.settings):
            seen += 1
            if isinstance(item, Skipped):
                state.skipped.append(item)
            else:
                docs.append(item)
        state.documents = docs
        return StepCounts(seen, len(docs))


class CleanStep(StageStep):
    """Make articles from the documents (one per distinct input), then clean them (the CleanStage)."""

    needs = ("documents",)

    def __init__(self, settings) -> None:
        from storyfold.clean import CleanStage

        super().__init__(CleanStage(settings))

    def run(self, state: RunState) -> StepCounts:
        state.articles = unique_articles([Article.from_raw(d) for d in state.documents or []], state.skipped)
        before = len(state.skipped)
        counts = super().run(state)
        counts.drops_from = before  # repeated inputs are not cleaning's drops
        return counts


def unique_articles(articles: list[Article], skipped: list[Skipped]) -> list[Article]:
    """The same input given twice (same source, same bytes) is one article."""
    seen: set[str] = set()
    unique = []
    for article in articles:
        if article.id in seen:
            skipped.append(Skipped(article.source, DUPLICATE_INPUT))
            continue
        seen.add(article.id)
        unique.append(article)
    return unique


def metadata_step(settings) -> StageStep:
    from storyfold.metadata import MetadataStage

    return StageStep(MetadataStage(settings))


def dedup_step(settings) -> StageStep:
    from storyfold.dedup import DedupStage

    return StageStep(DedupStage(settings))


class NlpStep:
    """Parse every article (the NLP cache answers the ones parsed before)."""

    name = stats_name = "nlp"
    needs = ("articles",)
    provides = ("parsed",)

    def run(self, state: RunState) -> StepCounts:
        from storyfold.nlp import parse_articles

        articles = state.articles or []
        state.parsed = parse_articles(articles, state.settings, state.progress)
        return StepCounts(len(articles), len(state.parsed))


class ClusterStep:
    """Group the articles into stories (batch clustering; the store uses the incremental index instead)."""

    name = "cluster"
    stats_name = "stories"  # one row with analysis, as the JSON contract has always reported it
    needs = ("articles", "parsed")
    provides = ("groups",)

    def run(self, state: RunState) -> StepCounts:
        from storyfold.cluster import cluster_stories

        articles = state.articles or []
        state.groups = cluster_stories(articles, state.parsed or {}, state.settings)
        return StepCounts(len(articles), len(state.groups))


class AnalyzeStep:
    """Analyse each story group; batch story ids are positions (s1, s2, ...) as the contract documents."""

    name = "analyze"
    stats_name = "stories"
    needs = ("groups", "parsed")
    provides = ("stories",)

    def run(self, state: RunState) -> StepCounts:
        from storyfold.analyze import StoryContext, analyze_story

        groups = state.groups or []
        stories = []
        for n, group in enumerate(groups, start=1):
            ctx = StoryContext(f"s{n}", group.articles, state.parsed or {}, state.settings)
            stories.append(analyze_story(ctx, group.title))
            if state.progress:
                state.progress("analyze", n, len(groups))
        state.stories = stories
        return StepCounts(len(groups), len(stories))
