"""Quote recall on real articles: how many attributed direct quotes storyfold's quote extraction returns.

Reference (no gold quotes exist for these sets, so it is built by rule, independently of
storyfold's own quote code): every span inside double quotation marks (straight, curly,
or the ``"…''`` pairs of ECB+'s tokenised texts) of at least 5 words, with a speech verb
or "according to" within 100 characters before it or after it (a quotation with no one
saying it nearby is a title or a scare quote, not a statement).

System: each gold story (an ECB+ topic folder, or a NeuS line of three leads) is analysed
as one story by :func:`storyfold.analyze.analyze_story`; a reference span is *found* when
the evidence of one returned quote covers at least half of its characters, *with a
speaker* when that quote names one, and *speaker in context* when a word of that speaker
(3+ letters) appears within 200 characters of the span: a proxy for the right speaker,
not a judgement (a wrong speaker named nearby passes, a right one named further away
fails).  Misses are put in classes by the shape of their context, first match wins.

    python benchmarks/quote_recall.py [--limit-folders N] [--neus-lines N] [--show N]

Limits: the reference misses quotes attributed only far away (a long multi-paragraph
quote), counts a paraphrase in quotation marks near "said" as a quote, and cannot tell
a right speaker from a wrong one; the figures are recall against a rule, not against
an annotator.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clustering import ecbplus_folder

from storyfold.analyze import StoryContext, analyze_story
from storyfold.model import Article, stable_id
from storyfold.nlp import parse_articles
from storyfold.settings import Settings

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
ECBPLUS = DATASETS / "ecbplus" / "topics"
NEUS = DATASETS / "neus-allsides-val" / "val.source"
NEUS_PART = re.compile(r"\s*TITLE=>(.*?)ARTICLE=>(.*)", re.DOTALL)
SETTINGS = Settings(progress=False, min_article_chars=0)
MIN_QUOTE_WORDS = 5
ATTRIBUTION_WINDOW = 100  # characters either side of the quote searched for a speech verb
SPEAKER_WINDOW = 200
MIN_COVERED = 0.5  # share of the reference span a returned quote must cover
# Speech verbs of news writing (the benchmark's own list: storyfold's lexicon is what is measured).
SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|tweeted|wrote|writes|added|adds|asked|stated|explained|announced|declared|"
    r"noted|warned|insisted|claimed|argued|replied|recalled|continued|stressed|urged|acknowledged|admitted|"
    r"according to|posted|testified|shouted|vowed|conceded|remarked|quipped|joked|commented)\b",
    re.IGNORECASE,
)
PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they|we|i)\s+(?:\w+\s+)?(?:said|says|told|added|wrote)\b", re.IGNORECASE)
OPENERS = frozenset('"“')
CLOSERS = frozenset('"”')


@dataclass(slots=True)
class Span:
    article: Article
    start: int  # the quoted words, marks excluded
    end: int
    closer: str

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]


def reference_spans(article: Article) -> list[Span]:
    """Quoted spans of 5+ words with a speech verb nearby, paired left to right within a paragraph."""
    text = article.text
    spans: list[Span] = []
    opened: int | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\n":
            opened = None  # a quote left open at a paragraph end reopens in the next one
        elif opened is None and char in OPENERS:
            opened = i + 1
        elif opened is not None and (char in CLOSERS or text.startswith("''", i)):
            closer = "''" if text.startswith("''", i) else char
            span = Span(article, opened, i, closer)
            if len(span.text.split()) >= MIN_QUOTE_WORDS and _attributed(text, opened - 1, i + len(closer)):
                spans.append(span)
            opened = None
            i += len(closer)
            continue
        i += 1
    return spans


def _attributed(text: str, open_mark: int, after_close: int) -> bool:
    before = text[max(0, open_mark - ATTRIBUTION_WINDOW) : open_mark]
    after = text[after_close : after_close + ATTRIBUTION_WINDOW]
    return bool(SPEECH.search(before) or SPEECH.search(after))


def miss_class(span: Span) -> str:
    """The shape of a missed quote's context (first match wins)."""
    text = span.article.text
    before = text[max(0, span.start - 1 - ATTRIBUTION_WINDOW) : span.start - 1]
    after = text[span.end + len(span.closer) : span.end + len(span.closer) + ATTRIBUTION_WINDOW]
    if span.closer == "''":
        return "ECB+ tokenised closing mark ''"
    if before.rstrip().endswith(":"):
        return "introduced by a colon"
    if "according to" in (before + after).casefold():
        return "according to"
    if span.text[:1].islower():
        return "partial quote inside a sentence"
    if PRONOUN_SPEAKER.search(after[:40]) or PRONOUN_SPEAKER.search(before[-40:]):
        return "pronoun speaker (he/she said)"
    if not SPEECH.search(after[:40]) and not SPEECH.search(before[-40:]):
        return "attribution more than 40 characters away"
    return "other"


