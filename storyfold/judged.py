"""Judged precision: storyfold's output on real public articles, checked by hand.

The gold scores (``samples/gold.json``) are against articles written for the project; this
module scores what storyfold says about real news (ECB+ texts in ``../shared/datasets``), as
an editor judged it.  The texts are never copied into the repository: a judgement names the
document and the evidence offsets, plus a hash of the evidence text, so a changed text or a
moved span is "unjudged", never silently scored.

Judgement files (``samples/judged/*.json``) hold ``stories`` (an id and its documents: one
topic folder's articles on one event form one story; optionally ``kinds``, the kinds judged
on that story, when not all of them were) and ``judgements``, each one of:

* ``{"kind": "fact_pair", "story", "evidence": [E, E], "right"}``: two evidence spans storyfold
  put in one fact state the same claim (``right``) or not;
* ``{"kind": "discrepancy", "story", "discrepancy_kind", "evidence": [E, ...], "right"}``:
  the listed disagreement is real;
* ``{"kind": "timeline" | "quote", "story", "evidence": [E], "value", "right", "correct"?}``:
  a dated entry's ``"date precision"``, a quote's speaker; ``correct`` is the right value when
  the judge knew it, so storyfold saying it later counts as right without a second judgement;
* ``{"kind": "entity", "story", "evidence": [E], "value", "right"}``: an entity, keyed by its
  first mention, with ``value`` its ``"TYPE name | variant; variant"`` (:func:`entity_value`):
  ``right`` (clean) when it is a real named entity of the right coarse type whose variants all
  name one thing; a fragment, a common noun, a wrong type or two things merged is junk.  A new
  variant or another type makes the entity unjudged again.  Entities are judged only on stories
  that list ``"entity"`` in their ``kinds`` (a story without ``kinds`` is judged for the other four).

An article's publication date is read from its ``date_publish`` stamp (:func:`stamp_date`), so
relative dates ("on Tuesday", "last week") resolve as they would in a dated capture.

``E`` is ``{"doc", "start", "end", "sha"}`` with ``sha`` the first 12 hex digits of the SHA-1
of ``text[start:end]``.  Items storyfold produces that nobody judged are counted as unjudged,
so precision is never inflated by items nobody looked at.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from storyfold.model import Article, Entity, Evidence, Story
from storyfold.settings import Settings

JUDGED_KINDS = ("fact_pair", "discrepancy", "timeline", "quote", "entity")
# The kinds a story without ``kinds`` was judged for: the files written before entities were judged
# cover all four, and none of their entities (hundreds) was looked at.
DEFAULT_STORY_KINDS = ("fact_pair", "discrepancy", "timeline", "quote")
# Entities: the target is under 5% junk (0.95 clean), far above what storyfold reaches; the
# floor is pinned a little under the judged level (0.874 over samples/judged/entities_ecbplus*.json,
# 2026-12-04: 0.876 on the sample the first rules were tuned on, 0.871 on the held-out one), so a new
# class of junk fails the slow test while the target stays open.
ENTITY_FLOOR = 0.85
# Floors the judged precision must stay at or above (tests/test_quality.py and
# tests/test_judged.py pin them): the targets (95% of evidence pairs and dates, 90% of
# speakers and discrepancies) or, where storyfold is well above them, the level reached less a
# small margin (a couple of wrong items on samples of 30-100).  Discrepancies sit at their target:
# 144 items judged on 62 stories before the 2026-12-03 fixes (18 real); after them storyfold lists
# far fewer on the same stories, and the floor is the 90%.
FLOORS = {"fact_pair": 0.95, "discrepancy": 0.9, "timeline": 0.95, "quote": 0.93, "entity": ENTITY_FLOOR}
SHA_DIGITS = 12

EvidenceKey = tuple[str, int, int, str]


@dataclass(slots=True)
class JudgedScore:
    """Judged items, the right ones, and items produced that nobody judged."""

    kind: str
    judged: int
    right: int
    unjudged: int

    @property
    def precision(self) -> float:
        return self.right / self.judged if self.judged else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"judged": self.judged, "right": self.right, "unjudged": self.unjudged,
                "precision": round(self.precision, 4), "floor": FLOORS.get(self.kind)}


def text_sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:SHA_DIGITS]


def evidence_key(evidence: Evidence, text: str) -> EvidenceKey:
    return evidence.article, evidence.start, evidence.end, text_sha(text[evidence.start : evidence.end])


def load_article(dataset: Path, doc: str) -> Article | None:
    """One ECB+ record as an article (its id is the document path); None when absent."""
    path = dataset / doc
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        record = json.load(handle)
    text = record["text"].strip()
    return Article(id=doc, source=f"ecbplus/{doc}", raw=text, text=text, title=record.get("title") or None,
                   outlet=record.get("source_domain") or doc, language="en",
                   published=stamp_date(record.get("date_publish") or "", record.get("url") or ""))


# ECB+ stamps are tokenised text ("Posted 12 / 19 / 2005 3 : 36 PM He was 77."): the separators of a
# date or a time stand between spaces, and the scraper often ran on into the article's first words.
_SPACED_SEPARATOR = re.compile(r"(?<=\d)\s*([/:.-])\s*(?=\d)")
# The publication date stands at the head of a stamp ("Updated 4/9/2007", "7:00pm UK, Wednesday 05
# May 2010"); a full date further on is the article's prose ("... hired on April 21, 2004").
STAMP_HEAD_CHARS = 60
# A stamp's words for its first edition and for a later one: "Posted 11/27/2005 7:21 AM Updated 11/27/2005
# 3:41 PM"; a stamp with only "Last updated at 11:24, Tuesday, 18 June 2013" does not say when the article
# first appeared (days earlier, maybe), and its "on Saturday" counts from then: such a stamp is not read.
_POSTED = re.compile(r"\b(?:published|posted|release)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|edited|modified)\b", re.IGNORECASE)
# Numeric dates: "12/19/2005", "11/28/05", "2012.08.08", "08.07.2012".
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.])")
_YEAR_FIRST_DATE = re.compile(r"(?<![\d/.])(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?![\d/.])")
# Which way "05/03/2013" reads: a US time zone in the stamp puts the month first, a British one the day.
_US_ZONE = re.compile(r"\b(?:E|C|M|P)[SD]?T\b")
_UK_ZONE = re.compile(r"\b(?:BST|UK)\b")
# A date in a page's address: "/2010/09/10/", "/2007-04-09-", "20081216".
_URL_DATE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?:[/-]([01]\d)(?![\d])|([01]\d)[0-3]\d(?!\d))")
# A full day in a page's address: "/2010/09/10/", "/2007-04-09-", "/20070403/".
_URL_DAY = re.compile(r"(?<!\d)(19\d\d|20\d\d)[/-]([01]\d)[/-]([0-3]\d)(?!\d)|(?<!\d)(20\d\d)([01]\d)([0-3]\d)(?!\d)")
# An address this close to the stamp's day but not on it disagrees with the stamp; further off it
# dates another thing (the copy's archiving).
ADDRESS_DISAGREEMENT_DAYS = 3
# A two-digit year above this is of the 1900s ("12/16/98"), else of the 2000s ("12/16/08").
TWO_DIGIT_CENTURY_PIVOT = 69


def stamp_date(stamp: str, url: str = "") -> str | None:
    """The publication day an ECB+ ``date_publish`` stamp states, as ``YYYY-MM-DD``; None when it
    states no full date near its head, or one that cannot be a publication date (later than
    today, before :data:`~storyfold.metadata.MIN_PUBLISHED_YEAR`).  Dates written out
    ("Friday, November 11, 2011", "Sun, 15 Sep 2013", "2013-09-26") are read by the metadata
    stage's :func:`~storyfold.metadata.stated_date`; numeric ones in a day/month order only the
    stamp or the page's address settles ("05/03/2013" is left undated otherwise).  A date given only
    as the last update's ("Last updated 15/09/2013") is not taken for the publication."""
    from storyfold.metadata import stated_date

    text = _SPACED_SEPARATOR.sub(r"\1", " ".join(stamp.split()))
    head = _head(text)
    if (posted := _POSTED.search(text, 0, STAMP_HEAD_CHARS)) is not None:
        head = _head(text[posted.end():])  # "Posted 11/27/2005 ... Updated ...": the posting's day
    elif (updated := _UPDATED.search(head)) is not None:
        head = head[: updated.start()]  # a date after "Updated" is the last edit's, not the publication's
    found = stated_date(head) or _numeric_date(head, url)
    if found is None or not _plausible(found) or _address_disagrees(found, url):
        return None
    return found


