"""Where an article quotes someone: the quoted passages, and which of them are one quote.

Quote marks are ambiguous in scraped text (a straight ``'`` is also an apostrophe, a
possessive plural ends in ``s'``), and news style breaks one quote into pieces: an
attribution in the middle (``"A," she said. "B."``), or a quote running over several
paragraphs (a paragraph that opens a quote without closing it, continued by the next
paragraph opening with a quote mark).  This module reads the marks by their position
and joins the pieces, so attribution and merging see whole quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storyfold.analyze.core.quote_marks import (
    CLOSING_DOUBLE,
    CLOSING_SINGLE,
    OPENING_DOUBLE,
    OPENING_SINGLE,
    OPENS_AFTER,
    STRAIGHT_DOUBLE,
    STRAIGHT_SINGLE,
    straight_quote_opens,
)

# The quote-mark table lives in the core; these names stay importable from here for the
# modules that still read them through this one (summary.py).
__all__ = ["CLOSING_DOUBLE", "OPENING_DOUBLE", "STRAIGHT_DOUBLE", "Segment", "chain_text", "chain_word_count",
           "quote_chains", "quote_segments", "quote_spans", "straight_quote_opens"]

# Punctuation that ends a quote before its closing mark: with a space between them the text
# was split into tokens ("... the state, " Halcro said).
DETOKENIZED_CLOSE_AFTER = ",.!?"
# "“A,” she said. “B.”": the attribution between two halves of one quote is short.
MAX_SPLIT_ATTRIBUTION_WORDS = 12

_WORD_ANY = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…]$")


@dataclass(slots=True)
class Segment:
    """Quoted words (marks excluded) inside one paragraph of an article."""

    start: int
    end: int
    open_end: bool = False  # the paragraph ended before the quote closed
    continues: bool = False  # the quote opened in an earlier paragraph


# ------------------------------------------------------------------ quote spans


def quote_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """``(start, end, open_end, continues)`` of every quoted passage, marks excluded.

    Double quotes are the top level; single quotes count only outside them (inside,
    they are a quote within the quote).  A paragraph that leaves a quote open and a
    next paragraph that opens with a quote mark make one multi-paragraph quote.
    """
    return [(s.start, s.end, s.open_end, s.continues) for s in quote_segments(text)]


def quote_segments(text: str) -> list[Segment]:
    """:func:`quote_spans` as :class:`Segment` records, for the modules that build on them."""
    spans: list[Segment] = []
    previous_open = False
    for p_start, p_end in _paragraphs(text):
        found = _double_segments(text, p_start, p_end)
        found += _single_segments(text, p_start, p_end, found)
        found.sort(key=lambda s: s.start)
        if found and previous_open and _opens_with_mark(text, p_start, found[0].start):
            found[0].continues = True
        spans.extend(found)
        previous_open = bool(found) and found[-1].open_end
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _opens_with_mark(text: str, p_start: int, quote_start: int) -> bool:
    return not text[p_start : quote_start - 1].strip()


def _mark_kind(text: str, i: int, p_start: int, p_end: int, single: bool) -> str | None:
    """``"open"``, ``"close"`` or ``None`` (an apostrophe, not a quote mark)."""
    char = text[i]
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    if char in (OPENING_SINGLE if single else OPENING_DOUBLE):
        return "open"
    if single and before.isalnum() and after.isalnum():
        return None  # don't, Ukraine’s: an apostrophe
    if char in (CLOSING_SINGLE if single else CLOSING_DOUBLE):
        # after a space (detokenized text: "neighborhood , ” a barber said") a closing mark still
        # closes an open quote; it never opens one
        return "close" if not before.isspace() else "close?"
    if before in OPENS_AFTER and not after.isspace():
        return "open"
    if single and before in "sS" and after.isspace():
        return "close?"  # the officials' view: a possessive, unless a quote is open
    if not single and char == STRAIGHT_DOUBLE and before.isspace() and after.isspace():
        return "close?"  # ', " she said' in detokenized text: closes an open quote, never opens one
    return "close" if not before.isspace() else None


def _double_segments(text: str, p_start: int, p_end: int) -> list[Segment]:
    marks = OPENING_DOUBLE + CLOSING_DOUBLE + STRAIGHT_DOUBLE
    return _pair(text, p_start, p_end, [i for i in range(p_start, p_end) if text[i] in marks], single=False)


def _single_segments(text: str, p_start: int, p_end: int, doubles: list[Segment]) -> list[Segment]:
    marks = OPENING_SINGLE + CLOSING_SINGLE + STRAIGHT_SINGLE
    inside = [(s.start - 1, s.end + 1) for s in doubles]
    positions = [i for i in range(p_start, p_end) if text[i] in marks and not any(a <= i <= b for a, b in inside)]
    found = _pair(text, p_start, p_end, positions, single=True)
    return [s for s in found if not s.open_end]  # an unclosed single mark is an apostrophe


def _pair(text: str, p_start: int, p_end: int, positions: list[int], single: bool) -> list[Segment]:
    """Walk the marks of one paragraph, pairing each opening mark with the next closing one."""
    segments: list[Segment] = []
    opened: int | None = None
    for i in positions:
        kind = _mark_kind(text, i, p_start, p_end, single)
        if kind is None:
            continue
        if opened is None:
            if kind == "open":
                opened = i
        elif kind in ("close", "close?") or _detokenized_close(text, i, p_start, single):
            segments.append(Segment(opened + 1, i))
            opened = None
        elif not single:  # a second opening mark: the first quote was left open by a typo
            segments.append(Segment(opened + 1, i))
            opened = i
    if opened is not None:
        segments.append(Segment(opened + 1, p_end, open_end=True))
    return [trimmed for s in segments if (trimmed := _trim(text, s)) is not None]


def _detokenized_close(text: str, i: int, p_start: int, single: bool) -> bool:
    """``..., "Perlo said``: in text whose tokens were split by spaces, an open quote closes at a
    straight mark after a space that follows the quote's final comma or stop."""
    if single or text[i] != STRAIGHT_DOUBLE or i - 2 < p_start:
        return False
    return text[i - 1] == " " and text[i - 2] in DETOKENIZED_CLOSE_AFTER


