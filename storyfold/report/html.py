"""The HTML story view: one Jinja2 template set for the web UI and the self-contained HTML report.

Everything shown comes from :class:`~storyfold.corpus.CorpusReader` records and is escaped by Jinja2's
autoescape (article text, titles, outlet names are untrusted).  Citations carry the cited article id and
code-point offsets; the page's small script highlights ``text[start:end]`` of that article's cleaned text, so the
reader sees the exact words.  The report inlines the same stylesheet and script, so the file opens offline.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from functools import lru_cache, partial
from importlib.resources import files
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from storyfold.corpus import JSON, MARK_END, MARK_START, CorpusReader
from storyfold.lenses import OutletLens, coverage_by_attribute
from storyfold.model import Analysis, Evidence, Quote, QuoteVariant
from storyfold.report.labels import INDEPENDENCE_NOTE, ArticleLabels
from storyfold.report.quote_citations import QuoteCitations, quote_citations, variant_kind

MAX_MATRIX_FACTS = 60  # beyond this the matrix stops being readable on one screen; the rest stay in the JSON
MAX_ENTITIES = 40


@lru_cache(maxsize=1)
def template_env():
    """Jinja2 environment over the report and web templates, autoescape on for every template."""
    from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=ChoiceLoader([PackageLoader("storyfold.report", "templates"),
                             PackageLoader("storyfold.web", "templates")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["snippet"] = marked_snippet
    env.filters["shown_date"] = shown_date
    return env


def static_text(name: str) -> str:
    """One packaged static asset (CSS or JS) as text, for inlining into the report."""
    return files("storyfold.web").joinpath("static", name).read_text("utf-8")


def marked_snippet(snippet: str | None) -> Markup:
    """A search snippet escaped first, then its control markers turned into ``<mark>``: never raw HTML."""
    safe = str(escape(snippet or ""))
    return Markup(safe.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def shown_date(date: str | None, precision: str = "day") -> str:
    """A date as precise as the sources made it: 2022, 2022-02, week of 2025-04-07, 2025-04-08."""
    if not date:
        return "undated"
    return {"year": date[:4], "month": date[:7], "week": f"week of {date}"}.get(precision, date)


def story_view(reader: CorpusReader, story_id: str) -> JSON | None:
    """Everything the story page shows, from stored records only (nothing is recomputed but counting)."""
    story = reader.get_story(story_id)
    if story is None:
        return None
    articles = reader.story_articles(story["id"])
    labels = ArticleLabels(articles)
    lens = OutletLens(reader.outlets())
    facts = story.get("facts", [])[:MAX_MATRIX_FACTS]
    columns = _matrix_columns(articles, labels)
    return {
        "story": story,
        "articles": articles,
        "by_id": {a["id"]: a for a in articles},
        "label": labels,
        "cites": partial(cite_buttons, labels=labels),
        "quote_cites": stored_quote_citations,
        "variant_kind": variant_kind,
        "independent": len({a["duplicate_of"] or a["id"] for a in articles}),
        "columns": columns,
        "facts": facts,
        "matrix": matrix_rows(facts, columns),
        "hidden_facts": max(0, len(story.get("facts", [])) - len(facts)),
        "partly_independent": any(f["independent_sources"] < len(f["sources"]) for f in facts),
        "independence_note": INDEPENDENCE_NOTE,
        "wire_groups": wire_groups(articles, labels),
        "coverage": coverage_by_attribute(story, articles, lens) if lens else {},
        "history": reader.story_history(story["id"]),
        "entities": story.get("entities", [])[:MAX_ENTITIES],
    }


def stored_quote_citations(quote: Mapping[str, Any]) -> QuoteCitations:
    """:func:`quote_citations` of a stored quote (contract JSON): the outlets that print its words, and
    the others' own words, so the page credits no outlet with words it never printed."""
    return quote_citations(Quote(
        quote.get("speaker"), quote.get("text", ""), list(quote.get("sources", [])),
        [QuoteVariant(v.get("text", ""), list(v.get("sources", []))) for v in quote.get("variants", [])],
        [Evidence(e["article"], e.get("text", ""), e.get("start", 0), e.get("end", 0))
         for e in quote.get("evidence") or []],
    ))


def _matrix_columns(articles: Sequence[Mapping[str, Any]], labels: ArticleLabels) -> list[JSON]:
    """One matrix column per article (labelled by outlet), copies next to the article they copy."""
    return [{"id": a["id"], "label": labels(a["id"]), "copy_of": a.get("duplicate_of")} for a in articles]


def matrix_rows(facts: Sequence[Mapping[str, Any]], columns: Sequence[Mapping[str, Any]]) -> list[JSON]:
    """Coverage-matrix rows: per fact, its cells (per column whether that article reports it, with its first
    passage) as escaped HTML."""
    ids_html = [str(escape(c["id"])) for c in columns]  # escaped once per column, not once per cell
    rows = []
    for fact in facts:
        first: dict[str, Any] = {}
        for ev in fact.get("evidence") or []:
            first.setdefault(ev["article"], ev)
        rows.append({"fact": fact, "cells_html": matrix_cells(columns, ids_html, set(fact["sources"]), first)})
    return rows