def _covered(span: Span, evidence: list[tuple[int, int]]) -> bool:
    for start, end in evidence:
        overlap = min(end, span.end) - max(start, span.start)
        if overlap >= MIN_COVERED * (span.end - span.start):
            return True
    return False


def score_story(articles: list[Article], tally: Counter, misses: list[tuple[str, Span]]) -> None:
    """Analyse one story and count its reference quotes found, with a speaker, and the misses."""
    parsed = parse_articles(articles, SETTINGS)
    story = analyze_story(StoryContext("q", articles, parsed, SETTINGS), "")
    returned: dict[str, list[tuple[int, int, str | None]]] = {}
    for quote in story.quotes:
        for e in quote.evidence:
            returned.setdefault(e.article, []).append((e.start, e.end, quote.speaker))
    for article in articles:
        for span in reference_spans(article):
            tally["reference"] += 1
            tally["ptb reference"] += span.closer == "''"
            hits = [(s, e, who) for s, e, who in returned.get(article.id, []) if _covered(span, [(s, e)])]
            if not hits:
                tally[f"miss: {miss_class(span)}"] += 1
                misses.append((miss_class(span), span))
                continue
            tally["found"] += 1
            tally["ptb found"] += span.closer == "''"
            speakers = [who for _, _, who in hits if who]
            tally["with a speaker"] += bool(speakers)
            context = article.text[max(0, span.start - SPEAKER_WINDOW) : span.end + SPEAKER_WINDOW]
            tally["speaker in context"] += any(w in context for who in speakers for w in re.findall(r"\w{3,}", who))


def ecbplus_stories(limit: int | None) -> list[list[Article]]:
    folders = sorted(p for p in ECBPLUS.iterdir() if p.is_dir())[:limit]
    return [ecbplus_folder(folder, outlet_from_file=True) for folder in folders]


def neus_stories(limit: int | None) -> list[list[Article]]:
    stories = []
    for n, line in enumerate(NEUS.read_text("utf-8").splitlines()[:limit]):
        articles = []
        for k, part in enumerate(line.split("[SEP]")):
            if match := NEUS_PART.match(part):
                source, text = f"neus/{n}-{k}", match.group(2).strip()
                articles.append(Article(id=stable_id(source, text), source=source, raw=text, text=text,
                                        title=match.group(1).strip(), language="en", outlet=f"outlet{k}"))
        stories.append(articles)
    return stories


def report(name: str, tally: Counter) -> None:
    total = tally["reference"] or 1
    print(f"\n{name}: {tally['reference']} reference quotes")
    print("| measure | quotes | share |")
    print("|---|---|---|")
    for key in ("found", "with a speaker", "speaker in context"):
        print(f"| {key} | {tally[key]} | {tally[key] / total:.1%} |")
    for key, count in sorted(((k, v) for k, v in tally.items() if k.startswith("miss")), key=lambda kv: -kv[1]):
        print(f"| {key} | {count} | {count / total:.1%} |")
    if tally["ptb reference"]:
        plain, found = total - tally["ptb reference"], tally["found"] - tally["ptb found"]
        print(f"| found, among quotes with ordinary closing marks | {found} / {plain} | {found / max(plain, 1):.1%} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-folders", type=int, default=None, help="only the first N ECB+ folders")
    parser.add_argument("--neus-lines", type=int, default=None, help="only the first N NeuS lines")
    parser.add_argument("--show", type=int, default=0, help="print N missed quotes with their context")
    args = parser.parse_args(argv)
    if not ECBPLUS.exists() or not NEUS.exists():
        print(f"datasets not found under {DATASETS}", file=sys.stderr)
        return 1
    for name, stories in (("ECB+", ecbplus_stories(args.limit_folders)), ("NeuS leads", neus_stories(args.neus_lines))):
        tally: Counter = Counter()
        misses: list[tuple[str, Span]] = []
        for articles in stories:
            score_story(articles, tally, misses)
        report(name, tally)
        for kind, span in misses[: args.show]:
            text = span.article.text
            print(f"- [{kind}] …{text[max(0, span.start - 80) : span.end + 80]!r}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
