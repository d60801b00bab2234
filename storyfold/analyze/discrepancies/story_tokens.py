"""Token indexes of a story's articles, built once per story and shared by every check.

Building an :class:`ArticleTokens` index costs a pass over the article's parse; the
story-wide checks (counts, states) and the per-fact checks read the same articles, so
they share one cache instead of each building its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyfold.analyze.claims import ArticleTokens
from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.model import Article

# article id -> its token index, filled as the checks need them
TokenIndexes = dict[str, ArticleTokens]


def cached_index(ctx: StoryContext, indexes: TokenIndexes, article_id: str) -> ArticleTokens:
    """The token index of an article, built on first use."""
    if article_id not in indexes:
        indexes[article_id] = ArticleTokens(ctx.parsed[article_id])
    return indexes[article_id]


def parsed_sentences(
    ctx: StoryContext, indexes: TokenIndexes
) -> Iterator[tuple[Article, ArticleTokens, StorySentence]]:
    """Every sentence of the story with its article and token index, in reading order;
    an article with no parse to read is passed over."""
    for article in ctx.articles:
        parsed = ctx.parsed.get(article.id)
        if parsed is None or not parsed.tokens:
            continue
        index = cached_index(ctx, indexes, article.id)
        for sentence in ctx.sentences(article):
            yield article, index, sentence
