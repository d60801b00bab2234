"""`storyfold clean`: the raw input with every removed span marked and its reason.

People tuning the cleaner need to see exactly what went and why, in place.  For
plain-text inputs the removed spans carry offsets into the raw text, so they are
marked inline; HTML removals have no raw offsets and are listed after the text.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from storyfold.model import Article, RemovedSpan

KEPT_STYLE = "default"
REMOVED_STYLE = "dim strike"
REASON_STYLE = "bold yellow"


def _located(article: Article) -> list[RemovedSpan]:
    spans = [s for s in article.removed if s.start is not None and s.end is not None]
    return sorted(spans, key=lambda s: (s.start, s.end))


def marked_raw_text(article: Article) -> Text:
    """The raw input with removed spans struck through and tagged ``[reason]``."""
    out = Text()
    pos = 0
    for span in _located(article):
        if span.start < pos:  # overlapping spans: show each character once
            continue
        out.append(article.raw[pos : span.start], KEPT_STYLE)
        out.append(f"[{span.reason}]", REASON_STYLE)
        out.append(article.raw[span.start : span.end], REMOVED_STYLE)
        pos = span.end
    out.append(article.raw[pos:], KEPT_STYLE)
    return out


def render_cleaning(article: Article, console: Console) -> None:
    """Print the article's metadata, its marked raw text (or cleaned text) and unlocated removals."""
    meta = [f"source:    {article.source}", f"id:        {article.id}"]
    for name in ("outlet", "title", "published", "language", "url"):
        meta.append(f"{name + ':':<10} {getattr(article, name) or '-'}")
    meta.append(f"authors:   {', '.join(article.authors) or '-'}")
    console.print("\n".join(meta), markup=False, soft_wrap=True)
    console.rule()
    if article.is_html:
        console.print(article.text, markup=False, soft_wrap=True)
    else:
        console.print(marked_raw_text(article), soft_wrap=True)
    unlocated = [s for s in article.removed if s.start is None]
    if unlocated:
        console.rule("removed (no raw offsets: HTML)")
        for span in unlocated:
            console.print(Text(f"[{span.reason}] ", REASON_STYLE) + Text(span.text, REMOVED_STYLE), soft_wrap=True)
    console.rule()
    console.print(f"{len(article.removed)} spans removed; {len(article.text)} characters kept", markup=False)
