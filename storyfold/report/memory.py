"""A :class:`~storyfold.corpus.CorpusReader` over one batch :class:`~storyfold.model.Analysis`.

``storyfold analyze --format html`` and the web UI without a store read a batch run through the same protocol
the SQLite store implements, so the pages look the same either way.  Everything is precomputed once at
construction (JSON records, summary rows, a lower-cased search text); requests only filter and slice.
History is empty: a batch run has no past.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storyfold.corpus import JSON, MARK_END, MARK_START
from storyfold.model import Analysis
from storyfold.report.json import article_to_dict, story_to_dict
from storyfold.report.labels import outlet_name

SNIPPET_CHARS = 80  # characters of context either side of a search hit: one readable line


class AnalysisCorpus:
    """Read access to one batch analysis; ``set_outlets`` keeps user attributes in memory."""

    def __init__(self, analysis: Analysis) -> None:
        self._load(analysis)
        self._outlet_rows: list[JSON] = []

    def _load(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._articles = {a.id: article_to_dict(a) for a in analysis.articles}
        story_of = {aid: s.id for s in analysis.stories for aid in s.articles}
        copied_by: dict[str, list[str]] = {}
        for a in analysis.articles:
            if a.duplicate_of:
                copied_by.setdefault(a.duplicate_of, []).append(a.id)
        raw_of = {a.id: None if a.is_html else a.raw for a in analysis.articles}
        for aid, record in self._articles.items():
            record["story"] = story_of.get(aid)
            record["copied_by"] = sorted(copied_by.get(aid, []))
            record["raw"] = raw_of[aid]  # the CorpusReader shape: what removed-span offsets point into, or None
        self._stories = {s.id: story_to_dict(s) for s in analysis.stories}
        self._outlet_counts: dict[str, int] = {}
        for record in self._articles.values():
            name = outlet_name(record)
            self._outlet_counts[name] = self._outlet_counts.get(name, 0) + 1
        self._rows = sorted((self._row(s) for s in self._stories.values()), key=_newest_first)

    def _row(self, story: JSON) -> JSON:
        articles = [self._articles[i] for i in story["articles"] if i in self._articles]
        dates = sorted(a["published"] for a in articles if a["published"])
        return {
            "id": story["id"],
            "title": story["title"],
            "articles": [a["id"] for a in articles],
            "outlets": sorted({outlet_name(a) for a in articles}),
            "independent_sources": len({a["duplicate_of"] or a["id"] for a in articles}),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
        }

    # ------------------------------------------------------------------ CorpusReader
    def list_stories(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                     min_sources: int | None = None, query: str | None = None, limit: int = 50,
                     offset: int = 0) -> list[JSON]:
        rows = self._filtered(since, until, outlet, min_sources, query)
        return rows[offset:offset + limit]

    def count_stories(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                      min_sources: int | None = None, query: str | None = None) -> int:
        return len(self._filtered(since, until, outlet, min_sources, query))

    def _filtered(self, since, until, outlet, min_sources, query) -> list[JSON]:
        matching = {h["id"] for h in self.search(query, limit=10_000) if h["kind"] == "story"} if query else None
        rows = []
        for row in self._rows:
            if since and (row["last_published"] or "") < since:
                continue
            if until and (row["first_published"] or "9999") > until:
                continue
            if outlet and outlet.casefold() not in {o.casefold() for o in row["outlets"]}:
                continue
            if min_sources and row["independent_sources"] < min_sources:
                continue
            if matching is not None and row["id"] not in matching:
                continue
            rows.append(row)
        return rows

    def resolve_story_id(self, story_id: str) -> str | None:
        return story_id if story_id in self._stories else None

    def get_story(self, story_id: str) -> JSON | None:
        return self._stories.get(story_id)

    def get_article(self, article_id: str) -> JSON | None:
        return self._articles.get(article_id)

    def story_articles(self, story_id: str) -> list[JSON]:
        story = self._stories.get(story_id)
        return [self._articles[i] for i in story["articles"] if i in self._articles] if story else []

    def search(self, query: str, *, limit: int = 20) -> list[JSON]:
        """Every query word must occur (case-insensitive); stories match through their articles and title."""
        words = [w for w in re.findall(r"\w+", (query or "").casefold()) if w]
        if not words:
            return []
        hits: list[JSON] = []
        story_hits: dict[str, float] = {}
        story_snippets: dict[str, str] = {}
        for article in self._articles.values():
            haystack = f"{article['title'] or ''}\n{article['text']}"
            folded = haystack.casefold()
            if not all(w in folded for w in words):
                continue
            rank = sum(folded.count(w) for w in words)
            hits.append({"kind": "article", "id": article["id"], "title": article["title"],
                         "snippet": _snippet(haystack, words), "rank": float(rank)})
            if article["story"]:
                story_hits[article["story"]] = story_hits.get(article["story"], 0.0) + rank
                story_snippets.setdefault(article["story"], hits[-1]["snippet"])
        for story_id, rank in story_hits.items():
            hits.append({"kind": "story", "id": story_id, "title": self._stories[story_id]["title"],
                         "snippet": story_snippets[story_id], "rank": rank})
        hits.sort(key=lambda h: -h["rank"])
        return hits[:limit]

    def story_history(self, story_id: str) -> list[JSON]:
        return []

    def outlets(self) -> list[JSON]:
        counts = self._outlet_counts
        user = {r["name"].casefold(): r for r in self._outlet_rows}
        rows = [{"name": n, "domain": (user.get(n.casefold()) or {}).get("domain"), "articles": c,
                 "attributes": dict((user.get(n.casefold()) or {}).get("attributes") or {})}
                for n, c in sorted(counts.items())]
        known = {n.casefold() for n in counts}
        rows += [{"name": r["name"], "domain": r.get("domain"), "articles": 0,
                  "attributes": dict(r.get("attributes") or {})}
                 for r in self._outlet_rows if r["name"].casefold() not in known]
        return rows

    # ------------------------------------------------------------------ writes kept in memory
    def set_outlets(self, rows: list[JSON]) -> int:
        """Replace user outlet rows by name (the store's ``set_outlets`` semantics, in memory)."""
        by_name = {r["name"].casefold(): r for r in self._outlet_rows}
        for row in rows:
            by_name[row["name"].casefold()] = row
        self._outlet_rows = list(by_name.values())
        return len(rows)


class RebuildingCorpus(AnalysisCorpus):
    """An AnalysisCorpus over input paths that can take new files by re-running the batch analysis.

    For ``storyfold serve`` without a store: uploads then join their stories the same way a store would place
    them, at the cost of one batch re-run per upload (fine for a sample-sized corpus, not for a large one).
    """

    def __init__(self, paths: Sequence[str | Path], settings: Any = None, *, folder: Path | None = None) -> None:
        from storyfold.api import analyze

        self._paths = [str(p) for p in paths]
        self._settings = settings
        self._lock = threading.Lock()
        self.path = folder  # uploads are saved below this folder, like the store's
        super().__init__(analyze(self._paths, settings))

    def add(self, paths: Sequence[str | Path], *, progress: Any = None) -> JSON:
        """Add files, re-analyse, and say per file what happened (the store's AddReport.files shape)."""
        from storyfold.api import analyze

        with self._lock:
            before = set(self._articles)
            new_paths = [str(p) for p in paths]
            analysis = analyze([*self._paths, *new_paths], self._settings)
            self._paths += new_paths
            self._load(analysis)
        return {"files": [_file_result(p, analysis, before) for p in new_paths]}


def _file_result(path: str, analysis: Analysis, before: set[str]) -> JSON:
    skipped = [s for s in analysis.skipped if s.source.split("#")[0] == path]
    articles = [a for a in analysis.articles if a.source.split("#")[0] == path]
    story_of = {aid: s.id for s in analysis.stories for aid in s.articles}
    if not articles:
        reason = skipped[0].reason if skipped else "no article found"
        return {"source": path, "status": "skipped", "article": None, "duplicate_of": None, "reason": reason,
                "story": None}
    article = articles[0]
    status = "unchanged" if article.id in before else ("duplicate" if article.duplicate_of else "added")
    return {"source": path, "status": status, "article": article.id, "duplicate_of": article.duplicate_of,
            "reason": article.duplicate_reason, "story": story_of.get(article.id)}


def _newest_first(row: JSON) -> tuple[int, str, str]:
    last = row["last_published"]
    return (0 if last else 1, "".join(chr(0x10FFFF - ord(c)) for c in last or ""), row["id"])


def _snippet(text: str, words: list[str]) -> str:
    """Text around the first matched word, each matched word wrapped in the protocol's control markers."""
    folded = text.casefold()
    first = min((folded.find(w) for w in words if folded.find(w) >= 0), default=0)
    start, end = max(0, first - SNIPPET_CHARS), min(len(text), first + SNIPPET_CHARS)
    piece = text[start:end].replace(MARK_START, "").replace(MARK_END, "")
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", piece)
    return ("…" if start else "") + marked.replace("\n", " ") + ("…" if end < len(text) else "")


def analysis_from_reader(reader: Any, story_ids: Sequence[str]) -> Analysis:
    """The dataclass Analysis of some stories read back from a reader (for the Markdown renderer)."""
    from storyfold.model import Article, RemovedSpan

    stories, articles = [], {}
    for story_id in story_ids:
        record = reader.get_story(story_id)
        if record is None:
            continue
        stories.append(_story_from_dict(record))
        for a in reader.story_articles(record["id"]):
            articles[a["id"]] = Article(
                id=a["id"], source=a.get("source", ""), raw="", text=a.get("text", ""), outlet=a.get("outlet"),
                url=a.get("url"), title=a.get("title"), authors=list(a.get("authors") or []),
                published=a.get("published"), language=a.get("language"),
                removed=[RemovedSpan(r["text"], r["reason"], r.get("start"), r.get("end"))
                         for r in a.get("removed") or []],
                duplicate_of=a.get("duplicate_of"), duplicate_reason=a.get("duplicate_reason"))
    return Analysis(articles=list(articles.values()), stories=stories)


def _story_from_dict(s: JSON) -> Any:
    from storyfold.model import (
        Discrepancy,
        DiscrepancyValue,
        Entity,
        Evidence,
        Exclusive,
        Fact,
        Quote,
        QuoteVariant,
        Story,
        SummarySentence,
        TimelineEvent,
    )

    def ev(items: Any) -> list[Evidence]:
        return [Evidence(e["article"], e["text"], e["start"], e["end"]) for e in items or []]

    return Story(
        id=s["id"], title=s["title"], articles=list(s["articles"]),
        summary=[SummarySentence(x["text"], x["sources"], ev(x.get("evidence"))) for x in s.get("summary", [])],
        facts=[Fact(f["id"], f["text"], f["sources"], f["independent_sources"], ev(f.get("evidence")))
               for f in s.get("facts", [])],
        discrepancies=[Discrepancy(d["about"], d["kind"], [DiscrepancyValue(v["value"], v["sources"],
                                                                            ev(v.get("evidence")))
                                                           for v in d["values"]]) for d in s.get("discrepancies", [])],
        entities=[Entity(e["name"], e["type"], e.get("variants", []), e.get("sources", []))
                  for e in s.get("entities", [])],
        quotes=[Quote(q.get("speaker"), q["text"], q["sources"],
                      [QuoteVariant(v["text"], v["sources"]) for v in q.get("variants", [])], ev(q.get("evidence")))
                for q in s.get("quotes", [])],
        timeline=[TimelineEvent(t["date"], t["text"], t["sources"], ev(t.get("evidence")),
                                t.get("precision", "day"), t.get("end"), t.get("date_of", "event"),
                                t.get("coarser", []))
                  for t in s.get("timeline", [])],
        exclusives=[Exclusive(x["article"], x["text"], x.get("outlet"), x.get("start"), x.get("end"))
                    for x in s.get("exclusives", [])],
    )
