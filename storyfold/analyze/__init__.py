"""Story analysis: turn the articles of one story into what a reader can verify.

Components run in dependency order on a shared :class:`StoryContext`; each is a
plain function in its own module.  A component that fails on one story is
logged and left empty so the rest of the run still lands (set
``STORYFOLD_STRICT=1`` to re-raise, as the tests do).
"""

from __future__ import annotations

from collections.abc import Callable

from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.discrepancies import find_discrepancies
from storyfold.analyze.entities import find_entities
from storyfold.analyze.facts import align_facts
from storyfold.analyze.quotes import find_quotes
from storyfold.analyze.relevance import mark_on_topic
from storyfold.analyze.summary import find_exclusives, summarize
from storyfold.analyze.timeline import build_timeline
from storyfold.model import Story
from storyfold.pipeline import soft_failure

__all__ = ["StoryContext", "StorySentence", "analyze_story"]


def _guarded(component: Callable[..., list], ctx: StoryContext, *args: object) -> list:
    """A component's result, or [] with one logged line when it fails (one story never sinks the run)."""
    try:
        return component(ctx, *args)
    except Exception:
        soft_failure(f"{component.__name__} on story {ctx.story_id}")
        return []


def analyze_story(ctx: StoryContext, title: str) -> Story:
    """Run every component over one story and assemble the :class:`Story` record."""
    try:
        mark_on_topic(ctx)
    except Exception:
        soft_failure(f"relevance on story {ctx.story_id}")
        ctx.on_topic = {}  # every sentence counts as on-topic
    ctx.entities = _guarded(find_entities, ctx)
    ctx.facts = _guarded(align_facts, ctx)
    ctx.quotes = _guarded(find_quotes, ctx)
    ctx.timeline = _guarded(build_timeline, ctx)
    ctx.discrepancies = _guarded(find_discrepancies, ctx)
    summary = _guarded(summarize, ctx)
    return Story(
        id=ctx.story_id,
        title=title,
        articles=[a.id for a in ctx.articles],
        summary=summary,
        facts=ctx.facts,
        discrepancies=ctx.discrepancies,
        entities=ctx.entities,
        quotes=ctx.quotes,
        timeline=ctx.timeline,
        exclusives=_guarded(find_exclusives, ctx, summary),
    )
