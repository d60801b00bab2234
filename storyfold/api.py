"""The public library API: what the CLI, the web UI and users' scripts call.

Each function is a declared list of steps (storyfold.engines.steps) run by the local engine, which does the
timing, counting and progress once; the JSON contract is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from storyfold.engines.local import run_steps
from storyfold.engines.steps import (
    AnalyzeStep,
    CleanStep,
    ClusterStep,
    IngestStep,
    NlpStep,
    dedup_step,
    metadata_step,
    unique_articles,
)
from storyfold.model import Analysis, RawDocument, Skipped
from storyfold.pipeline import ProgressCallback, RunState, Stage, Step
from storyfold.settings import Settings


def article_stages(settings: Settings) -> list[Stage]:
    """The per-article stages, in order: clean, metadata (with the length gate), dedup."""
    return [CleanStep(settings).stage, metadata_step(settings).stage, dedup_step(settings).stage]


def load_steps(settings: Settings) -> list[Step]:
    """ingest -> clean -> metadata -> dedup: articles ready for NLP."""
    return [IngestStep(), CleanStep(settings), metadata_step(settings), dedup_step(settings)]


def story_steps(settings: Settings) -> list[Step]:
    """nlp -> cluster -> analyze: stories from loaded articles."""
    return [NlpStep(), ClusterStep(), AnalyzeStep()]


def load_articles(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Analysis:
    """Ingest, clean, add metadata and mark duplicates; no story analysis."""
    settings = settings or Settings()
    state = RunState(settings, paths=[str(p) if isinstance(p, Path) else p for p in paths], progress=progress)
    run_steps(load_steps(settings), state)
    return Analysis(articles=state.articles or [], skipped=state.skipped, stats=state.stats)


def articles_from_documents(
    docs: Iterable[RawDocument],
    settings: Settings | None = None,
    *,
    skipped: list[Skipped] | None = None,
    progress: ProgressCallback | None = None,
) -> Analysis:
    """clean -> metadata -> dedup over documents already read (uploads, tests)."""
    settings = settings or Settings()
    state = RunState(settings, documents=list(docs), progress=progress)
    if skipped is not None:
        state.skipped = skipped
    run_steps(load_steps(settings)[1:], state)
    return Analysis(articles=state.articles or [], skipped=state.skipped, stats=state.stats)


def analyze_articles(
    analysis: Analysis, settings: Settings | None = None, progress: ProgressCallback | None = None
) -> Analysis:
    """Group the loaded articles into stories and analyse each story (in place)."""
    settings = settings or Settings()
    state = RunState(settings, articles=analysis.articles, skipped=analysis.skipped, stats=analysis.stats,
                     progress=progress)
    run_steps(story_steps(settings), state)
    analysis.stories = state.stories or []
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


__all__ = [
    "analyze",
    "analyze_articles",
    "article_stages",
    "articles_from_documents",
    "load_articles",
    "unique_articles",
]
