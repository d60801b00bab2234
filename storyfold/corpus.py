"""The read side of a corpus: what the web UI, the HTML/Markdown reports and the store commands consume.

Two things implement :class:`CorpusReader`: the SQLite store (:class:`storyfold.store.Store`, a corpus that grows
article by article) and :class:`storyfold.report.memory.AnalysisCorpus` (a wrapper over one batch
:class:`~storyfold.model.Analysis`, for ``storyfold analyze --format html``).  Front ends are written against this
protocol only, so a page looks the same whichever side it reads, and no front end ever recomputes an analysis
per request: a reader hands out what was stored.

Every record is a plain JSON-ready ``dict`` in the shape of ``docs/contract.md`` (extended, never narrowed):

* a story **summary row** (the list): ``{id, title, articles: [ids], outlets: [names], independent_sources,
  first_published, last_published}`` (dates ``YYYY-MM-DD`` or ``None``);
* a **story**: the contract's story object (``id, title, articles, summary, facts, discrepancies, entities,
  quotes, timeline, exclusives``), whose ids are stable (a story id is kept as the story grows; a merged-away id
  resolves to the survivor; fact ids derive from content);
* an **article**: the contract's article object (``id, source, outlet, url, title, authors, published,
  language, text, removed, duplicate_of``, and the keys ``storyfold.report.json.article_to_dict`` adds) plus
  ``story`` (the id of its story or ``None``), ``copied_by`` (ids of articles that copy it, sorted) and ``raw``
  (the raw input text that the ``start``/``end`` offsets of ``removed`` spans point into, for plain-text
  inputs; ``None`` for HTML, whose removed spans have no raw offsets), so a front end can show what cleaning
  removed in place; ``story_articles`` gives the same records;
* a **search hit**: ``{kind: "article"|"story", id, title, snippet, rank}``, where ``snippet`` marks the matched
  words with ``\\x02`` before and ``\\x03`` after them (control characters, never HTML: each front end escapes
  the text and then turns the markers into its own highlighting);
* a **history event**: ``{at: ISO timestamp, kind, story, detail: {...}}`` with ``kind`` one of
  ``created, article_joined, article_removed, fact_sources_grew, discrepancy_new, figure_revised, merged``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

JSON = dict[str, Any]

# Snippet highlight markers (see the module docstring): control characters no article text keeps after cleaning.
MARK_START = "\x02"
MARK_END = "\x03"


@runtime_checkable
class CorpusReader(Protocol):
    """Read access to stories and articles, the same for a store and for one batch analysis."""

    def list_stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        min_sources: int | None = None,
        query: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[JSON]:
        """Story summary rows, newest first (by last publication date, undated last), filtered."""
        ...

    def count_stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        min_sources: int | None = None,
        query: str | None = None,
    ) -> int:
        """How many stories the same filters give (for pagination)."""
        ...

    def resolve_story_id(self, story_id: str) -> str | None:
        """The id a story is known by now: itself, the survivor of a merge, or ``None`` when unknown."""
        ...

    def get_story(self, story_id: str) -> JSON | None:
        """One story in the contract's shape, or ``None``; a merged-away id gives the surviving story."""
        ...

    def get_article(self, article_id: str) -> JSON | None:
        """One article in the contract's shape plus ``story`` and ``copied_by``, or ``None``."""
        ...

    def story_articles(self, story_id: str) -> list[JSON]:
        """The story's articles (contract shape, with ``text``), in the story's order."""
        ...

    def search(self, query: str, *, limit: int = 20) -> list[JSON]:
        """Ranked full-text hits over articles and stories (titles, text, entity names)."""
        ...

    def story_history(self, story_id: str) -> list[JSON]:
        """What changed in the story and when, oldest first (empty for a batch analysis)."""
        ...

    def outlets(self) -> list[JSON]:
        """Known outlets: ``{name, domain, articles, attributes: {...}}`` (attributes are the user's data)."""
        ...
