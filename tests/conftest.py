"""Shared fixtures: build articles and story contexts in code, find the shared seeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyfold.analyze.context import StoryContext
from storyfold.model import Article, stable_id
from storyfold.nlp import parse_articles
from storyfold.settings import Settings

os.environ.setdefault("STORYFOLD_STRICT", "1")  # components re-raise instead of logging and going on

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def test_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings with a per-session NLP cache, so tests never touch the user's cache."""
    return Settings(cache_dir=str(tmp_path_factory.mktemp("nlp-cache")), progress=False)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("../shared/seeds is not present")
    return SEEDS


def make_article(
    text: str,
    *,
    source: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    title: str | None = None,
    duplicate_of: str | None = None,
) -> Article:
    """An already-cleaned article, as the analysis stages receive it."""
    source = source or f"inline-{stable_id(text, length=6)}.txt"
    return Article(
        id=stable_id(source, text),
        source=source,
        raw=text,
        text=text,
        outlet=outlet,
        published=published,
        title=title,
        duplicate_of=duplicate_of,
        language="en",
    )


def make_context(articles: list[Article], settings: Settings | None = None) -> StoryContext:
    """Parse ``articles`` (spaCy, cached) and wrap them as one story."""
    settings = settings or Settings(use_cache=False, progress=False)
    parsed = parse_articles(articles, settings)
    return StoryContext("s1", articles, parsed, settings)
