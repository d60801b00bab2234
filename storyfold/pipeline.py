"""The stage shape every step of the pipeline shares.

A stage takes the list of articles and returns the ones it keeps.  Per-article
stages implement :meth:`Stage.process`, returning ``None`` to keep the article or
a short reason to drop it; the base class counts, times and records the drops so
reports can show them.  Stages that need the whole batch (dedup) override
:meth:`Stage.apply`.  Stages never import an engine: the local engine and the
Spark engine call the same objects.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from storyfold.model import Article, RawDocument, Skipped, StageStats, Story
from storyfold.settings import Settings

if TYPE_CHECKING:
    from storyfold.nlp import ParsedArticle

log = logging.getLogger(__name__)

STRICT_ENV = "STORYFOLD_STRICT"  # set it to make soft failures raise (the tests do)
PROGRESS_EVERY = 25  # articles between progress updates
ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage_name, done, total)`` by long-running steps."""


def soft_failure(what: str) -> None:
    """Call from an ``except`` block: log the failure and go on, or re-raise under STORYFOLD_STRICT.

    A bug that one odd input triggers must not cost a user the rest of a long run; the log
    keeps the traceback so the bug can be reported.
    """
    if os.environ.get(STRICT_ENV):
        raise  # the exception the caller is handling
    log.exception("%s failed; going on without it", what)


# How much of an exception's message a skipped entry quotes: enough to act on, never a page of it.
MAX_FAILURE_CHARS = 200


def failure_reason(what: str, exc: BaseException) -> str:
    """``"clean failed: ValueError: why"`` on one line, for a skipped entry."""
    why = " ".join(str(exc).split())[:MAX_FAILURE_CHARS]
    return f"{what} failed: {exc.__class__.__name__}" + (f": {why}" if why else "")


class Stage:
    """Base class: subclass and implement ``process`` (or ``apply`` for batch stages)."""

    name = "stage"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.progress: ProgressCallback | None = None

    def process(self, article: Article) -> str | None:
        """Annotate ``article`` in place; return a drop reason, or ``None`` to keep it."""
        raise NotImplementedError

    def apply(self, articles: list[Article], skipped: list[Skipped]) -> list[Article]:
        """Run over a batch; per-article failures become skipped entries, never crashes."""
        kept: list[Article] = []
        for done, article in enumerate(articles, start=1):
            self.tick(done, len(articles))
            try:
                reason = self.process(article)
            except Exception as exc:  # soft failure: one odd page must not stop the run
                # The skipped entry is the user's one line (file and reason); the traceback is for --debug.
                log.debug("%s failed on %s", self.name, article.source, exc_info=True)
                reason = failure_reason(self.name, exc)
            if reason is None:
                kept.append(article)
            else:
                skipped.append(Skipped(article.source, reason))
        return kept

    def tick(self, done: int, total: int) -> None:
        """Report progress every few articles (a per-article update would cost more than it shows)."""
        if self.progress and (done % PROGRESS_EVERY == 0 or done == total):
            self.progress(self.name, done, total)

    def run(
        self, articles: list[Article], skipped: list[Skipped], progress: ProgressCallback | None = None
    ) -> tuple[list[Article], StageStats]:
        self.progress = progress
        stats = StageStats(self.name, seen=len(articles))
        before = len(skipped)
        started = time.perf_counter()
        kept = self.apply(articles, skipped)
        self.tick(len(articles), len(articles))
        stats.seconds = time.perf_counter() - started
        stats.kept = len(kept)
        for entry in skipped[before:]:
            stats.dropped[entry.reason] = stats.dropped.get(entry.reason, 0) + 1
        return kept, stats



# --------------------------------------------------------------------------- declared steps
#
# The pipeline's shape is one declared list of step objects (see storyfold.api.BATCH_STEPS).  A step says
# what it needs from the run state and what it provides; an engine (storyfold.engines.local, later Spark)
# checks the needs, times the step, records its counts and drops once.  Steps hold no engine logic.


@dataclass
class RunState:
    """Everything the steps of one run read and write; a step's ``needs`` and ``provides`` name these fields."""

    settings: Settings
    paths: list[str] = field(default_factory=list)
    documents: list[RawDocument] | None = None
    articles: list[Article] | None = None
    parsed: dict[str, ParsedArticle] | None = None
    groups: list[Any] | None = None
    stories: list[Story] | None = None
    skipped: list[Skipped] = field(default_factory=list)
    stats: list[StageStats] = field(default_factory=list)
    progress: ProgressCallback | None = None

    def has(self, name: str) -> bool:
        return getattr(self, name) is not None


@dataclass(slots=True)
class StepCounts:
    """What a step reports to the engine: items seen, items kept, and where its drops start in ``skipped``."""

    seen: int
    kept: int
    drops_from: int | None = None  # index into RunState.skipped; None: everything the step appended


class Step(Protocol):
    """One declared step: ``name`` (also its stats row unless ``stats_name`` says otherwise), needs, provides."""

    name: str
    stats_name: str
    needs: tuple[str, ...]
    provides: tuple[str, ...]

    def run(self, state: RunState) -> StepCounts: ...


class StageStep:
    """Adapts a per-article :class:`Stage` (clean, metadata, dedup) to a declared step over ``articles``."""

    needs = ("articles",)
    provides = ("articles",)

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.name = self.stats_name = stage.name

    def run(self, state: RunState) -> StepCounts:
        articles = state.articles or []
        self.stage.progress = state.progress
        kept = self.stage.apply(articles, state.skipped)
        self.stage.tick(len(articles), len(articles))
        state.articles = kept
        return StepCounts(len(articles), len(kept))