# Fragments a story page repeats hundreds of times (a citation per claim, a cell per fact and article) are built
# here with markupsafe's escape rather than in Jinja loops and macros: the same markup, escaped the same way, at a
# fraction of the cost per call.  Every untrusted value goes through ``escape``.

def cite_buttons(evidence: Sequence[Mapping[str, Any]], sources: Sequence[str], *, labels: ArticleLabels) -> Markup:
    """A claim's citations: a button per cited article (all its passages: a compressed sentence cites the
    several pieces of one article's sentence that it keeps), then plain labels for the sources that have no
    passage."""
    pieces: dict[Any, list[Mapping[str, Any]]] = {}
    for ev in evidence:
        pieces.setdefault(ev.get("article"), []).append(ev)
    parts = [f'<button type="button" class="cite" data-article="{escape(article)}"{_passage_attributes(*evs)}>'
             f"{escape(labels(article))}</button>" for article, evs in pieces.items()]
    parts += [f'<span class="cite-plain">{escape(labels(src))}</span>' for src in sources if src not in pieces]
    return Markup("".join(parts))


def matrix_cells(columns: Sequence[Mapping[str, Any]], ids_html: Sequence[str], sources: set[str],
                 first: Mapping[str, Mapping[str, Any]]) -> Markup:
    """One fact's matrix cells (``ids_html``: each column's article id, escaped): a dot (a citation button when
    there is a passage) where the article reports the fact, an empty cell where it does not."""
    parts: list[str] = []
    for column, article in zip(columns, ids_html, strict=True):
        ev = first.get(column["id"])
        if column["id"] not in sources:
            parts.append(f'<td class="no" data-article="{article}"></td>')
        elif ev:
            parts.append(f'<td class="yes" data-article="{article}"><button type="button" class="cite cell" '
                         f'data-article="{article}"{_passage_attributes(ev)}>●</button></td>')
        else:
            parts.append(f'<td class="yes" data-article="{article}">●</td>')
    return Markup("".join(parts))


def _passage_attributes(first: Mapping[str, Any], *more: Mapping[str, Any]) -> str:
    """The offsets and words of a cited passage as button attributes (the page's script highlights them).

    ``data-start``/``data-end`` are the first piece; ``data-spans`` lists every piece (``start-end,...``) when
    one article's passage comes in several pieces.
    """
    attributes = (f' data-start="{escape(first.get("start", ""))}" data-end="{escape(first.get("end", ""))}"'
                  f' title="{escape(" … ".join(str(ev.get("text", "")) for ev in (first, *more)))}"')
    if more:
        spans = ",".join(f"{ev.get('start', '')}-{ev.get('end', '')}" for ev in (first, *more))
        attributes += f' data-spans="{escape(spans)}"'
    return attributes


def wire_groups(articles: Sequence[Mapping[str, Any]], labels: ArticleLabels) -> list[JSON]:
    """Independent sources with the articles that copy them: one group counts once for corroboration."""
    groups: dict[str, list[str]] = {}
    for article in articles:
        groups.setdefault(article.get("duplicate_of") or article["id"], []).append(article["id"])
    return [{"original": root, "label": labels(root), "copies": [labels(i) for i in ids if i != root]}
            for root, ids in groups.items()]


class StoryBody(NamedTuple):
    """One story's rendered view (a fragment for a page) and its title (plain text, for the page's title)."""

    html: Markup
    title: str


def render_story_body(reader: CorpusReader, story_id: str) -> StoryBody | None:
    """The full view of one story rendered once (escaped by autoescape); a web page wraps it with a fresh nonce."""
    view = story_view(reader, story_id)
    if view is None:
        return None
    html = template_env().get_template("story_body.html").render(v=view, standalone=False)
    return StoryBody(Markup(html), view["story"]["title"])


def render_story_report(reader: CorpusReader, story_ids: Sequence[str], *, title: str = "storyfold report") -> str:
    """One self-contained HTML file (inline CSS and JS, no network) with the full view of each story."""
    views = [v for v in (story_view(reader, sid) for sid in story_ids) if v is not None]
    nonce = secrets.token_urlsafe(16)
    return template_env().get_template("report.html").render(
        title=title, views=views, css=Markup(static_text("app.css")), js=Markup(static_text("app.js")),
        nonce=nonce, standalone=True)


def render_analysis_html(analysis: Analysis) -> str:
    """``storyfold analyze --format html``: every story of a batch run in one self-contained file."""
    from storyfold.report.memory import AnalysisCorpus

    corpus = AnalysisCorpus(analysis)
    return render_story_report(corpus, [s.id for s in analysis.stories])