def _address_disagrees(day: str, url: str) -> bool:
    """The page's address gives another day a few days off ("POSTED: 04/02/07" at ".../20070403/..."):
    a print date or a time zone, and which day the text's "Tuesday" counts from is unknown.  An
    address far off dates something else (an archive copy) and says nothing."""
    found = _URL_DAY.search(url.replace(" ", ""))
    if found is None:
        return False
    parts = [int(p) for p in found.groups() if p]
    address = _iso(*parts)
    if address is None or address == day:
        return False
    return abs((date.fromisoformat(address) - date.fromisoformat(day)).days) <= ADDRESS_DISAGREEMENT_DAYS


def _head(text: str) -> str:
    """The first :data:`STAMP_HEAD_CHARS` characters of ``text``, cut at a space."""
    return text[:STAMP_HEAD_CHARS].rsplit(" ", 1)[0] if len(text) > STAMP_HEAD_CHARS else text


def _numeric_date(text: str, url: str) -> str | None:
    """The first numeric date of ``text``, its day/month order read from the text or the address."""
    if (ymd := _YEAR_FIRST_DATE.search(text)) is not None:
        return _iso(int(ymd[1]), int(ymd[2]), int(ymd[3]))
    match = _NUMERIC_DATE.search(text)
    if match is None:
        return None
    first, second, year = int(match[1]), int(match[3]), _full_year(match[4])
    readings = {_iso(year, first, second), _iso(year, second, first)} - {None}
    if len(readings) == 1:
        return readings.pop()  # one part above 12, or both the same
    if _US_ZONE.search(text):
        return _iso(year, first, second)
    if _UK_ZONE.search(text):
        return _iso(year, second, first)
    address = _URL_DATE.search(url.replace(" ", ""))
    if address is not None:
        month = f"{address[1]}-{address[2] or address[3]}"
        agreeing = [r for r in readings if r is not None and r[:7] == month]
        return agreeing[0] if len(agreeing) == 1 else None
    return None


