"""Row <-> object conversion for the store: articles and per-article parses."""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict
from typing import Any

from storyfold.model import Article, ArticleNLP, Mention, RemovedSpan, Sentence
from storyfold.nlp import ParsedArticle, Token

PARSE_FORMAT = 1  # version of the fallback blob below; bump when its layout changes
FALLBACK_PREFIX = b"SFJ1"  # marks a fallback blob, so one written before the NLP codec landed still reads


def article_row(article: Article, added_at: str) -> tuple[Any, ...]:
    """The ``articles`` row for ``article`` (metadata that has no column of its own goes to JSON)."""
    metadata = {
        "format": article.format, "is_html": article.is_html, "url": article.url, "authors": article.authors,
        "language": article.language, "encoding": article.encoding,
        "encoding_confidence": article.encoding_confidence, "warnings": article.warnings,
        "fields": article.fields, "outlet_source": article.outlet_source,
    }
    return (article.id, article.source, article.raw, article.text,
            json.dumps([asdict(s) for s in article.removed], ensure_ascii=False),
            json.dumps(metadata, ensure_ascii=False, default=str), article.published, article.outlet,
            article.title, article.duplicate_of, article.duplicate_reason, added_at)


ARTICLE_COLUMNS = ("id, source, raw, text, removed, metadata, published, outlet, title, duplicate_of, "
                   "duplicate_reason, added_at")


def article_from_row(row: Any) -> Article:
    meta = json.loads(row["metadata"])
    return Article(
        id=row["id"], source=row["source"], raw=row["raw"], format=meta.get("format", "text"),
        is_html=bool(meta.get("is_html")), text=row["text"], outlet=row["outlet"],
        outlet_source=meta.get("outlet_source"), url=meta.get("url"),
        title=row["title"], authors=list(meta.get("authors") or []), published=row["published"],
        language=meta.get("language"), removed=[RemovedSpan(**s) for s in json.loads(row["removed"])],
        duplicate_of=row["duplicate_of"], duplicate_reason=row["duplicate_reason"],
        fields=dict(meta.get("fields") or {}), encoding=meta.get("encoding"),
        encoding_confidence=meta.get("encoding_confidence"), warnings=list(meta.get("warnings") or []),
    )


def parsed_to_bytes(parsed: ParsedArticle) -> bytes:
    """The NLP module's codec when it offers one, else a compressed JSON fallback."""
    from storyfold import nlp

    if hasattr(nlp, "parsed_to_bytes"):
        return nlp.parsed_to_bytes(parsed)
    data = {
        "v": PARSE_FORMAT, "id": parsed.nlp.article_id, "model": parsed.nlp.model,
        "sentences": [[s.start, s.end] for s in parsed.sentences],
        "mentions": [[m.start, m.end, m.text, m.label] for m in parsed.mentions],
        "tokens": [[t.start, t.end, t.lemma, t.pos, t.dep, t.head] for t in parsed.tokens],
    }
    return FALLBACK_PREFIX + zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"))


def parsed_from_bytes(blob: bytes) -> ParsedArticle:
    from storyfold import nlp

    if not blob.startswith(FALLBACK_PREFIX) and hasattr(nlp, "parsed_from_bytes"):
        return nlp.parsed_from_bytes(blob)
    data = json.loads(zlib.decompress(blob[len(FALLBACK_PREFIX):]))
    return ParsedArticle(
        ArticleNLP(data["id"], [Sentence(*s) for s in data["sentences"]],
                   [Mention(*m) for m in data["mentions"]], data["model"]),
        [Token(*t) for t in data["tokens"]],
    )
