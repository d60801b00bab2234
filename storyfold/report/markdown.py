"""The Markdown report: what a journalist reads.

Every claim is followed by the outlets that report it, so the reader can see at
a glance what is corroborated and by whom; the article table at the end of each
story maps those labels to sources, titles and dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from storyfold.model import Analysis, Article, Story

MAX_ENTITIES = 25  # beyond this the table stops helping a reader
MAX_FACTS = 30
QUOTE_PREVIEW_CHARS = 400


def _same_words(a: str, b: str) -> bool:
    """Wordings that differ only in case, punctuation or quote marks read as one to a person."""
    return re.sub(r"\W+", " ", a).strip().casefold() == re.sub(r"\W+", " ", b).strip().casefold()


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


class _Labels:
    """Short, unique, human labels for articles: the outlet name, else the file name."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._labels: dict[str, str] = {}
        used: dict[str, int] = {}
        for article in articles:
            base = article.outlet or PurePath(article.source.split("#")[0]).name or article.id
            used[base] = used.get(base, 0) + 1
            self._labels[article.id] = base if used[base] == 1 else f"{base} #{used[base]}"

    def __call__(self, article_id: str) -> str:
        return self._labels.get(article_id, article_id)

    def cite(self, ids: Iterable[str]) -> str:
        return "; ".join(self(i) for i in ids)


def render_markdown(analysis: Analysis) -> str:
    """Render the whole analysis as one Markdown document."""
    labels = _Labels(analysis.articles)
    by_id = {a.id: a for a in analysis.articles}
    outlets = {a.outlet for a in analysis.articles if a.outlet}
    lines = [
        "# storyfold report",
        "",
        f"{len(analysis.articles)} articles from {len(outlets)} named outlets, grouped into "
        f"{len(analysis.stories)} stories; {len(analysis.skipped)} inputs skipped.",
        "",
    ]
    for number, story in enumerate(analysis.stories, start=1):
        lines += _story(number, story, by_id, labels)
    lines += _skipped(analysis)
    return "\n".join(lines).rstrip() + "\n"


def _story(number: int, story: Story, by_id: dict[str, Article], labels: _Labels) -> list[str]:
    articles = [by_id[i] for i in story.articles if i in by_id]
    independent = len({a.independent_id for a in articles})
    lines = [
        f"## Story {number}: {story.title}",
        "",
        f"*{len(articles)} articles, {independent} independent; outlets: "
        f"{', '.join(sorted({labels(a.id) for a in articles}))}*",
        "",
    ]
    for section in (_summary, _facts, _discrepancies, _quotes, _timeline, _entities, _exclusives):
        lines += section(story, labels)
    lines += _articles(articles, labels)
    return lines


def _summary(story: Story, labels: _Labels) -> list[str]:
    if not story.summary:
        return []
    lines = ["### Summary", ""]
    lines += [f"- {s.text} [{labels.cite(s.sources)}]" for s in story.summary]
    return [*lines, ""]


def _facts(story: Story, labels: _Labels) -> list[str]:
    shared = [f for f in story.facts if f.independent_sources > 1][:MAX_FACTS]
    if not shared:
        return []
    lines = ["### Corroborated facts", "", "| fact | independent sources | reported by |", "|---|---|---|"]
    lines += [f"| {_cell(f.text)} | {f.independent_sources} | {_cell(labels.cite(f.sources))} |" for f in shared]
    return [*lines, ""]


def _discrepancies(story: Story, labels: _Labels) -> list[str]:
    if not story.discrepancies:
        return []
    lines = ["### Where outlets disagree", ""]
    for d in story.discrepancies:
        values = "; ".join(f"“{v.value}” ({labels.cite(v.sources)})" for v in d.values)
        lines.append(f"- **{d.kind}**, {d.about}: {values}")
    return [*lines, ""]


def _quotes(story: Story, labels: _Labels) -> list[str]:
    if not story.quotes:
        return []
    lines = ["### Who said what", ""]
    for q in story.quotes:
        text = q.text if len(q.text) <= QUOTE_PREVIEW_CHARS else q.text[:QUOTE_PREVIEW_CHARS] + "…"
        lines.append(f"- **{q.speaker or 'unattributed'}**: “{text}” [{labels.cite(q.sources)}]")
        for v in q.variants:
            if _same_words(v.text, q.text):
                continue
            lines.append(f"  - variant: “{v.text}” [{labels.cite(v.sources)}]")
    return [*lines, ""]


def _shown_date(date: str, precision: str) -> str:
    """A date as precise as the sources made it: 2022, 2022-02, week of 2025-04-07, 2025-04-08."""
    if precision == "year":
        return date[:4]
    if precision == "month":
        return date[:7]
    if precision == "week":
        return f"week of {date}"
    return date


def _timeline(story: Story, labels: _Labels) -> list[str]:
    if not story.timeline:
        return []
    lines = ["### Timeline", "", "| date | what happened | sources |", "|---|---|---|"]
    for e in story.timeline:
        when = _shown_date(e.date, e.precision)
        if e.end:
            when += f" to {_shown_date(e.end, e.precision)}"
        lines.append(f"| {when} | {_cell(e.text)} | {_cell(labels.cite(e.sources))} |")
    return [*lines, ""]


def _entities(story: Story, labels: _Labels) -> list[str]:
    if not story.entities:
        return []
    lines = ["### People, organisations and places", "", "| name | type | variants | outlets |", "|---|---|---|---|"]
    for e in story.entities[:MAX_ENTITIES]:
        variants = ", ".join(v for v in e.variants if v != e.name)
        lines.append(f"| {_cell(e.name)} | {e.type} | {_cell(variants)} | {len(e.sources)} |")
    return [*lines, ""]


def _exclusives(story: Story, labels: _Labels) -> list[str]:
    if not story.exclusives:
        return []
    lines = ["### Reported by one outlet only", ""]
    lines += [f"- [{labels(x.article)}] {x.text}" for x in story.exclusives]
    return [*lines, ""]


def _articles(articles: list[Article], labels: _Labels) -> list[str]:
    header = "| label | title | published | authors | source | copy of |"
    lines = ["### Articles", "", header, "|---|---|---|---|---|---|"]
    for a in articles:
        copy = labels(a.duplicate_of) if a.duplicate_of else ""
        lines.append(
            f"| {_cell(labels(a.id))} | {_cell(a.title)} | {a.published or ''} | {_cell(', '.join(a.authors))} "
            f"| {_cell(a.source)} | {_cell(copy)} |"
        )
    return [*lines, ""]


def _skipped(analysis: Analysis) -> list[str]:
    if not analysis.skipped:
        return []
    lines = ["## Skipped inputs", "", "| source | reason |", "|---|---|"]
    lines += [f"| {_cell(s.source)} | {_cell(s.reason)} |" for s in analysis.skipped]
    return [*lines, ""]