def _full_year(digits: str) -> int:
    if len(digits) == 4:
        return int(digits)
    return (1900 if int(digits) > TWO_DIGIT_CENTURY_PIVOT else 2000) + int(digits)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _plausible(day: str) -> bool:
    """Not later than today (a time zone's two days aside) nor before the earliest plausible year."""
    from storyfold.metadata import MAX_FUTURE_DAYS, MIN_PUBLISHED_YEAR

    latest = date.today() + timedelta(days=MAX_FUTURE_DAYS)
    return int(day[:4]) >= MIN_PUBLISHED_YEAR and day <= latest.isoformat()


def analyse_story(story_id: str, articles: list[Article], settings: Settings) -> Story:
    """Run storyfold's analysis on articles known to tell one story."""
    from storyfold.analyze import StoryContext, analyze_story
    from storyfold.nlp import parse_articles

    parsed = parse_articles(articles, settings)
    return analyze_story(StoryContext(story_id, articles, parsed, settings), story_id)


def produced_items(story: Story, texts: dict[str, str]) -> dict[str, list[tuple]]:
    """Per kind, the keys of what storyfold produced that a judge looks at."""
    def key(e: Evidence) -> EvidenceKey:
        return evidence_key(e, texts[e.article])

    items: dict[str, list[tuple]] = {k: [] for k in JUDGED_KINDS}
    for fact in story.facts:
        for a, b in combinations(fact.evidence, 2):
            items["fact_pair"].append(tuple(sorted((key(a), key(b)))))
    for d in story.discrepancies:
        spans = [key(e) for v in d.values for e in v.evidence]
        items["discrepancy"].append((d.kind, *sorted(spans)))
    items["timeline"] = [(key(e.evidence[0]), f"{e.date} {e.precision}") for e in story.timeline if e.evidence]
    # an unattributed quote claims no speaker: nothing for speaker precision to judge
    items["quote"] = [(key(q.evidence[0]), q.speaker) for q in story.quotes if q.evidence and q.speaker]
    items["entity"] = [(key(e.mentions[0]), entity_value(e)) for e in story.entities if e.mentions]
    return items


def entity_value(entity: Entity) -> str:
    """What a judge of an entity reads: its type, name and other variants, ``"GPE Kyiv | Kiev"``."""
    others = sorted(v for v in dict.fromkeys(entity.variants) if v != entity.name)
    return f"{entity.type} {entity.name}" + (f" | {'; '.join(others)}" if others else "")


