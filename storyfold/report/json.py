"""The analysis JSON: the public contract (docs/contract.md) other tools rely on.

Keys named by the contract keep their meaning; new keys may be added.  Offsets are
character offsets into each article's cleaned ``text``, end exclusive.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from storyfold.model import Analysis, Article, Story


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        # where the outlet was read ("page metadata", "agency dateline", ...; null when unknown)
        "outlet_source": article.outlet_source,
        "url": article.url,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "removed": [asdict(span) for span in article.removed],
        "duplicate_of": article.duplicate_of,
        "duplicate_reason": article.duplicate_reason,
        "format": article.format,
        # how ingest decoded the bytes, and how sure it is (null for records that were never bytes we decoded)
        "encoding": article.encoding,
        "encoding_confidence": article.encoding_confidence,
        "warnings": list(article.warnings),
    }


def story_to_dict(story: Story) -> dict[str, Any]:
    return asdict(story)


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    return {
        "articles": [article_to_dict(a) for a in analysis.articles],
        "stories": [story_to_dict(s) for s in analysis.stories],
        "skipped": [asdict(s) for s in analysis.skipped],
        "stats": [asdict(s) for s in analysis.stats],
    }


def render_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    return json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=indent)
