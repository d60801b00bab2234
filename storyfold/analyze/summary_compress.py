"""Light compression of a summary sentence: drop what a reader of a summary does not need.

A summary sentence is an article's own words, so compression only deletes: a leading
connective that points back ("Meanwhile, ..."), a leading dateline ("SEOUL, South Korea — ",
"WASHINGTON (Reuters) - ", "Washington (CNN)"), a newsletter's section label ("Why it matters: ")
and short asides in parentheses ("Mitch McConnell (R-Ky.)",
"the Department of Justice (DOJ)").  What is kept is a list of evidence pieces, each the
exact words of the article at its offsets, so a citation still highlights every kept word
and nothing else.

Attributions (", officials said") are never dropped: they say whose claim the sentence is,
and a claim told as a fact that one side only asserted misleads more than a longer sentence.
An aside that holds a quotation mark, a figure or a date is kept too: it may be the news.
Asides between dashes are kept by default (``DROP_DASH_ASIDES``): they often carry the news
("the outcome — an acquittal — is all but assured").  On NeuS none of this moves ROUGE by
more than 0.001 either way; it is here for the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storyfold.analyze.core.lexicon import SUMMARY_DROPPABLE_CONNECTIVES, SUMMARY_SECTION_LABELS
from storyfold.model import Evidence

LEADING_CONNECTIVE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(w) for w in SUMMARY_DROPPABLE_CONNECTIVES) + r")\s*,\s*|(?:and|but|yet)\s+)",
    re.IGNORECASE,
)
# "SEOUL, South Korea — ", "WASHINGTON (Reuters) - ", "(CNN) — ": a place in capitals, an agency in
# parentheses or both, then a dash, at the very start.  Without the dash "Washington (CNN) President ..."
# has the shape of "Apple (AAPL) Chief Executive ...", so neither is touched (see _opens_with_a_tag).
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'-]{2,}(?:[ ,]+[A-Z][\w.'-]*){0,3}\s*(?:\([A-Za-z. ]{2,25}\)\s*)?"
    r"|(?:[A-Z][\w.'-]+(?:[ ,]+[A-Z][\w.'-]*){0,3}\s*)?\([A-Z][A-Za-z. ]{1,24}\)\s*)(?:—|–|--|-)\s+"
)
# "Washington (CNN)President Donald Trump ...": a place and an agency glued to the first word.  Without the
# space a company and its ticker never come ("Apple (AAPL) Chief ..." keeps its space), so no dash is needed.
GLUED_DATELINE = re.compile(r"^(?:[A-Z][\w.'-]+(?:[ ,]+[A-Z][\w.'-]*){0,3}\s*)?\([A-Z][A-Za-z. ]{1,24}\)(?=[A-Z])")
# "Why it matters: ...", "The big picture: ...": a newsletter's section label before the sentence.
SECTION_LABEL = re.compile(r"^(?i:" + "|".join(re.escape(w) for w in SUMMARY_SECTION_LABELS) + r")\s*:\s+(?=[A-Z\"“])")
# A parenthesis after the first capitalised words and before a capital: a dateline without its dash or
# a ticker after a company name; dropping it would glue a place onto the subject.
_TAG_AFTER_OPENING_NAME = re.compile(r"^(?:[A-Z][\w.'-]*[ ,]+){0,3}[A-Z][\w.'-]*\s*\([^()]*\)\s*[A-Z]")
# An aside in parentheses: short, and the space before it goes with it.
PARENTHESIS = re.compile(r"\s*\([^()\n]{1,60}\)")
# An aside between two dashes of the same kind, at most this many characters inside.
DASH_ASIDE = re.compile(r"\s+(—|–|--)\s+[^—–\n]{1,100}?\s+\1(?=\s)")
# An aside with these is kept: a quotation, a figure or a date may be what the sentence reports.
_KEEP_ASIDE = re.compile(r"[\"“”]|\d|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# Off: a dash aside is often the news itself.  When on, one is dropped only when the clause goes on after
# it ("the ban — the strictest — was lifted"), judged by the part of speech of the first word after the
# closing dash: before a new subject ("— it seemed") that dash does a comma's work, and dropping the aside
# would glue two clauses together.
DROP_DASH_ASIDES = False
CONTINUING_POS = frozenset({"VERB", "AUX", "ADP", "ADV", "PART", "SCONJ", "CCONJ"})
# Kept pieces are joined with a space, except before closing punctuation.
_NO_SPACE_BEFORE = tuple(",.;:!?)’”")


@dataclass(slots=True, frozen=True)
class Compressed:
    """The sentence as the summary shows it, and the article's words it keeps."""

    text: str
    pieces: tuple[Evidence, ...]