def judgement_key(j: dict[str, Any]) -> tuple:
    """The key of a judgement, in the shape :func:`produced_items` gives its item."""
    spans = [(e["doc"], e["start"], e["end"], e["sha"]) for e in j["evidence"]]
    if j["kind"] == "fact_pair":
        return tuple(sorted(spans))
    if j["kind"] == "discrepancy":
        return (j["discrepancy_kind"], *sorted(spans))
    return (spans[0], j.get("value", ""))


def load_judgements(paths: Iterable[Path]) -> tuple[list[dict[str, Any]], dict[tuple, bool]]:
    """Every story and every verdict of the judgement files."""
    stories: list[dict[str, Any]] = []
    verdicts: dict[tuple, bool] = {}
    corrections: dict[tuple, bool] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        stories.extend(data["stories"])
        for j in data["judgements"]:
            verdicts[(j["kind"], judgement_key(j))] = bool(j["right"])
            if j.get("correct") and j["kind"] in ("timeline", "quote"):
                corrections[(j["kind"], judgement_key({**j, "value": j["correct"]}))] = True
    return stories, {**corrections, **verdicts}  # a value judged in its own right wins over a correction


DEFAULT_DATASET = Path("..") / "shared" / "datasets" / "ecbplus" / "topics"


@dataclass(slots=True)
class Unjudged:
    """An item storyfold produced that no judgement covers: what to show a judge."""

    kind: str
    story: str
    key: tuple
    text: str  # the article's text around the first evidence span, for the judge only (never stored)


def judged_precision(dataset: Path, judged_dir: Path, settings: Settings | None = None) -> dict[str, JudgedScore]:
    """Judged precision per kind over every story of ``judged_dir``; {} when the dataset is absent."""
    return judge(dataset, judged_dir, settings)[0]


def judge(dataset: Path, judged_dir: Path, settings: Settings | None = None
          ) -> tuple[dict[str, JudgedScore], list[Unjudged]]:
    """Judged precision per kind, and the items nobody judged yet (to judge by hand)."""
    if not dataset.is_dir():
        return {}, []
    settings = settings or Settings(progress=False)
    stories, verdicts = load_judgements(sorted(judged_dir.glob("*.json")))
    counts = {k: [0, 0, 0] for k in JUDGED_KINDS}  # judged, right, unjudged
    unjudged: list[Unjudged] = []
    for entry in stories:
        articles = [a for doc in entry["docs"] if (a := load_article(dataset, doc)) is not None]
        if not articles:
            continue
        texts = {a.id: a.text for a in articles}
        produced = produced_items(analyse_story(entry["id"], articles, settings), texts)
        for kind, keys in produced.items():
            if kind not in entry.get("kinds", DEFAULT_STORY_KINDS):
                continue  # nobody judged this kind on this story: neither scored nor "unjudged"
            for item in dict.fromkeys(keys):
                verdict = verdicts.get((kind, item))
                if verdict is None:
                    counts[kind][2] += 1
                    unjudged.append(Unjudged(kind, entry["id"], item, _context(texts, item)))
                else:
                    counts[kind][0] += 1
                    counts[kind][1] += int(verdict)
    return {k: JudgedScore(k, *v) for k, v in counts.items() if v[0]}, unjudged  # nobody judged a kind: no row


# Characters of article text shown each side of an unjudged item's span, to judge it.
CONTEXT_CHARS = 200


def _context(texts: dict[str, str], item: tuple) -> str:
    """Each evidence span of ``item`` in its article's words, marked ``[[...]]``."""
    shown = []
    for doc, start, end, _ in (part for part in item if isinstance(part, tuple)):
        text = texts[doc]
        shown.append(f"{doc}: {text[max(start - CONTEXT_CHARS, 0) : start]}[[{text[start:end]}]]"
                     f"{text[end : end + CONTEXT_CHARS]}")
    return "\n".join(shown)


def format_judged_table(scores: dict[str, JudgedScore]) -> str:
    """A Markdown table of judged precision, with the pinned floors."""
    lines = ["| judged component | precision | right / judged | unjudged | floor |", "|---|---:|---:|---:|---:|"]
    for score in scores.values():
        floor = FLOORS.get(score.kind)
        lines.append(f"| {score.kind} | {score.precision:.3f} | {score.right} / {score.judged} | {score.unjudged} "
                     f"| {'' if floor is None else f'{floor:.2f}'} |")
    return "\n".join(lines)
