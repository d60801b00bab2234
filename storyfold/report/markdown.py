"""The Markdown report: what a journalist reads.

Every claim is followed by the outlets that report it, so the reader can see at
a glance what is corroborated and by whom; the article table at the end of each
story maps those labels to sources, titles and dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from textwrap import shorten

from storyfold.model import Analysis, Article, Fact, Story
from storyfold.report.labels import INDEPENDENCE_NOTE, ArticleLabels
from storyfold.report.quote_citations import quote_citations, variant_kind

MAX_ENTITIES = 25  # beyond this the table stops helping a reader
MAX_FACTS = 30
QUOTE_PREVIEW_CHARS = 400


# Bare URLs, www. hosts and e-mail addresses: GitHub-flavoured Markdown turns them into live links by itself.
_AUTOLINKABLE = re.compile(
    r"(?:(?:https?|ftp|file|mailto|xmpp|javascript|vbscript|data):|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
# Characters that start Markdown syntax (links, images, emphasis, code, raw HTML, entities, tables, strikes).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>!|~&#+=:^$-])")


def md_text(text: str | None) -> str:
    """Untrusted text as inert Markdown: every syntax character escaped, link-shaped text in a code span.

    Nothing from an article can then form a link, an image, raw HTML or an entity, whatever renderer is used.
    Newlines become spaces so a value cannot start a heading, list or table row of its own.
    """
    flat = re.sub(r"\s+", " ", text or "").strip()
    out, cursor = [], 0
    for match in _AUTOLINKABLE.finditer(flat):
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", flat[cursor:match.start()]))
        out.append(_code_span(match.group(0)))
        cursor = match.end()
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", flat[cursor:]))
    return "".join(out)


def _code_span(text: str) -> str:
    """A code span (never a link) around text that would autolink; its own backticks and pipes are dropped."""
    return "`" + text.replace("`", "'").replace("|", "/") + "`"


def _cell(text: str | None) -> str:
    return md_text(text)


class _Labels(ArticleLabels):
    """Labels of dataclass articles: the outlet, else its domain, else a neutral numbered label."""

    def __init__(self, articles: Iterable[Article]) -> None:
        super().__init__({"id": a.id, "outlet": a.outlet, "url": a.url} for a in articles)

    def __call__(self, article_id: str) -> str:
        return md_text(super().__call__(article_id))


def render_markdown(analysis: Analysis) -> str:
    """Render the whole analysis as one Markdown document."""
    labels = _Labels(analysis.articles)
    by_id = {a.id: a for a in analysis.articles}
    outlets = {a.outlet for a in analysis.articles if a.outlet}
    lines = [
        "# storyfold report",
        "",
        f"{_counted(len(analysis.articles), 'article')} from {_counted(len(outlets), 'named outlet')}, grouped "
        f"into {_counted(len(analysis.stories), 'story', 'stories')}; "
        f"{_counted(len(analysis.skipped), 'input')} skipped.",
        "",
    ]
    for number, story in enumerate(analysis.stories, start=1):
        lines += _story(number, story, by_id, labels)
    lines += _skipped(analysis)
    return "\n".join(lines).rstrip() + "\n"


def _counted(count: int, singular: str, plural: str | None = None) -> str:
    """"1 named outlet", "2 named outlets": a header a reader would sign."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _story(number: int, story: Story, by_id: dict[str, Article], labels: _Labels) -> list[str]:
    articles = [by_id[i] for i in story.articles if i in by_id]
    independent = len({a.independent_id for a in articles})
    lines = [
        f"## Story {number}: {md_text(story.title)}",
        "",
        f"*{_counted(len(articles), 'article')}, {independent} independent; outlets: "
        f"{', '.join(sorted({md_text(labels.outlet(a.id)) for a in articles}))}*",
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
    lines += [f"- {md_text(s.text)} \\[{labels.cite(s.sources)}\\]" for s in story.summary]
    return [*lines, ""]


def _facts(story: Story, labels: _Labels) -> list[str]:
    shared = [f for f in story.facts if f.independent_sources > 1][:MAX_FACTS]
    if not shared:
        return []
    lines = ["### Corroborated facts", "", "| fact | independent sources | reported by |", "|---|---|---|"]
    lines += [f"| {_cell(f.text)} | {_independence(f)} | {labels.cite(f.sources)} |" for f in shared]
    if any(f.independent_sources < len(f.sources) for f in shared):
        lines += ["", f"*{INDEPENDENCE_NOTE}*"]
    return [*lines, ""]


def _independence(fact: Fact) -> str:
    """"3", or "3 of 4" when some of the articles are not independent of the others (the note says why)."""
    if fact.independent_sources < len(fact.sources):
        return f"{fact.independent_sources} of {len(fact.sources)}"
    return str(fact.independent_sources)


def _discrepancies(story: Story, labels: _Labels) -> list[str]:
    """Disagreements on facts, then names spelled two ways under their own heading: "Zelensky" beside
    "Zelenskyy" is a house style of transliteration, not outlets disagreeing about what happened."""
    lines: list[str] = []
    spellings = [d for d in story.discrepancies if d.kind == "spelling"]
    disputes = [d for d in story.discrepancies if d.kind != "spelling"]
    for heading, items in (("Where outlets disagree", disputes), ("Names spelled differently", spellings)):
        if not items:
            continue
        lines += [f"### {heading}", ""]
        for d in items:
            values = "; ".join(f"“{md_text(v.value)}” ({labels.cite(v.sources)})" for v in d.values)
            lines.append(f"- **{d.kind}**, {md_text(d.about)}: {values}" if d.kind != "spelling"
                         else f"- {md_text(d.about)}: {values}")
        lines.append("")
    return lines


def _quotes(story: Story, labels: _Labels) -> list[str]:
    if not story.quotes:
        return []
    lines = ["### Who said what", ""]
    for q in story.quotes:
        text = q.text if len(q.text) <= QUOTE_PREVIEW_CHARS else shorten(q.text, QUOTE_PREVIEW_CHARS, placeholder="…")
        cited = quote_citations(q)
        speaker = md_text(q.speaker or "unattributed")
        lines.append(f"- **{speaker}**: “{md_text(text)}” \\[{labels.cite(cited.printed_by)}\\]")
        for v in q.variants:
            kind = variant_kind(q.text, v.text)
            if kind != "same":
                lines.append(f"  - {kind}: “{md_text(v.text)}” \\[{labels.cite(v.sources)}\\]")
        lines += [f"  - in part: “{md_text(words)}” \\[{labels.cite(sources)}\\]" for words, sources in cited.in_part]
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
        if e.date_of == "statement":  # the day it was said, not the day the act told happened
            when = f"reported {'on' if e.precision == 'day' else 'in'} {when}"
        cited = labels.cite(e.sources) + (f"; less precisely: {labels.cite(e.coarser)}" if e.coarser else "")
        lines.append(f"| {_cell(when)} | {_cell(e.text)} | {cited} |")
    return [*lines, ""]


def _entities(story: Story, labels: _Labels) -> list[str]:
    if not story.entities:
        return []
    lines = ["### People, organisations and places", "", "| name | type | variants | outlets |", "|---|---|---|---|"]
    for e in story.entities[:MAX_ENTITIES]:
        variants = ", ".join(v for v in e.variants if v != e.name)
        lines.append(f"| {_cell(e.name)} | {_cell(e.type)} | {_cell(variants)} | {len(e.sources)} |")
    return [*lines, ""]


def _exclusives(story: Story, labels: _Labels) -> list[str]:
    if not story.exclusives:
        return []
    lines = ["### Reported by one outlet only", ""]
    lines += [f"- \\[{labels(x.article)}\\] {md_text(x.text)}" for x in story.exclusives]
    return [*lines, ""]


def _articles(articles: list[Article], labels: _Labels) -> list[str]:
    header = "| label | title | published | authors | source | copy of |"
    lines = ["### Articles", "", header, "|---|---|---|---|---|---|"]
    for a in articles:
        copy = labels(a.duplicate_of) if a.duplicate_of else ""
        lines.append(
            f"| {labels(a.id)} | {_cell(a.title)} | {_cell(a.published)} | {_cell(', '.join(a.authors))} "
            f"| {_cell(a.source)} | {copy} |"
        )
    return [*lines, ""]


def _skipped(analysis: Analysis) -> list[str]:
    if not analysis.skipped:
        return []
    lines = ["## Skipped inputs", "", "| source | reason |", "|---|---|"]
    lines += [f"| {_cell(s.source)} | {_cell(s.reason)} |" for s in analysis.skipped]
    return [*lines, ""]