PartOfSpeech = Callable[[int], str | None]


def compress_pieces(evidence: Evidence, pos_at: PartOfSpeech | None = None) -> Compressed:
    """Drop a leading connective, a leading dateline and short asides; keep exact offsets.

    ``pos_at(offset)`` gives the part of speech of the article's token at an offset; without
    it dash asides are kept (whether the clause goes on after one needs the parse).
    """
    text = evidence.text
    dropped = _dropped_spans(text, lambda i: pos_at(evidence.start + i) if pos_at else None)
    pieces = []
    cursor = 0
    for start, end in [*dropped, (len(text), len(text))]:
        if start > cursor:
            pieces.append(_piece(evidence, cursor, start))
        cursor = max(cursor, end)
    pieces = [p for p in pieces if p.text]
    if not pieces:
        return Compressed(" ".join(text.split()), (evidence,))
    return Compressed(_joined(pieces), tuple(pieces))


def opening_end(text: str) -> int:
    """Where the sentence proper begins after a leading dateline, section label and connective (0: none).

    A dateline comes first ("WASHINGTON — Meanwhile, ..."); whether the rest stands alone is judged
    from here, since that is where the summary's wording starts.
    """
    head = 0
    for pattern in (DATELINE, GLUED_DATELINE, SECTION_LABEL, LEADING_CONNECTIVE):
        match = pattern.match(text, head)
        if match and match.end() < len(text):
            head = match.end()
    return head


def _dropped_spans(text: str, pos_at: PartOfSpeech) -> list[tuple[int, int]]:
    """Spans of ``text`` to drop, in order and not overlapping."""
    head = opening_end(text)
    spans: list[tuple[int, int]] = [(0, head)] if head else []
    for match in PARENTHESIS.finditer(text, head):
        if not _KEEP_ASIDE.search(match.group()) and not _opens_with_a_tag(text, head, match):
            spans.append(match.span())
    for match in DASH_ASIDE.finditer(text, head) if DROP_DASH_ASIDES else ():
        after = len(text) - len(text[match.end():].lstrip())
        if not _KEEP_ASIDE.search(match.group()) and pos_at(after) in CONTINUING_POS:
            spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue  # an aside inside another: the outer one is dropped
        merged.append((start, end))
    return merged


def _opens_with_a_tag(text: str, head: int, match: re.Match[str]) -> bool:
    """The parenthesis tags the sentence's opening name and a capital follows ("Washington (CNN) President")."""
    opening = _TAG_AFTER_OPENING_NAME.match(text, head)
    return opening is not None and match.end() <= opening.end()


def _piece(evidence: Evidence, start: int, end: int) -> Evidence:
    """The words of ``evidence.text[start:end]`` without surrounding whitespace, at article offsets."""
    raw = evidence.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    words = raw.strip()
    begin = evidence.start + start + lead
    return Evidence(evidence.article, words, begin, begin + len(words), evidence.attribution)


def _joined(pieces: list[Evidence]) -> str:
    text = ""
    for piece in pieces:
        words = " ".join(piece.text.split())
        if text and not words.startswith(_NO_SPACE_BEFORE):
            text += " "
        text += words
    return text[:1].upper() + text[1:]
