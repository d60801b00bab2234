"""The clean stage: ``Article.raw`` -> ``Article.text`` + ``Article.removed`` (every removal with its reason).

HTML goes through :mod:`storyfold.clean.html` (trafilatura); plain-text captures
through the block classifier in :mod:`storyfold.clean.text`.  Before either, the
stage looks at the whole batch: a block that one outlet (or one source folder)
printed on several different pages of this run is that outlet's chrome
(:mod:`storyfold.clean.repeated`), which catches wording no rule has seen.
"""

from __future__ import annotations

from storyfold.clean.blocks import Block
from storyfold.clean.prose import has_prose
from storyfold.clean.repeated import repeated_keys_by_article
from storyfold.clean.text import clean_text, text_blocks
from storyfold.model import Article, Skipped
from storyfold.pipeline import Stage, soft_failure
from storyfold.settings import Settings

__all__ = ["CLEAN_FAILURE_FIELD", "CleanStage", "skip_reason"]

# Where a cleaner that caught its own failure leaves the reason, so the skipped entry names it.
CLEAN_FAILURE_FIELD = "clean_failure"


class CleanStage(Stage):
    """Clean every article; drop those with no prose left (chrome-only pages), or under the optional length floor."""

    name = "clean"

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__(settings)
        # Filled by the batch pre-pass in ``apply``; ``process`` alone works without them.
        self._blocks: dict[str, list[Block]] = {}
        self._repeated: dict[str, frozenset[str]] = {}

    def apply(self, articles: list[Article], skipped: list[Skipped]) -> list[Article]:
        """Find each outlet's repeated blocks over the batch, then clean article by article."""
        text_articles = [a for a in articles if not a.is_html]
        try:
            self._blocks = {a.id: text_blocks(a) for a in text_articles}
            self._repeated = repeated_keys_by_article(text_articles, self._blocks)
        except Exception:
            soft_failure("the repeated-block pre-pass")  # each article is still cleaned on its own
            self._blocks, self._repeated = {}, {}
        try:
            return super().apply(articles, skipped)
        finally:
            self._blocks, self._repeated = {}, {}

    def process(self, article: Article) -> str | None:
        if article.is_html:
            from storyfold.clean.html import clean_html  # lazy: trafilatura is only needed for HTML

            clean_html(article, self.settings)
        else:
            repeated = self._repeated.get(article.id, frozenset())
            clean_text(article, repeated=repeated, blocks=self._blocks.get(article.id))
        return skip_reason(article, self.settings.min_article_chars)


# Removal reasons named in a skip message: enough to tell a menu page from a paywall stub.
MAX_REASONS_NAMED = 4


def skip_reason(article: Article, min_chars: int = 0) -> str | None:
    """Why a cleaned article is no article: no sentence of prose with a subject, or less text than ``min_chars``.

    Length alone is no test (a real brief is one sentence; a cookie banner is three), so
    the gate asks what the text is (:mod:`storyfold.clean.prose`); ``min_chars`` stays
    as an optional floor for users who want only long articles.
    """
    failure = article.fields.get(CLEAN_FAILURE_FIELD)
    if failure and not article.text:
        return str(failure)
    if not has_prose(article.text):
        removed = sorted({span.reason for span in article.removed if span.reason})[:MAX_REASONS_NAMED]
        what = f"; removed as {', '.join(removed)}" if removed else ""
        return (f"no article text after cleaning ({len(article.text)} characters left, "
                f"no sentence of prose with a subject{what})")
    if len(article.text) < min_chars:
        return (f"no article text after cleaning ({len(article.text)} characters; "
                f"min_article_chars is {min_chars})")
    return None