def _trim(text: str, segment: Segment) -> Segment | None:
    start, end = segment.start, segment.end
    while start < end and text[start] in " \t,;":
        start += 1
    while end > start and text[end - 1] in " \t,;:":
        end -= 1
    if not _WORD_ANY.search(text[start:end]):
        return None
    return Segment(start, end, segment.open_end, segment.continues)


# ---------------------------------------------------------------------- chains


def quote_chains(text: str, segments: list[Segment],
                 is_attribution: Callable[[int, int], bool] | None = None) -> list[list[Segment]]:
    """Group segments that are one quote: continued paragraphs and attribution-split halves.

    ``is_attribution(start, end)`` says whether the words between two halves report speech
    (a speech verb): "“A.” The family disagreed. “B.”" is two quotes, not one split by an
    attribution.  A quote is split by one attribution at most: in "“A,” Salazar said. “B,”
    he said. “C,” said Locke." the third piece has an attribution of its own, so it starts
    a new quote (which may be someone else's)."""
    chains: list[list[Segment]] = []
    splits = 0  # attribution splits in the current chain
    for segment in segments:
        split = bool(chains) and not segment.continues and splits == 0 and \
            _split_by_attribution(text, chains[-1][-1], segment) and \
            (is_attribution is None or is_attribution(chains[-1][-1].end, segment.start))
        if chains and (segment.continues or split):
            chains[-1].append(segment)
            splits += int(split)
        else:
            chains.append([segment])
            splits = 0
    return chains


def _split_by_attribution(text: str, first: Segment, second: Segment) -> bool:
    """``“A,” she said. “B.”``: the first half ends in a comma or full stop, the gap is
    a short attribution on one line ending a clause, and the second half opens after it."""
    gap = text[first.end : second.start]
    if "\n" in gap:
        return False
    words = _WORD_ANY.findall(gap)
    ends_clause = re.search(r"[,.:]\s*\W?$", gap.rstrip()) is not None
    first_ends = re.match(r"\s*[,.!?]|\W\s*[,.]", gap) is not None or text[first.end - 1] in ",.!?"
    return 0 < len(words) <= MAX_SPLIT_ATTRIBUTION_WORDS and ends_clause and first_ends


def chain_text(text: str, chain: list[Segment]) -> str:
    """The quote's words; halves joined as one statement (a light compression of the article)."""
    parts: list[str] = []
    for i, segment in enumerate(chain):
        part = text[segment.start : segment.end].strip()
        if i + 1 < len(chain):
            gap = text[segment.end : chain[i + 1].start].rstrip(" \n\t\"“‘'«")
            part = part.rstrip(",")
            if (gap.endswith(".") or chain[i + 1].continues) and not _TERMINAL.search(part):
                part += "."
        parts.append(part)
    return " ".join(parts)


def chain_word_count(text: str, chain: list[Segment]) -> int:
    """How many words the quote holds, over all its pieces: short ones are scare quotes or titles."""
    return sum(len(_WORD_ANY.findall(text[s.start : s.end])) for s in chain)
