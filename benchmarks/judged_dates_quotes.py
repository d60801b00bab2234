"""Judged precision of timeline dates and quote speakers on real public articles (ECB+).

A judgement is kept per item storyfold produces, keyed by the document and the item's
evidence offsets (never the article's text, which stays in ../shared/datasets): for a
timeline entry, the date storyfold gave and whether a reader of the article would sign it
(and, when wrong, the right date); for a quote, the speaker storyfold gave, whether it is
right, and the right one.  Each ECB+ document is its own story, published on the date
its record carries.

    python benchmarks/judged_dates_quotes.py            # precision over the judged items
    python benchmarks/judged_dates_quotes.py --dump     # list unjudged items, to judge by hand

An item storyfold no longer produces drops out of the score; a new item is "unjudged"
until someone judges it (the report says how many), so precision is never inflated by
items nobody looked at.
"""

from __future__ import annotations

import argparse
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import dateparser

from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities import find_entities
from storyfold.analyze.quotes import find_quotes
from storyfold.analyze.relevance import mark_on_topic
from storyfold.analyze.timeline import build_timeline
from storyfold.model import Article
from storyfold.nlp import parse_articles
from storyfold.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT.parent / "shared" / "datasets" / "ecbplus" / "topics"
JUDGED = ROOT / "samples" / "judged" / "dates_quotes_ecbplus.json"
# Words of context on each side of an item in --dump output (for the judge, never stored).
DUMP_CONTEXT_CHARS = 160


@dataclass(slots=True)
class Item:
    """One output item to judge: its kind, document, evidence offsets and what storyfold said."""

    kind: str  # "timeline" or "quote"
    doc: str
    start: int
    end: int
    value: str  # the date (timeline) or the speaker (quote)

    @property
    def key(self) -> tuple[str, str, int, int]:
        return self.kind, self.doc, self.start, self.end


def load_article(doc: str) -> Article | None:
    path = DATASET / doc
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        record = json.load(handle)
    published = dateparser.parse(record.get("date_publish") or "", languages=["en"],
                                 settings={"RETURN_AS_TIMEZONE_AWARE": False}) if record.get("date_publish") else None
    text = record["text"].strip()
    return Article(id=doc, source=f"ecbplus/{doc}", raw=text, text=text, title=record.get("title") or None,
                   language="en", published=published.date().isoformat() if published else None)


def items_of(article: Article, settings: Settings) -> list[Item]:
    """storyfold's timeline and quote items for one document, as its own story."""
    parsed = parse_articles([article], settings)
    ctx = StoryContext("judged", [article], parsed, settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    found = [Item("timeline", article.id, e.evidence[0].start, e.evidence[0].end, f"{e.date} {e.precision}")
             for e in build_timeline(ctx) if e.evidence]
    found += [Item("quote", article.id, q.evidence[0].start, q.evidence[0].end, q.speaker or "")
              for q in find_quotes(ctx) if q.evidence]
    return found


def load_judgements(path: Path = JUDGED) -> dict[tuple[str, str, int, int], list[dict]]:
    """The judgements by item offsets (one sentence may carry two dated items), each holding
    what storyfold said when judged and the verdict."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found: dict[tuple[str, str, int, int], list[dict]] = {}
    for j in data["judgements"]:
        found.setdefault((j["kind"], j["doc"], j["start"], j["end"]), []).append(j)
    return found


def verdict(item: Item, judgements: dict[tuple[str, str, int, int], list[dict]]) -> bool | None:
    """Right or wrong when judged (the judged value, or the correction when storyfold now says
    it); None when nobody judged what storyfold now says."""
    for judged in judgements.get(item.key, []):
        if judged["value"] == item.value:
            return bool(judged["right"])
        if judged.get("correct") == item.value:
            return True
    return None


def score(items: list[Item], judgements: dict[tuple[str, str, int, int], list[dict]]) -> dict[str, dict[str, float]]:
    """Per kind: judged items, right ones, precision, and unjudged items."""
    out: dict[str, dict[str, float]] = {}
    for kind in ("timeline", "quote"):
        verdicts = [verdict(i, judgements) for i in items if i.kind == kind]
        judged = [v for v in verdicts if v is not None]
        right = sum(judged)
        out[kind] = {"judged": len(judged), "right": right, "precision": right / len(judged) if judged else 0.0,
                     "unjudged": len(verdicts) - len(judged)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", action="store_true", help="print unjudged items with context")
    args = parser.parse_args()
    if not DATASET.is_dir():
        raise SystemExit(f"{DATASET} is not present: the ECB+ texts are read from ../shared/datasets")
    judgements = load_judgements()
    docs = sorted({doc for _, doc, _, _ in judgements} | set(json.loads(JUDGED.read_text())["documents"]))
    settings = Settings(progress=False)
    items: list[Item] = []
    for doc in docs:
        article = load_article(doc)
        if article is None:
            continue
        found = items_of(article, settings)
        items += found
        if args.dump:
            for item in found:
                if verdict(item, judgements) is None:
                    left = article.text[max(item.start - DUMP_CONTEXT_CHARS, 0) : item.start]
                    print(json.dumps({"kind": item.kind, "doc": doc, "start": item.start, "end": item.end,
                                      "value": item.value, "published": article.published}))
                    print("   ...", left.replace("\n", " "), "[[", article.text[item.start : item.end], "]]",
                          article.text[item.end : item.end + DUMP_CONTEXT_CHARS].replace("\n", " "))
    for kind, figures in score(items, judgements).items():
        print(f"{kind:9s} judged={figures['judged']:.0f} right={figures['right']:.0f} "
              f"precision={figures['precision']:.3f} unjudged={figures['unjudged']:.0f}")


if __name__ == "__main__":
    main()
