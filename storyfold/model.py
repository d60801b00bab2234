"""The data model every stage shares.

An :class:`Article` is created by ingest and annotated in place by the later
stages (clean, metadata, dedup, NLP).  Stories refer to articles by id, and
every analysis record ties its claim to words through ``(article, start, end)``
offsets into ``Article.text``: offsets, not copies, so a claim can always be
traced back to the exact words of its sources.

The JSON shape these records serialise to is the public contract described in
``docs/contract.md``; :func:`storyfold.report.json.analysis_to_dict` owns it.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from typing import Literal

SourceFormat = Literal["text", "html", "jsonl", "warc"]


def stable_id(*parts: str, length: int = 12) -> str:
    """Hash ``parts`` into a short id that is the same on every run and machine."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


def normalised_source(source: str) -> str:
    """The source as an id sees it: ``./a/b.txt``, ``a//b.txt`` and ``a/b.txt`` are one input."""
    path, sep, record = source.partition("#")
    if path == "-":
        return source
    return posixpath.normpath(path.replace("\\", "/")) + sep + record


@dataclass(slots=True)
class RawDocument:
    """One input record before cleaning: what ingest hands to the article factory.

    ``content`` is decoded text (HTML markup or a plain-text capture).  ``fields``
    carries metadata a container already states (JSONL keys, WARC target URI,
    key/value header lines) so that later stages never have to guess it.
    """

    source: str
    content: str
    format: SourceFormat
    is_html: bool = False
    fields: dict[str, object] = field(default_factory=dict)
    encoding: str | None = None
    # how sure the encoding decision is (1.0: byte-order mark or pure ASCII; lower: a guess or a repair)
    encoding_confidence: float | None = None


@dataclass(slots=True)
class RemovedSpan:
    """Text that cleaning removed, and why.

    ``start``/``end`` are offsets into the raw input (``Article.raw``) when the
    input is plain text; for HTML the removed text is a rendering of markup and
    has no raw offsets, so they stay ``None``.
    """

    text: str
    reason: str
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Article:
    """One news article as it moves through the pipeline."""

    id: str
    source: str
    raw: str
    format: SourceFormat = "text"
    is_html: bool = False
    text: str = ""
    outlet: str | None = None
    # where the outlet was read ("page metadata", "agency dateline", ...): a reader weighs the label by it
    outlet_source: str | None = None
    url: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date, YYYY-MM-DD
    language: str | None = None
    removed: list[RemovedSpan] = field(default_factory=list)
    duplicate_of: str | None = None
    duplicate_reason: str | None = None
    fields: dict[str, object] = field(default_factory=dict)
    # the text encoding ingest decided on, and how sure it is (see RawDocument)
    encoding: str | None = None
    encoding_confidence: float | None = None
    # what a stage noticed and set aside, for the reader: "publication date 9999-12-31 rejected: ..."
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_raw(cls, doc: RawDocument) -> Article:
        return cls(
            id=stable_id(normalised_source(doc.source), doc.content),
            source=doc.source,
            raw=doc.content,
            format=doc.format,
            is_html=doc.is_html,
            fields=dict(doc.fields),
            encoding=doc.encoding,
            encoding_confidence=doc.encoding_confidence,
        )

    @property
    def independent_id(self) -> str:
        """The article this one counts as for corroboration (itself unless it copies another)."""
        return self.duplicate_of or self.id


@dataclass(slots=True)
class Skipped:
    """An input that produced no article, with the reason a user can act on."""

    source: str
    reason: str


# --------------------------------------------------------------------------- NLP


@dataclass(slots=True)
class Sentence:
    """A sentence as offsets into ``Article.text``."""

    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """A named-entity mention as offsets into ``Article.text``."""

    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, DATE, CARDINAL, ...


@dataclass(slots=True)
class ArticleNLP:
    """Per-article NLP results: computed once, cached by article id and model."""

    article_id: str
    sentences: list[Sentence]
    mentions: list[Mention]
    model: str = ""


# ---------------------------------------------------------------------- analysis


@dataclass(slots=True)
class Evidence:
    """The exact words of one article that support a claim."""

    article: str
    text: str
    start: int
    end: int
    # How the source attributes the words ("according to the president", "officials said");
    # None when the source states them in its own voice (facts only; other evidence leaves it None).
    attribution: str | None = None


@dataclass(slots=True)
class Entity:
    name: str
    type: str
    variants: list[str]
    sources: list[str]
    mentions: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Fact:
    id: str
    text: str
    sources: list[str]
    independent_sources: int
    evidence: list[Evidence]
    # The claim the fact stands for, without who said it: outlets relaying one speaker's claim
    # corroborate that it was said (see each evidence's ``attribution``), not that it is true.
    claim: str = ""


@dataclass(slots=True)
class DiscrepancyValue:
    value: str
    sources: list[str]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Discrepancy:
    about: str
    kind: Literal["spelling", "number", "wording", "claim", "date"]
    values: list[DiscrepancyValue]


@dataclass(slots=True)
class QuoteVariant:
    text: str
    sources: list[str]


@dataclass(slots=True)
class Quote:
    speaker: str | None
    text: str
    sources: list[str]
    variants: list[QuoteVariant] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEvent:
    date: str  # YYYY-MM-DD
    text: str
    sources: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    # "day", or "week"/"month"/"year" when only that is known: `date` is then the period's
    # first day (the Monday of a week), e.g. "in February 2022" -> 2022-02-01, "month"
    precision: str = "day"
    # the last date of a coordinated range ("in January and February" -> date 2025-01-01,
    # end 2025-02-01, precision "month"); None for a single date
    end: str | None = None
    # what `date` is the day of: "event" (the act happened then) or "statement" (someone said or
    # announced it then: "troops had captured two men, the president said on Tuesday"; the act
    # told may be earlier and is undated), see storyfold/analyze/reported_dates.py
    date_of: str = "event"
    # articles that tell the same event with a coarser date (its month or year): they report the
    # event, not this day, so they are not among `sources`; their words are in `evidence`
    coarser: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SummarySentence:
    text: str
    sources: list[str]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Exclusive:
    article: str
    text: str
    outlet: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Story:
    id: str
    title: str
    articles: list[str]
    summary: list[SummarySentence] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    exclusives: list[Exclusive] = field(default_factory=list)


@dataclass(slots=True)
class StageStats:
    """What one stage did: counts for reports and the web UI."""

    name: str
    seen: int = 0
    kept: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(slots=True)
class Analysis:
    """The result of one run: what `storyfold analyze` prints."""

    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stats: list[StageStats] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)
