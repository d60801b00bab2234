"""The public library API: what the CLI, the web UI and users' scripts call."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from storyfold.analyze import StoryContext, analyze_story
from storyfold.clean import CleanStage
from storyfold.cluster import cluster_stories
from storyfold.dedup import DedupStage
from storyfold.ingest import read_inputs
from storyfold.metadata import MetadataStage
from storyfold.model import Analysis, Article, RawDocument, Skipped, StageStats, Story
from storyfold.nlp import parse_articles
from storyfold.pipeline import ProgressCallback, Stage
from storyfold.settings import Settings


def article_stages(settings: Settings) -> list[Stage]:
    """The per-article pipeline, in order: clean, metadata (with the length gate), dedup."""
    return [CleanStage(settings), MetadataStage(settings), DedupStage(settings)]


def load_articles(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Analysis:
    """Ingest, clean, add metadata and mark duplicates; no story analysis."""
    settings = settings or Settings()
    skipped: list[Skipped] = []
    docs: list[RawDocument] = []
    started = time.perf_counter()
    for item in read_inputs(paths, settings):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            docs.append(item)
    ingest = StageStats("ingest", seen=len(docs) + len(skipped), kept=len(docs),
                        seconds=time.perf_counter() - started)
    for entry in skipped:
        ingest.dropped[entry.reason] = ingest.dropped.get(entry.reason, 0) + 1
    analysis = articles_from_documents(docs, settings, skipped=skipped, progress=progress)
    analysis.stats.insert(0, ingest)
    return analysis


def articles_from_documents(
    docs: Iterable[RawDocument],
    settings: Settings | None = None,
    *,
    skipped: list[Skipped] | None = None,
    progress: ProgressCallback | None = None,
) -> Analysis:
    settings = settings or Settings()
    skipped = skipped if skipped is not None else []
    articles = _unique([Article.from_raw(d) for d in docs], skipped)
    stats: list[StageStats] = []
    for stage in article_stages(settings):
        articles, stage_stats = stage.run(articles, skipped, progress)
        stats.append(stage_stats)
    return Analysis(articles=articles, skipped=skipped, stats=stats)


def _unique(articles: list[Article], skipped: list[Skipped]) -> list[Article]:
    """The same input given twice (same source, same bytes) is one article."""
    seen: set[str] = set()
    unique = []
    for article in articles:
        if article.id in seen:
            skipped.append(Skipped(article.source, "given more than once (same source and content)"))
            continue
        seen.add(article.id)
        unique.append(article)
    return unique


def analyze_articles(
    analysis: Analysis, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> Analysis:
    """Group the loaded articles into stories and analyse each story (in place)."""
    settings = settings or Settings()
    started = time.perf_counter()
    parsed = parse_articles(analysis.articles, settings, progress)
    stats = StageStats("nlp", seen=len(analysis.articles), kept=len(parsed),
                       seconds=time.perf_counter() - started)
    analysis.stats.append(stats)
    started = time.perf_counter()
    groups = cluster_stories(analysis.articles, parsed, settings)
    stories: list[Story] = []
    for n, group in enumerate(groups, start=1):
        ctx = StoryContext(f"s{n}", group.articles, parsed, settings)
        stories.append(analyze_story(ctx, group.title))
        if progress:
            progress("analyze", n, len(groups))
    analysis.stories = stories
    analysis.stats.append(StageStats("stories", seen=len(analysis.articles), kept=len(stories),
                                     seconds=time.perf_counter() - started))
    return analysis


def analyze(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    **overrides: object,
) -> Analysis:
    """Read ``paths`` (files, folders, globs, ``-``) and return the full analysis.

    >>> analysis = analyze(["samples/corpus"])           # doctest: +SKIP
    >>> [s.title for s in analysis.stories]              # doctest: +SKIP
    """
    settings = (settings or Settings()).replace(**overrides) if overrides else (settings or Settings())
    analysis = load_articles(paths, settings, progress)
    return analyze_articles(analysis, settings, progress)
